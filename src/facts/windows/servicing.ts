import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword } from './shared.js';

/** Windows servicing: pending restarts and servicing in progress. pendingReboot is derived from the live probe's raw registry reads (src/platforms/windows/live.ts); servicing is collected by src/probes/windows/collectors/servicing.ps1. */
export const servicingFacts = {
  pendingReboot: defineGroup({
    platforms: ['windows'],
    description: 'Pending restart markers: CBS RebootPending, WindowsUpdate RebootRequired, PendingFileRenameOperations(2), Updates UpdateExeVolatile.',
    schema: z.object({
      cbsRebootPending: z.boolean(),
      wuRebootRequired: z.boolean(),
      pendingFileRenameCount: z.number().int(),
      pendingFileRenames: z.array(z.string()),
      pendingFileRename2Count: z.number().int(),
      updateExeVolatile: dword,
    }),
  }),
  servicing: defineGroup({
    platforms: ['windows'],
    description:
      'Servicing in progress: Microsoft.Update.Installer IsBusy, TrustedInstaller state, CBS SessionsPending, reserved storage state and ReserveManager ActiveScenario.',
    schema: z.object({
      installerBusy: z.boolean().nullable(),
      /** Why IsBusy could not be read (remote sessions: "cannot be called from a remote computer"). */
      installerBusyError: z.string().nullable(),
      trustedInstallerStatus: z.string().nullable(),
      cbsSessionsPending: z.boolean(),
      reservedStorageState: z.string().nullable(),
      activeScenario: dword,
    }),
  }),
};
