import { z } from 'zod';
import { defineGroup } from '../define.js';

/** Build leftovers: temp folders, Windows Error Reporting archives, memory dumps. Collected by src/probes/windows/collectors/leftovers.ps1. */
export const leftoversFacts = {
  buildLeftovers: defineGroup({
    platforms: ['windows'],
    description:
      "Files left by the build in %SystemRoot%\\Temp, each profile's AppData\\Local\\Temp and CrashDumps, the WER report archive and queue, " +
      '%SystemRoot%\\MEMORY.DMP, %SystemRoot%\\Minidump and C:\\CrashDumps: a count and size per location, bounded.',
    schema: z.object({
      locations: z.array(
        z.object({
          path: z.string(),
          kind: z.enum(['temp', 'wer', 'dump']),
          files: z.number().int(),
          bytes: z.number(),
          truncated: z.boolean(),
          error: z.string().nullable(),
        }),
      ),
    }),
  }),
};
