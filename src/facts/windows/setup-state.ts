import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** Windows Setup and Sysprep state in the registry and State.ini. Derived from the live probe's raw reads (src/platforms/windows/live.ts), as offline. */
export const setupStateFacts = {
  sysprepState: defineGroup({
    platforms: ['windows'],
    description:
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State ImageState, %WINDIR%\\Setup\\State\\State.ini, and ' +
      'HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus GeneralizationState / CleanupState.',
    schema: z.object({
      imageState: z.string().nullable(),
      /** [State] ImageState= in %WINDIR%\Setup\State\State.ini; null when the file is absent. */
      stateIniImageState: z.string().nullable().optional(),
      generalizationState: int.nullable(),
      cleanupState: int.nullable(),
    }),
  }),
  setupStatus: defineGroup({
    platforms: ['windows'],
    description:
      'HKLM\\SYSTEM\\Setup SystemSetupInProgress, OOBEInProgress, SetupType, SetupPhase; HKLM\\SYSTEM\\Setup\\Status AuditBoot and ChildCompletion\\setup.exe.',
    schema: z.object({
      systemSetupInProgress: int.nullable(),
      oobeInProgress: int.nullable(),
      setupType: int.nullable(),
      setupPhase: int.nullable(),
      auditBoot: int.nullable(),
      childCompletionSetup: int.nullable(),
    }),
  }),
};
