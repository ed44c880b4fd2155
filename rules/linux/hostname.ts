import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { CHECKED_WAAGENT, deprovisions } from './lib/provisioning.js';
import { contentLines } from './lib/text.js';

const ident = (hostname: string | null) => ({ hostIdentity: { hostname, hosts: null, resolvConf: { kind: 'missing' as const } } });
const net = (...files: [string, string][]) => ({
  networkConfig: { files: files.map(([path, content]) => ({ path, content, format: 'ifcfg' as const })), unreadable: [] },
});
const GENERIC = ['', 'localhost', 'localhost.localdomain'];
const unquote = (v: string) => v.trim().replace(/^(["'])(.*)\1$/, '$2');

export default defineRule({
  id: 'L053',
  alias: 'hostname',
  title: "The image does not carry the build VM's hostname (/etc/hostname, HOSTNAME= and DHCP_HOSTNAME= of ifcfg files)",
  platform: 'linux',
  severity: 'warning',
  facts: ['hostIdentity', 'networkConfig'],
  messages: {
    named: '{resource} names the build VM ({name}); clones boot with it until provisioning renames them',
    dhcp: "{resource} sets DHCP_HOSTNAME={name} (line {line}); every clone would send the build VM's name to the DHCP server, which may register it in DNS",
    ifcfg: "{resource} sets HOSTNAME={name} (line {line}), the build VM's name",
  },
  rationale:
    "Clones come up with the builder's name (DHCP registrations, logs, agents) until provisioning sets theirs. On Red Hat systems the interface files may pin it too: DHCP_HOSTNAME is the " +
    "name the DHCP client sends (and Azure's DNS registers), and a HOSTNAME= there is the builder's name kept beside it; virt-sysprep's net-hostname operation removes both. waagent -deprovision " +
    'sets /etc/hostname and the DHCP_HOSTNAME of the primary interface (ifcfg-eth0) to localhost.localdomain, nothing else. A DHCP_HOSTNAME= is reported as a warning, ' +
    "/etc/hostname and HOSTNAME= as info; the rule's severity, warning, is that of its worst finding.",
  remediation:
    '`hostnamectl set-hostname localhost`, or leave it to `waagent -deprovision` (which sets localhost.localdomain) or cloud-init; delete the HOSTNAME= and DHCP_HOSTNAME= lines of ' +
    "/etc/sysconfig/network-scripts/ifcfg-*: `sed -i '/^\\(DHCP_\\)\\?HOSTNAME=/d' /etc/sysconfig/network-scripts/ifcfg-*`.",
  references: [
    {
      title: 'WALinuxAgent deprovision/default.py: reset_hostname (localhost.localdomain)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    {
      title: 'WALinuxAgent common/osutil/redhat.py: set_dhcp_hostname (DHCP_HOSTNAME in ifcfg-<primary>)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/osutil/redhat.py',
    },
    {
      title: 'guestfs-tools: virt-sysprep net-hostname operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_net_hostname.ml',
    },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [
      { description: 'localhost', facts: { ...ident('localhost\n'), ...net() } },
      { description: 'no file', facts: { ...ident(null), ...net() } },
      {
        description: 'ifcfg without a name',
        facts: { ...ident(null), ...net(['/etc/sysconfig/network-scripts/ifcfg-eth0', 'DEVICE=eth0\nBOOTPROTO=dhcp\n']) },
      },
    ],
    fail: [
      { description: "the builder's name", facts: { ...ident('img-builder-01\n'), ...net() }, messageIds: ['named'], resources: ['/etc/hostname'] },
      {
        description: 'a DHCP_HOSTNAME in ifcfg-eth1, which waagent does not reset',
        facts: {
          ...ident('localhost\n'),
          ...net(['/etc/sysconfig/network-scripts/ifcfg-eth1', 'DEVICE=eth1\nBOOTPROTO=dhcp\nDHCP_HOSTNAME="img-builder-01"\n']),
        },
        settings: { generalizer: 'waagent' },
        messageIds: ['dhcp'],
        resources: ['/etc/sysconfig/network-scripts/ifcfg-eth1'],
      },
      {
        description: 'HOSTNAME= in an ifcfg file',
        facts: { ...ident(null), ...net(['/etc/sysconfig/network-scripts/ifcfg-eth0', 'DEVICE=eth0\nHOSTNAME=img-builder-01\n']) },
        messageIds: ['ifcfg'],
        resources: ['/etc/sysconfig/network-scripts/ifcfg-eth0'],
      },
    ],
  },
  check({ hostIdentity, networkConfig }, context) {
    const waagent = deprovisions(context.settings.generalizer);
    const cleaned = waagent ? { cleanedBy: [context.settings.generalizer] } : {};
    const name = (hostIdentity.hostname ?? '').trim();
    if (!GENERIC.includes(name)) context.report({ messageId: 'named', resource: '/etc/hostname', data: { name }, severity: 'info', ...cleaned });
    for (const f of networkConfig.files.filter((x) => x.format === 'ifcfg')) {
      for (const { number, text } of contentLines(f.content)) {
        const m = /^\s*(DHCP_HOSTNAME|HOSTNAME)=(.*)$/.exec(text);
        const value = unquote(m?.[2] ?? '');
        if (!m || GENERIC.includes(value)) continue;
        const dhcp = m[1] === 'DHCP_HOSTNAME';
        const reset = dhcp && f.path === '/etc/sysconfig/network-scripts/ifcfg-eth0' ? cleaned : {};
        context.report({
          messageId: dhcp ? 'dhcp' : 'ifcfg',
          resource: shownPath(f.path),
          data: { name: value, line: number },
          ...(dhcp ? {} : { severity: 'info' }),
          ...reset,
        });
      }
    }
    const unread = networkConfig.unreadable.filter((p) => /\/ifcfg-[^/]*$/.test(p));
    if (unread.length > 0) context.unknown(`${unread.join(', ')} could not be read: HOSTNAME= and DHCP_HOSTNAME= are unknown (run as root or with --sudo)`);
  },
});
