import { z } from 'zod';
import { defineGroup } from './define.js';

/** Fact groups both probes yield. */
export const commonFacts = {
  os: defineGroup({
    platforms: ['linux', 'windows'],
    description: 'Operating system name, version and build as the OS reports them (os-release, Win32_OperatingSystem).',
    schema: z.object({
      name: z.string(),
      version: z.string(),
      id: z.string().optional(),
      build: z.string().optional(),
      kernel: z.string().optional(),
      arch: z.string().optional(),
    }),
  }),
  cloud: defineGroup({
    platforms: ['linux', 'windows'],
    description: 'The cloud the machine runs in, detected from DMI/SMBIOS and agent files, with the evidence used.',
    schema: z.object({
      provider: z.enum(['azure', 'aws', 'gcp', 'other', 'none']),
      evidence: z.array(z.string()),
    }),
  }),
};
