import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L016',
  alias: 'os-registration',
  title: 'No OS subscription or registration identity is left in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['subscription'],
  messages: {
    registered: '{resource} registers this machine with its vendor; every clone would share one consumer and entitlement',
  },
  rationale: 'RHSM, SUSE SCC, Ubuntu Pro, Landscape and RHN identities are per machine; clones share one consumer, entitlement or token.',
  remediation:
    'Unregister before capture: `subscription-manager unregister && subscription-manager clean`; `SUSEConnect -d` or `registercloudguest --clean`; ' +
    '`pro detach`; remove the Landscape broker state.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep rh-subscription-manager',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_rh_subscription_manager.ml',
    },
    {
      title: 'guestfs-tools: virt-sysprep rhn-systemid',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_rhn_systemid.ml',
    },
  ],
  examples: {
    pass: [{ description: 'not registered', facts: { subscription: { files: [] } } }],
    fail: [
      {
        description: 'an attached Ubuntu Pro machine',
        facts: { subscription: { files: [{ path: '/var/lib/ubuntu-advantage/private/machine-token.json', size: 5123 }] } },
        messageIds: ['registered'],
        resources: ['/var/lib/ubuntu-advantage/private/machine-token.json'],
      },
    ],
  },
  check({ subscription }, context) {
    reportFiles(context, nonEmpty(subscription.files), 'registered');
  },
});
