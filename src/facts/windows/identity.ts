import { z } from 'zod';
import { defineGroup } from '../define.js';

/** Who the probe runs as (Sysprep refuses LocalSystem and non-administrators). Collected by src/probes/windows/collectors/identity.ps1. */
export const identityFacts = {
  identity: defineGroup({
    platforms: ['windows'],
    description:
      'The account the probe runs as ([Security.Principal.WindowsIdentity]::GetCurrent()): name, SID, LocalSystem or not, elevated Administrator or not.',
    schema: z.object({
      name: z.string(),
      sid: z.string(),
      isSystem: z.boolean(),
      isElevatedAdmin: z.boolean(),
    }),
  }),
};
