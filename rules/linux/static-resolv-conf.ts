import { defineRule } from '../../src/rules/define.js';

const resolv = (resolvConf: { kind: 'missing' | 'symlink' | 'file'; target?: string; content?: string }) => ({ hostIdentity: { hostname: null, hosts: null, resolvConf } });

export default defineRule({
  id: 'L055',
  alias: 'static-resolv-conf',
  title: '/etc/resolv.conf is managed, not a static file with the builder\'s DNS servers',
  platform: 'linux',
  severity: 'info',
  facts: ['hostIdentity'],
  messages: {
    static: '{resource} is a static file naming DNS server(s) {servers}; clones inherit the builder\'s DNS',
  },
  rationale:
    'The builder\'s DNS servers and search domains ship to every clone; cloud DNS normally comes by DHCP. waagent -deprovision deletes ' +
    'the file, except on Ubuntu 18.04 and later, where it leaves it.',
  remediation: 'Link it to the resolver stub (`ln -sf ../run/systemd/resolve/stub-resolv.conf /etc/resolv.conf`) or let DHCP manage it.',
  references: [
    { title: 'WALinuxAgent deprovision/ubuntu.py: "/etc/resolv.conf will NOT be removed"', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/ubuntu.py' },
  ],
  examples: {
    pass: [{ description: 'a link to the stub', facts: resolv({ kind: 'symlink', target: '../run/systemd/resolve/stub-resolv.conf' }) }],
    fail: [{ description: 'a static file', facts: resolv({ kind: 'file', content: 'search corp.example\nnameserver 192.168.1.1\n' }), messageIds: ['static'], resources: ['/etc/resolv.conf'] }],
  },
  check({ hostIdentity }, context) {
    const r = hostIdentity.resolvConf;
    if (r.kind !== 'file') return;
    const servers = (r.content ?? '').split('\n').flatMap((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1] ?? []);
    if (servers.length > 0) context.report({ messageId: 'static', resource: '/etc/resolv.conf', data: { servers: servers.join(', ') } });
  },
});
