import { defineRule } from '../../src/engine/define.js';
import { effectiveCmdline } from './lib/boot.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { networkModel } from './lib/network.js';

const grub = (line: string) => ({ files: [{ path: '/etc/default/grub', content: line }], unreadable: [] });
const ifupdown = {
  files: [{ path: '/etc/network/interfaces', format: 'ifupdown' as const, content: 'allow-hotplug ens33\niface ens33 inet dhcp\n' }],
  unreadable: [],
};

export default defineRule({
  id: 'L051',
  alias: 'ifnames-mismatch',
  title: 'With net.ifnames=0 no network configuration names a predictable interface',
  platform: 'linux',
  severity: 'warning',
  facts: ['kernelCmdline', 'networkConfig'],
  messages: {
    predictable: '{resource} configures {name}, but the kernel command line ({source}) has net.ifnames=0, so the NIC will be eth0',
  },
  rationale:
    "Azure's recommended command line sets net.ifnames=0, which names the NIC eth0. A configuration for ens33 or enp0s3 (the " +
    'names on the build hypervisor) then never applies and the clone has no network.',
  remediation: 'Rename the configuration to eth0 (or match by driver), or drop net.ifnames=0 from GRUB_CMDLINE_LINUX and run `update-grub`.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image (GRUB_CMDLINE_LINUX with net.ifnames=0)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [{ description: 'predictable names kept', facts: { kernelCmdline: grub('GRUB_CMDLINE_LINUX="console=ttyS0"\n'), networkConfig: ifupdown } }],
    fail: [
      {
        description: 'ens33 with net.ifnames=0',
        facts: { kernelCmdline: grub('GRUB_CMDLINE_LINUX="console=ttyS0 net.ifnames=0"\n'), networkConfig: ifupdown },
        messageIds: ['predictable'],
        resources: ['/etc/network/interfaces'],
      },
    ],
  },
  check({ kernelCmdline, networkConfig }, context) {
    const cmdline = effectiveCmdline(kernelCmdline);
    if (unknownIfUnreadable(context, kernelCmdline.unreadable)) return;
    if (!cmdline?.words.includes('net.ifnames=0')) return;
    const seen = new Set<string>();
    for (const n of networkModel(networkConfig.files).names) {
      if (!/^(ens|enp|eno|enx)[0-9a-z]+$/.test(n.detail) || seen.has(`${n.path}\0${n.detail}`)) continue;
      seen.add(`${n.path}\0${n.detail}`);
      context.report({ messageId: 'predictable', resource: n.path, data: { name: n.detail, source: cmdline.source } });
    }
    unknownIfUnreadable(context, networkConfig.unreadable);
  },
});
