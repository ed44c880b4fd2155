import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { networkModel } from './lib/network.js';

export default defineRule({
  id: 'L050',
  alias: 'static-ip',
  title: "Network interfaces use DHCP, not the build VM's static addresses",
  platform: 'linux',
  severity: 'error',
  facts: ['networkConfig'],
  messages: {
    static: '{resource} gives {iface} a static address ({detail}); every clone would claim it',
  },
  rationale:
    "Cloud networks hand out addresses by DHCP. Every clone would claim the builder's static address and collide, or lose " + 'connectivity in another subnet.',
  remediation:
    'Switch the interface to DHCP (netplan `dhcp4: true`, NetworkManager `ipv4.method auto`, ifupdown `inet dhcp`, ifcfg `BOOTPROTO=dhcp`, networkd `DHCP=yes`).',
  references: [
    {
      title: 'Azure: prepare a generic Linux image (network configuration)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      {
        description: 'DHCP in netplan',
        facts: {
          networkConfig: {
            files: [
              { path: '/etc/netplan/01-netcfg.yaml', format: 'netplan', content: 'network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n' },
            ],
            unreadable: [],
          },
        },
      },
    ],
    fail: [
      {
        description: 'a static ifupdown stanza',
        facts: {
          networkConfig: {
            files: [
              {
                path: '/etc/network/interfaces',
                format: 'ifupdown',
                content: 'auto lo\niface lo inet loopback\nauto ens33\niface ens33 inet static\n  address 192.168.10.5/24\n',
              },
            ],
            unreadable: [],
          },
        },
        messageIds: ['static'],
        resources: ['/etc/network/interfaces'],
      },
    ],
  },
  check({ networkConfig }, context) {
    for (const s of networkModel(networkConfig.files).staticAddresses)
      context.report({ messageId: 'static', resource: s.path, data: { iface: s.iface, detail: s.detail } });
    unknownIfUnreadable(context, networkConfig.unreadable);
  },
});
