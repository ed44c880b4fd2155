import { defineRule } from '../../src/engine/define.js';
import { CHECKED_WAAGENT } from './lib/provisioning.js';

const ident = (hostname: string | null) => ({ hostIdentity: { hostname, hosts: null, resolvConf: { kind: 'missing' as const } } });

export default defineRule({
  id: 'L053',
  alias: 'hostname',
  title: '/etc/hostname is generic',
  platform: 'linux',
  severity: 'info',
  facts: ['hostIdentity'],
  messages: {
    named: '{resource} names the build VM ({name}); clones boot with it until provisioning renames them',
  },
  rationale: "Clones come up with the builder's name (DHCP registrations, logs, agents) until provisioning sets theirs.",
  remediation: '`hostnamectl set-hostname localhost`, or leave it to `waagent -deprovision` (which sets localhost.localdomain) or cloud-init.',
  references: [
    {
      title: 'WALinuxAgent deprovision/default.py: reset_hostname (localhost.localdomain)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    CHECKED_WAAGENT,
  ],
  cleanedBy: ['waagent', 'waagent+user'],
  examples: {
    pass: [
      { description: 'localhost', facts: ident('localhost\n') },
      { description: 'no file', facts: ident(null) },
    ],
    fail: [{ description: "the builder's name", facts: ident('img-builder-01\n'), messageIds: ['named'], resources: ['/etc/hostname'] }],
  },
  check({ hostIdentity }, context) {
    const name = (hostIdentity.hostname ?? '').trim();
    if (!['', 'localhost', 'localhost.localdomain'].includes(name)) context.report({ messageId: 'named', resource: '/etc/hostname', data: { name } });
  },
});
