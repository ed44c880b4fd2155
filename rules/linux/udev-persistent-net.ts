import { defineRule } from '../../src/engine/define.js';
import { udevPins } from './lib/network.js';
import { contentLines } from './lib/text.js';

const file = (content: string) => ({
  networkConfig: { files: [{ path: '/etc/udev/rules.d/70-persistent-net.rules', format: 'udev' as const, content }], unreadable: [] },
});

export default defineRule({
  id: 'L048',
  alias: 'udev-persistent-net',
  title: 'No udev persistent-net rules pin interface names to MAC addresses',
  platform: 'linux',
  severity: 'error',
  facts: ['networkConfig'],
  messages: {
    pin: "{resource} pins {detail}; a clone's new MAC gets the next name and stays unconfigured",
    rules: "{resource} holds persistent-net rules; a clone's new MAC gets the next interface name",
  },
  rationale:
    "After cloning the MAC address changes. The old MAC keeps its name (eth0), so the clone's NIC becomes eth1, which nothing " +
    'configures: the clone has no network.',
  remediation: 'Delete the file: `rm -f /etc/udev/rules.d/70-persistent-net.rules` (and disable the generator that writes it, if any).',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep udev-persistent-net operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_udev_persistent_net.ml',
    },
  ],
  examples: {
    pass: [
      { description: 'no file', facts: { networkConfig: { files: [], unreadable: [] } } },
      { description: 'comments only', facts: file('# This file was automatically generated\n') },
    ],
    fail: [
      {
        description: "eth0 pinned to the builder's MAC",
        facts: file('SUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="00:15:5d:01:02:03", ATTR{type}=="1", KERNEL=="eth*", NAME="eth0"\n'),
        messageIds: ['pin'],
        resources: ['/etc/udev/rules.d/70-persistent-net.rules'],
      },
      {
        description: 'rules without a MAC match',
        facts: file('SUBSYSTEM=="net", KERNEL=="eth*", NAME="lan0"\n'),
        messageIds: ['rules'],
        resources: ['/etc/udev/rules.d/70-persistent-net.rules'],
      },
    ],
  },
  check({ networkConfig }, context) {
    for (const f of networkConfig.files.filter((x) => x.format === 'udev')) {
      const pins = udevPins(f);
      for (const p of pins) context.report({ messageId: 'pin', resource: f.path, data: { detail: p.detail } });
      // Only the rules file udev wrote holds names by MAC; another *persistent-net* file (a copied generator) counts only for its pins.
      if (pins.length === 0 && f.path.endsWith('/70-persistent-net.rules') && contentLines(f.content).length > 0)
        context.report({ messageId: 'rules', resource: f.path });
    }
  },
});
