import { z } from 'zod';
import { defineGroup } from '../define.js';

/** Panther logs of earlier Setup/Sysprep runs. Collected by src/probes/windows/collectors/panther.ps1. */
export const pantherFacts = {
  panther: defineGroup({
    platforms: ['windows'],
    description:
      'Panther logs of earlier Setup/Sysprep runs (error and warning lines only: the newest 100 of each log), Sysprep_succeeded.tag and whether %WINDIR%\\Panther exists.',
    needsAdmin: true,
    schema: z.object({
      pantherFolder: z.string().nullable(),
      succeededTag: z.string().nullable(),
      logs: z.array(z.object({ path: z.string(), lines: z.array(z.object({ line: z.number().int(), text: z.string() })) })),
      truncated: z.boolean(),
    }),
  }),
};
