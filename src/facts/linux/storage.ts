import { z } from 'zod';
import { defineGroup } from '../define.js';
import { tabEntry } from './shapes.js';

/** Storage: fstab, crypttab, swap, LVM, other OS trees, disk and home encryption (collector storage.sh). */
export const storageFacts = {
  storage: defineGroup({
    platforms: ['linux'],
    description:
      'Entries of /etc/fstab and /etc/crypttab (fields as written, secret option values redacted), swap units enabled under ' +
      '/etc/systemd/system, the LVM devices file, and other OS trees found on the disk.',
    schema: z.object({
      fstab: z.object({ path: z.string(), present: z.boolean(), entries: z.array(tabEntry) }),
      crypttab: z.object({ path: z.string(), present: z.boolean(), entries: z.array(tabEntry) }),
      swapUnits: z.array(z.string()),
      lvmDevices: z.object({ path: z.string(), entries: z.number() }).nullable(),
      osTrees: z.array(z.string()),
    }),
  }),
  azureDiskEncryption: defineGroup({
    platforms: ['linux'],
    description: 'Azure Disk Encryption markers: its config folder and extension folders under /var/lib/waagent.',
    needsAdmin: true,
    schema: z.object({ markers: z.array(z.string()) }),
  }),
  encryptedHomes: defineGroup({
    platforms: ['linux'],
    description: 'eCryptfs folders (/home/.ecryptfs, ~/.ecryptfs) and fscrypt policies (/.fscrypt, /home/.fscrypt).',
    needsAdmin: true,
    schema: z.object({ ecryptfs: z.array(z.string()), fscrypt: z.array(z.string()) }),
  }),
};
