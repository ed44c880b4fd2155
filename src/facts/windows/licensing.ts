import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** Software Protection Platform rearm state. Collected by src/probes/windows/collectors/licensing.ps1. */
export const licensingFacts = {
  licensing: defineGroup({
    platforms: ['windows'],
    description:
      'SoftwareLicensingService.RemainingWindowsReArmCount and HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform SkipRearm.',
    schema: z.object({
      remainingWindowsRearmCount: int.nullable(),
      skipRearm: int.nullable(),
      osVersion: z.string(),
    }),
  }),
};
