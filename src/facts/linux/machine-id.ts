import { z } from 'zod';
import { defineGroup } from '../define.js';

/** The machine ID (collector machine-id.sh). */
export const machineIdFacts = {
  machineId: defineGroup({
    platforms: ['linux'],
    description: 'Contents of /etc/machine-id and /var/lib/dbus/machine-id (empty, missing, or the ID).',
    schema: z.object({
      files: z.array(z.object({ path: z.string(), state: z.enum(['missing', 'empty', 'uninitialized', 'set']), value: z.string().optional() })),
    }),
  }),
};
