import { defineRule } from '../../src/engine/define.js';
import { CHECKED_CLOUD_INIT, CHECKED_WAAGENT, deprovisions } from './lib/provisioning.js';

/** What waagent -deprovision deletes: the dhclient/dhcpcd directories and NetworkManager's dhclient-*.lease (not internal-*.lease). */
const waagentCleans = (path: string) =>
  /^\/var\/lib\/(dhclient|dhcpcd|dhcp)\//.test(path) ||
  /^\/var\/lib\/NetworkManager\/dhclient-[^/]*\.lease$/.test(path) ||
  path.startsWith('/run/systemd/netif/leases/');

export default defineRule({
  id: 'L052',
  alias: 'dhcp-leases',
  title: 'No DHCP leases from the build VM are left, as a client or as a DHCP server',
  platform: 'linux',
  severity: 'warning',
  facts: ['dhcpLeases'],
  messages: {
    lease: '{resource} is a DHCP lease of the build VM; clones would ask for its address and DUID',
    server: "{resource} is the lease database of the build VM's DHCP server; a clone serving DHCP would start from the builder's clients and addresses",
  },
  rationale:
    "DHCP clients replay a stored lease: clones request the builder's address and client identifier. waagent -deprovision deletes " +
    "dhclient/dhcpcd leases and NetworkManager's dhclient-*.lease, but not NetworkManager's internal-*.lease (its default client). An ISC DHCP server keeps the " +
    "addresses it handed out in dhcpd.leases (/var/lib/dhcp on Debian, /var/lib/dhcpd on RHEL; waagent deletes only the former's folder).",
  remediation:
    'Delete the leases: `rm -f /var/lib/dhcp/*.lease* /var/lib/dhclient/* /var/lib/NetworkManager/*.lease`; for a DHCP server stop it and empty its database: ' +
    '`systemctl stop dhcpd isc-dhcp-server; rm -f /var/lib/dhcpd/dhcpd.leases~; : > /var/lib/dhcpd/dhcpd.leases` (Debian: /var/lib/dhcp/dhcpd.leases).',
  references: [
    {
      title: 'WALinuxAgent deprovision/default.py: dirs_to_del and dhclient-*.lease',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    {
      title: 'guestfs-tools: virt-sysprep dhcp-client-state operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_dhcp_client_state.ml',
    },
    {
      title: 'guestfs-tools: virt-sysprep dhcp-server-state operation (/var/lib/dhcpd/*)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_dhcp_server_state.ml',
    },
    CHECKED_WAAGENT,
    CHECKED_CLOUD_INIT,
  ],
  examples: {
    pass: [{ description: 'no leases', facts: { dhcpLeases: { leases: [] } } }],
    fail: [
      {
        description: 'dhclient lease that waagent deletes (info)',
        facts: { dhcpLeases: { leases: ['/var/lib/dhcp/dhclient.eth0.leases'] } },
        settings: { generalizer: 'waagent' },
        messageIds: ['lease'],
        resources: ['/var/lib/dhcp/dhclient.eth0.leases'],
      },
      {
        description: 'NetworkManager internal lease, which waagent keeps',
        facts: { dhcpLeases: { leases: ['/var/lib/NetworkManager/internal-6c1a-eth0.lease'] } },
        settings: { generalizer: 'waagent' },
        messageIds: ['lease'],
        resources: ['/var/lib/NetworkManager/internal-6c1a-eth0.lease'],
      },
      {
        description: 'dhclient lease with cloud-init',
        facts: { dhcpLeases: { leases: ['/var/lib/dhcp/dhclient.eth0.leases'] } },
        settings: { generalizer: 'cloud-init' },
        messageIds: ['lease'],
        resources: ['/var/lib/dhcp/dhclient.eth0.leases'],
      },
      {
        description: "RHEL's dhcpd lease database",
        facts: { dhcpLeases: { leases: ['/var/lib/dhcpd/dhcpd.leases'] } },
        settings: { generalizer: 'waagent' },
        messageIds: ['server'],
        resources: ['/var/lib/dhcpd/dhcpd.leases'],
      },
    ],
  },
  check({ dhcpLeases }, context) {
    const waagent = deprovisions(context.settings.generalizer);
    for (const path of dhcpLeases.leases) {
      const server = /^\/var\/lib\/dhcpd?\/dhcpd6?\.leases/.test(path);
      context.report({
        messageId: server ? 'server' : 'lease',
        resource: path,
        ...(waagent && waagentCleans(path) ? { cleanedBy: [context.settings.generalizer] } : {}),
      });
    }
  },
});
