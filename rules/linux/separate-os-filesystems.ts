import { defineRule } from '../../src/engine/define.js';
import { fstabEntries, storageExample } from './lib/storage.js';

const azure = { cloud: 'azure' };

const fstab = (content: string) => ({ storage: storageExample({ fstab: content }) });

export default defineRule({
  id: 'L071',
  alias: 'separate-os-filesystems',
  title: 'The OS disk has a single root file system',
  platform: 'linux',
  severity: 'info',
  cloud: 'azure',
  facts: ['storage'],
  messages: {
    separate: '{resource} line {line} mounts {mount} as its own file system ({device})',
  },
  rationale: 'Azure Marketplace recommends one root partition on the OS disk; extra partitions complicate growing the disk on clones.',
  remediation: 'Consolidate the file systems into / when building the image.',
  references: [
    {
      title: 'Azure Marketplace VM image self-test, TestID 42 (root partition on OS disk)',
      url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test',
    },
  ],
  waiverGuidance: 'Hardening baselines (CIS) that require separate /tmp, /var or /home partitions.',
  examples: {
    pass: [{ description: 'root and ESP only', settings: azure, facts: fstab('UUID=1 / ext4 defaults 0 1\nUUID=2 /boot/efi vfat umask=0077 0 1\n') }],
    fail: [
      {
        description: 'separate /var',
        settings: azure,
        facts: fstab('UUID=1 / ext4 defaults 0 1\nUUID=3 /var xfs defaults 0 2\n'),
        messageIds: ['separate'],
        resources: ['/etc/fstab'],
      },
    ],
  },
  check({ storage }, context) {
    for (const e of fstabEntries(storage.fstab)) {
      if (/^\/(home|var|tmp|opt|srv|usr)$/.test(e.file) && !/^(tmpfs|none)$/.test(e.type) && !e.options.includes('bind')) {
        context.report({ messageId: 'separate', resource: storage.fstab.path, data: { line: e.line, mount: e.file, device: e.spec } });
      }
    }
  },
});
