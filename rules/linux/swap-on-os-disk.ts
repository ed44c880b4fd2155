import { defineRule } from '../../src/engine/define.js';
import { fstabEntries, storageExample } from './lib/storage.js';

const azure = { cloud: 'azure' };

export default defineRule({
  id: 'L058',
  alias: 'swap-on-os-disk',
  title: 'No swap is configured on the OS disk',
  platform: 'linux',
  severity: 'error',
  cloud: 'azure',
  facts: ['storage'],
  messages: {
    fstab: '{resource} line {line} enables swap on {device}',
    unit: '{resource} enables a swap unit at boot',
  },
  rationale:
    'Azure asks for no swap partition on the OS disk (Marketplace test 41): it lands on premium OS storage and is cloned. ' +
    'Swap belongs on the resource disk, set up per VM by waagent or cloud-init.',
  remediation:
    'Remove the swap line (and `swapoff -a`, delete the swap file); set `ResourceDisk.EnableSwap=y` in /etc/waagent.conf or use cloud-init `mounts`.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("Don\'t configure a swap partition on the OS disk")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
    { title: 'Azure Marketplace VM image self-test, TestID 41', url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test' },
  ],
  examples: {
    pass: [
      { description: 'zram swap only', settings: azure, facts: { storage: storageExample({ fstab: '/dev/zram0 none swap defaults 0 0\n', swapUnits: [] }) } },
    ],
    fail: [
      {
        description: 'a swap file',
        settings: azure,
        facts: { storage: storageExample({ fstab: '/swapfile none swap sw 0 0\n', swapUnits: [] }) },
        messageIds: ['fstab'],
        resources: ['/etc/fstab'],
      },
      {
        description: 'a swap unit',
        settings: azure,
        facts: { storage: storageExample({ fstab: '', swapUnits: ['/etc/systemd/system/swap.target.wants/swapfile.swap'] }) },
        messageIds: ['unit'],
        resources: ['/etc/systemd/system/swap.target.wants/swapfile.swap'],
      },
    ],
  },
  check({ storage }, context) {
    for (const e of fstabEntries(storage.fstab)) {
      if (e.type === 'swap' && !e.spec.startsWith('/dev/zram') && !/^\/mnt(\/resource)?\//.test(e.file) && !e.options.includes('noauto')) {
        context.report({ messageId: 'fstab', resource: storage.fstab.path, data: { line: e.line, device: e.spec } });
      }
    }
    for (const unit of storage.swapUnits) context.report({ messageId: 'unit', resource: unit });
  },
});
