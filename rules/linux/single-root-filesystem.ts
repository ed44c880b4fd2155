import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';

const storage = (entries: { line: number; fields: string[] }[], osTrees: string[] = []) => ({
  fstab: { path: '/etc/fstab', present: true, entries },
  crypttab: { path: '/etc/crypttab', present: false, entries: [] },
  swapUnits: [],
  lvmDevices: null,
  osTrees,
});

export default defineRule({
  id: 'L010',
  alias: 'single-root-filesystem',
  title: 'One root filesystem and no other OS installation on the disk',
  platform: 'linux',
  severity: 'error',
  facts: ['storage'],
  messages: {
    duplicateRoot: '{resource} mounts / again ({spec}); {count} fstab lines mount the root filesystem',
    osTree: '{resource} holds another OS installation (it has an os-release file) that would be cloned with the image',
  },
  rationale:
    "The Linux analogue of Sysprep's block on multiple OS volumes. Two fstab lines for / make the boot nondeterministic, and " +
    'extra OS trees (old roots, machinectl or LXC containers) are cloned into every VM.',
  remediation: 'Remove the duplicate root line from /etc/fstab; move secondary OS trees and containers off the OS disk.',
  references: [
    {
      title: 'Azure Marketplace VM self-test, TestID 42 "Root Partition on OS Disk"',
      url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test',
    },
  ],
  examples: {
    pass: [
      {
        description: 'one root line',
        facts: { storage: storage([{ line: 9, fields: ['UUID=0b7f8e43-52b5-4d37-a2a8-1d6c7cbf0a10', '/', 'ext4', 'errors=remount-ro', '0', '1'] }]) },
      },
    ],
    fail: [
      {
        description: 'a second root line and a container tree',
        facts: {
          storage: storage(
            [
              { line: 9, fields: ['UUID=0b7f8e43-52b5-4d37-a2a8-1d6c7cbf0a10', '/', 'ext4', 'errors=remount-ro', '0', '1'] },
              { line: 12, fields: ['/dev/sdb1', '/', 'ext4', 'defaults', '0', '1'] },
            ],
            ['/var/lib/machines/debian-old'],
          ),
        },
        messageIds: ['duplicateRoot', 'osTree'],
        resources: ['/etc/fstab:12', '/var/lib/machines/debian-old'],
      },
    ],
  },
  check({ storage }, context) {
    const roots = storage.fstab.entries.filter((e) => e.fields[1] === '/');
    for (const e of roots.slice(1)) {
      context.report({ messageId: 'duplicateRoot', resource: `${storage.fstab.path}:${e.line}`, data: { spec: e.fields[0] ?? '', count: roots.length } });
    }
    for (const tree of storage.osTrees) context.report({ messageId: 'osTree', resource: shownPath(tree), severity: 'warning' });
  },
});
