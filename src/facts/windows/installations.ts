import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/**
 * Windows installations on this machine: other Windows directories and in-place upgrade traces.
 * windowsInstallations is collected by src/probes/windows/collectors/installations.ps1;
 * upgradeHistory is derived from the live probe's raw reads (src/platforms/windows/live.ts), as offline.
 */
export const installationsFacts = {
  windowsInstallations: defineGroup({
    platforms: ['windows'],
    description: 'Fixed volumes (Win32_Volume DriveType=3) that hold a Windows installation (\\Windows\\System32\\config\\SYSTEM), besides the running one.',
    schema: z.object({
      systemRoot: z.string(),
      installations: z.array(z.object({ volume: z.string(), windowsDirectory: z.string(), running: z.boolean() })),
    }),
  }),
  upgradeHistory: defineGroup({
    platforms: ['windows'],
    description:
      'Traces of an in-place upgrade: HKLM\\SYSTEM\\Setup\\Source OS (Updated on …) subkeys, HKLM\\SYSTEM\\Setup Upgrade, %SystemDrive%\\Windows.old; ' +
      'and the current build (CurrentBuild).',
    schema: z.object({
      currentBuild: int,
      sourceOs: z.array(z.object({ key: z.string(), productName: z.string().nullable(), currentBuild: int.nullable() })),
      upgradeValue: int.nullable(),
      windowsOld: z.boolean(),
    }),
  }),
};
