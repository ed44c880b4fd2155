import { z } from 'zod';
import { defineGroup } from './define.js';

/** Fact groups of the Windows PowerShell probe (src/probes/windows). */
export const windowsFacts = {
  computerSystem: defineGroup({
    platforms: ['windows'],
    description: 'Win32_ComputerSystem: domain membership (PartOfDomain, Domain, DomainRole), model and hypervisor presence.',
    schema: z.object({
      name: z.string(),
      partOfDomain: z.boolean(),
      domain: z.string(),
      workgroup: z.string().nullable(),
      domainRole: z.number().int().min(0).max(5),
      hypervisorPresent: z.boolean().nullable(),
      manufacturer: z.string().nullable(),
      model: z.string().nullable(),
    }),
  }),
  bitlocker: defineGroup({
    platforms: ['windows'],
    description: 'Win32_EncryptableVolume (root\\cimv2\\Security\\MicrosoftVolumeEncryption): protection status and conversion status per volume.',
    needsAdmin: true,
    schema: z.object({
      volumes: z.array(z.object({
        driveLetter: z.string().nullable(),
        deviceId: z.string(),
        protectionStatus: z.number().int(),
        conversionStatus: z.number().int(),
        encryptionPercentage: z.number().nullable(),
      })),
    }),
  }),
  sysprepState: defineGroup({
    platforms: ['windows'],
    description: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State ImageState and HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus values.',
    schema: z.object({
      imageState: z.string().nullable(),
      generalizationState: z.number().int().nullable(),
      cleanupState: z.number().int().nullable(),
    }),
  }),
};
