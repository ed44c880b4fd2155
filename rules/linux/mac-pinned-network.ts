import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { networkModel } from './lib/network.js';
import { CLOUD_INIT_ON, cloudInitOn, provisioningExample } from './lib/provisioning.js';

const ci = provisioningExample({ cloudInit: CLOUD_INIT_ON });

export default defineRule({
  id: 'L049',
  alias: 'mac-pinned-network',
  title: "No network configuration matches or sets the build VM's MAC address",
  platform: 'linux',
  severity: 'error',
  facts: ['networkConfig', 'provisioning'],
  messages: {
    pinned: '{resource} ties interface {iface} to a MAC address ({detail}); on a clone it never applies',
  },
  rationale:
    "Clones get new MAC addresses. A connection that matches the builder's MAC never activates on them, and one that sets a MAC " +
    'gives every clone the same address. Files cloud-init generates are left out when cloud-init runs, since it rewrites them at first boot.',
  remediation:
    'Match by interface name (eth0) or driver instead, and use DHCP; for ifcfg remove HWADDR/MACADDR, for NetworkManager `nmcli con mod <name> ethernet.mac-address ""`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep net-hwaddr operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_net_hwaddr.ml',
    },
  ],
  examples: {
    pass: [
      {
        description: "cloud-init's own netplan while cloud-init runs",
        facts: {
          networkConfig: {
            files: [
              {
                path: '/etc/netplan/50-cloud-init.yaml',
                format: 'netplan',
                content: 'network:\n  ethernets:\n    eth0:\n      match: {macaddress: "00:0d:3a:01:02:03"}\n      dhcp4: true\n',
              },
            ],
            unreadable: [],
          },
          provisioning: ci,
        },
      },
    ],
    fail: [
      {
        description: 'an ifcfg file with HWADDR',
        facts: {
          networkConfig: {
            files: [{ path: '/etc/sysconfig/network-scripts/ifcfg-eth0', format: 'ifcfg', content: 'DEVICE=eth0\nHWADDR=00:15:5d:01:02:03\nBOOTPROTO=dhcp\n' }],
            unreadable: [],
          },
          provisioning: ci,
        },
        messageIds: ['pinned'],
        resources: ['/etc/sysconfig/network-scripts/ifcfg-eth0'],
      },
    ],
  },
  check({ networkConfig, provisioning }, context) {
    const skipCloudInit = cloudInitOn(provisioning);
    const files = networkConfig.files.filter((f) => !(skipCloudInit && /cloud-init/.test(f.path)));
    for (const p of networkModel(files).macPins) context.report({ messageId: 'pinned', resource: p.path, data: { iface: p.iface, detail: p.detail } });
    unknownIfUnreadable(context, networkConfig.unreadable);
  },
});
