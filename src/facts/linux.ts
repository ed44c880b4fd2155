import { z } from 'zod';
import { defineGroup } from './define.js';

const fileRef = z.object({ path: z.string(), size: z.number().optional() });

/** Fact groups of the Linux sh probe (src/probes/linux). */
export const linuxFacts = {
  machineId: defineGroup({
    platforms: ['linux'],
    description: 'Contents of /etc/machine-id and /var/lib/dbus/machine-id (empty, missing, or the ID).',
    schema: z.object({
      files: z.array(z.object({ path: z.string(), state: z.enum(['missing', 'empty', 'uninitialized', 'set']), value: z.string().optional() })),
    }),
  }),
  sshHostKeys: defineGroup({
    platforms: ['linux'],
    description: 'SSH host key files under /etc/ssh (private keys and their .pub).',
    schema: z.object({ keys: z.array(fileRef) }),
  }),
  kerberos: defineGroup({
    platforms: ['linux'],
    description: 'Kerberos keytab (/etc/krb5.keytab): present, size, and the number of entries when readable.',
    needsAdmin: true,
    schema: z.object({
      keytab: z.object({ path: z.string(), present: z.boolean(), size: z.number().optional(), entries: z.number().optional() }),
    }),
  }),
};
