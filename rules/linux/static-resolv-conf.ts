import { defineRule } from '../../src/engine/define.js';
import { CHECKED_WAAGENT } from './lib/provisioning.js';

const debian = { name: 'Debian GNU/Linux', version: '12', id: 'debian' };
const ubuntu = { name: 'Ubuntu', version: '22.04', id: 'ubuntu' };
const resolv = (resolvConf: { kind: 'missing' | 'symlink' | 'file'; target?: string; content?: string }, os = debian) => ({
  hostIdentity: { hostname: null, hosts: null, resolvConf },
  os,
});
const staticFile = { kind: 'file', content: 'search corp.example\nnameserver 192.168.1.1\n' } as const;

/** waagent -deprovision deletes /etc/resolv.conf everywhere but Ubuntu 18.04 and later (deprovision/ubuntu.py). */
function waagentDeletesIt(os: { id?: string | undefined; version: string }): boolean {
  if (os.id !== 'ubuntu') return true;
  const [major = 0, minor = 0] = os.version.split('.').map(Number);
  return major < 18 || (major === 18 && minor < 4);
}

export default defineRule({
  id: 'L055',
  alias: 'static-resolv-conf',
  title: "/etc/resolv.conf is managed, not a static file with the builder's DNS servers",
  platform: 'linux',
  severity: 'info',
  facts: ['hostIdentity', 'os'],
  messages: {
    static: "{resource} is a static file naming DNS server(s) {servers}; clones inherit the builder's DNS",
  },
  rationale:
    "The builder's DNS servers and search domains ship to every clone; cloud DNS normally comes by DHCP. waagent -deprovision deletes " +
    'the file (del_resolv), except on Ubuntu 18.04 and later, where it leaves it; with waagent chosen the finding is then info. ' +
    'Checked against the real waagent 2.7.3.0 of Debian 12, which deletes it.',
  remediation:
    'With systemd-resolved, link it to the resolver stub (`ln -sf ../run/systemd/resolve/stub-resolv.conf /etc/resolv.conf`). Without it ' +
    '(Debian 12 has no systemd-resolved unless installed; check with `test -e /lib/systemd/systemd-resolved`), let DHCP manage it: ' +
    '`rm /etc/resolv.conf`, as waagent -deprovision does, and the DHCP client writes it at boot.',
  references: [
    {
      title: 'WALinuxAgent deprovision/ubuntu.py: "/etc/resolv.conf will NOT be removed"',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/ubuntu.py',
    },
    {
      title: 'WALinuxAgent deprovision/default.py: del_resolv ("/etc/resolv.conf will be deleted")',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [{ description: 'a link to the stub', facts: resolv({ kind: 'symlink', target: '../run/systemd/resolve/stub-resolv.conf' }) }],
    fail: [
      { description: 'a static file', facts: resolv(staticFile), messageIds: ['static'], resources: ['/etc/resolv.conf'] },
      {
        description: 'a static file on Ubuntu 22.04, which waagent -deprovision keeps',
        facts: resolv(staticFile, ubuntu),
        settings: { generalizer: 'waagent' },
        messageIds: ['static'],
        resources: ['/etc/resolv.conf'],
      },
    ],
  },
  check({ hostIdentity, os }, context) {
    const r = hostIdentity.resolvConf;
    if (r.kind !== 'file') return;
    const servers = (r.content ?? '').split('\n').flatMap((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1] ?? []);
    if (servers.length === 0) return;
    const cleanedBy = waagentDeletesIt(os) ? (['waagent', 'waagent+user'] as const) : [];
    context.report({ messageId: 'static', resource: '/etc/resolv.conf', data: { servers: servers.join(', ') }, cleanedBy });
  },
});
