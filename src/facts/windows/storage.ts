import { z } from 'zod';
import { defineGroup } from '../define.js';

/** The system partition and the paging files on the drives. Collected by src/probes/windows/collectors/storage.ps1. */
export const storageFacts = {
  systemDrive: defineGroup({
    platforms: ['windows'],
    description: 'The system drive letter and its partition (MSFT_Partition: NoDefaultDriveLetter, GptType).',
    schema: z.object({
      systemDrive: z.string(),
      partition: z.object({ noDefaultDriveLetter: z.boolean(), gptType: z.string().nullable() }).nullable(),
    }),
  }),
  pagefile: defineGroup({
    platforms: ['windows'],
    description: 'Session Manager\\Memory Management PagingFiles and the fixed drive letters that exist.',
    schema: z.object({ pagingFiles: z.array(z.string()), drives: z.array(z.string()) }),
  }),
};
