import { z } from 'zod';
import { defineGroup } from '../define.js';

/** Cloud boot drivers in each installed kernel (collector kernel-modules.sh). */
export const kernelModuleFacts = {
  cloudDrivers: defineGroup({
    platforms: ['linux'],
    description:
      'For each kernel in /boot, whether the NVMe (nvme, nvme-core), ENA (ena) and gVNIC (gve) drivers are built in (modules.builtin) or ' +
      'modules depmod indexed (modules.dep) under /lib/modules/<version>; when live, which of them the running kernel has (/sys/module).',
    schema: z.object({
      kernels: z.array(
        z.object({
          version: z.string(),
          /** /lib/modules/<version>, or null when the kernel has no module tree. */
          modulesDir: z.string().nullable(),
          /** Whether modules.builtin and modules.dep were there and read. */
          indexed: z.object({ builtin: z.boolean(), dep: z.boolean() }),
          /** Driver names (dashes as underscores) listed in modules.builtin. */
          builtin: z.array(z.string()),
          /** Driver modules listed in modules.dep, with their path relative to the module tree. */
          modules: z.array(z.object({ name: z.string(), path: z.string() })),
        }),
      ),
      /** Live only: the drivers the running kernel has loaded or built in (/sys/module/<name>); null offline. */
      running: z.array(z.string()).nullable(),
      unreadable: z.array(z.string()),
    }),
  }),
};
