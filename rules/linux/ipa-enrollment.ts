import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L004',
  alias: 'ipa-enrollment',
  title: 'The machine is not enrolled as a FreeIPA / IdM client',
  platform: 'linux',
  severity: 'error',
  facts: ['ipa'],
  messages: {
    enrolled: '{resource} shows a FreeIPA client enrollment; every clone would claim the same IdM host entry',
  },
  rationale:
    'An enrolled IdM client carries the host keytab, the IPA CA and the sysrestore state of one host entry. Clones share that ' +
    'identity: they impersonate the host, and re-keying one invalidates the others.',
  remediation: 'Unenroll before capture with `ipa-client-install --uninstall`, and enroll each clone at first boot (one-time password).',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep ipa-client operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_ipa_client.ml',
    },
  ],
  examples: {
    pass: [{ description: 'not enrolled', facts: { ipa: { files: [] } } }],
    fail: [
      {
        description: 'ipa-client-install left its config and sysrestore state',
        facts: {
          ipa: {
            files: [
              { path: '/etc/ipa/default.conf', size: 211 },
              { path: '/var/lib/ipa-client/sysrestore/sysrestore.state', size: 402 },
            ],
          },
        },
        messageIds: ['enrolled', 'enrolled'],
        resources: ['/etc/ipa/default.conf', '/var/lib/ipa-client/sysrestore/sysrestore.state'],
      },
    ],
  },
  check({ ipa }, context) {
    reportFiles(context, nonEmpty(ipa.files), 'enrolled');
  },
});
