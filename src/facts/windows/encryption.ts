import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** Encrypted volumes and files: BitLocker and EFS. Collected by src/probes/windows/collectors/encryption.ps1. */
export const encryptionFacts = {
  bitlocker: defineGroup({
    platforms: ['windows'],
    description:
      'Win32_EncryptableVolume (root\\cimv2\\Security\\MicrosoftVolumeEncryption): protection status and conversion status per volume ' +
      '(GetConversionStatus, with its return code checked). Not applicable where the namespace does not exist (no BitLocker feature).',
    needsAdmin: true,
    schema: z.object({
      volumes: z.array(
        z.object({
          driveLetter: z.string().nullable(),
          deviceId: z.string(),
          protectionStatus: int,
          /** Null when GetConversionStatus failed; `conversionError` then says how. */
          conversionStatus: int.nullable(),
          encryptionPercentage: z.number().nullable(),
          conversionError: z.string().nullable(),
        }),
      ),
    }),
  }),
  efsScan: defineGroup({
    platforms: ['windows'],
    description:
      'A bounded walk of every fixed NTFS volume (Win32_Volume DriveType=3) for files and folders with FILE_ATTRIBUTE_ENCRYPTED (0x4000); ' +
      'says when it was cut short by its time or entry budget.',
    needsAdmin: true,
    liveOnly: true,
    schema: z.object({
      /** A scan without elevation cannot open other users' profiles; the rule is then unknown. */
      elevated: z.boolean(),
      volumes: z.array(
        z.object({
          root: z.string(),
          label: z.string().nullable(),
          scannedEntries: int,
          /** Folders not read, or read only part-way; the first of them (up to encryptedListLimit) in `unreadFolders`. */
          inaccessibleFolders: int,
          unreadFolders: z.array(z.object({ path: z.string(), error: z.string() })),
          encrypted: z.array(z.object({ path: z.string(), directory: z.boolean() })),
          /** Why this volume's walk stopped early; null when it finished. */
          truncated: z.string().nullable(),
        }),
      ),
      maxEntries: int,
      maxSeconds: z.number(),
      /** Encrypted paths past this many per volume are counted but not listed. */
      encryptedListLimit: int,
      encryptedTotal: int,
    }),
  }),
};
