import { z } from 'zod';
import { defineGroup } from '../define.js';
import { configFile } from './shapes.js';

/** Network identity: configuration files, DHCP leases, hostname, hosts and resolv.conf (collector network.sh). */
export const networkFacts = {
  networkConfig: defineGroup({
    platforms: ['linux'],
    description:
      'Network configuration files in their own formats (netplan, NetworkManager keyfiles, ifupdown, systemd-networkd, ifcfg) and udev persistent-net rules.',
    schema: z.object({
      files: z.array(configFile.extend({ format: z.enum(['netplan', 'networkmanager', 'ifupdown', 'networkd', 'ifcfg', 'udev']) })),
      unreadable: z.array(z.string()),
    }),
  }),
  dhcpLeases: defineGroup({
    platforms: ['linux'],
    description:
      'DHCP client lease files (dhclient, dhcpcd, NetworkManager, wicked; systemd-networkd when live) and ISC dhcpd lease databases (/var/lib/dhcp, /var/lib/dhcpd).',
    schema: z.object({ leases: z.array(z.string()) }),
  }),
  hostIdentity: defineGroup({
    platforms: ['linux'],
    description: '/etc/hostname, /etc/hosts and /etc/resolv.conf (a symlink with its target, or a file with its content).',
    schema: z.object({
      hostname: z.string().nullable(),
      hosts: z.string().nullable(),
      resolvConf: z.object({ kind: z.enum(['missing', 'symlink', 'file']), target: z.string().optional(), content: z.string().optional() }),
    }),
  }),
};
