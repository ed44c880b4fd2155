import { defineRule } from '../../src/engine/define.js';
import { storageExample } from './lib/storage.js';

export default defineRule({
  id: 'L007',
  alias: 'azure-disk-encryption',
  title: 'The VM is not encrypted with Azure Disk Encryption',
  platform: 'linux',
  severity: 'error',
  facts: ['azureDiskEncryption', 'storage'],
  messages: {
    marker: '{resource} shows Azure Disk Encryption on this VM',
    osencrypt: '{resource} maps osencrypt, the ADE-encrypted OS volume',
  },
  rationale:
    'Azure does not support creating an image or snapshot of an ADE-encrypted VM and deploying more VMs from it. Deprovisioning ' +
    'deletes the extension folder, but the disk stays encrypted.',
  remediation: 'Disable ADE and decrypt (`az vm encryption disable`), or rebuild the image from an unencrypted source; use server-side encryption instead.',
  references: [
    { title: 'Azure Disk Encryption for Linux: unsupported scenarios', url: 'https://learn.microsoft.com/azure/virtual-machines/linux/disk-encryption-linux' },
  ],
  examples: {
    pass: [
      {
        description: 'no ADE',
        facts: {
          azureDiskEncryption: { markers: [] },
          storage: storageExample({}),
        },
      },
    ],
    fail: [
      {
        description: 'ADE config folder and the osencrypt mapping',
        facts: {
          azureDiskEncryption: { markers: ['/var/lib/azure_disk_encryption_config'] },
          storage: storageExample({ crypttab: 'osencrypt /dev/sda2 /mnt/azure_bek_disk/LinuxPassPhraseFileName luks,discard' }),
        },
        messageIds: ['marker', 'osencrypt'],
        resources: ['/etc/crypttab:1', '/var/lib/azure_disk_encryption_config'],
      },
    ],
  },
  check({ azureDiskEncryption, storage }, context) {
    for (const m of azureDiskEncryption.markers) context.report({ messageId: 'marker', resource: m });
    for (const e of storage.crypttab.entries) {
      if (e.fields[0] === 'osencrypt') context.report({ messageId: 'osencrypt', resource: `${storage.crypttab.path}:${e.line}` });
    }
  },
});
