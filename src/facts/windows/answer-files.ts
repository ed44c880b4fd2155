import { z } from 'zod';
import { defineGroup } from '../define.js';

/** Answer files left in the implicit search locations of Windows Setup. Collected by src/probes/windows/collectors/answer-files.ps1. */
export const answerFilesFacts = {
  answerFiles: defineGroup({
    platforms: ['windows'],
    description:
      'Answer files in the implicit search locations of Windows Setup (HKLM\\SYSTEM\\Setup UnattendFile, Panther, Sysprep, drive roots): ' +
      'which secret-bearing elements they hold (never the values) and which synchronous commands call sysprep.',
    needsAdmin: true,
    schema: z.object({
      files: z.array(
        z.object({
          path: z.string(),
          source: z.string(),
          /** Set when the XML could not be read or parsed; the other lists are then empty. */
          error: z.string().nullable(),
          secrets: z.array(z.object({ element: z.string(), pass: z.string().nullable(), plainText: z.boolean().nullable() })),
          sysprepCommands: z.array(z.object({ element: z.string(), pass: z.string().nullable(), commandLine: z.string() })),
        }),
      ),
    }),
  }),
};
