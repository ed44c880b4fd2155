import { z } from 'zod';
import { defineGroup } from '../define.js';

/** The Kerberos host keytab (collector kerberos.sh). */
export const kerberosFacts = {
  kerberos: defineGroup({
    platforms: ['linux'],
    description: 'Kerberos host keytab (/etc/krb5.keytab): present, size, and its principals when readable.',
    schema: z.object({
      keytab: z.object({
        path: z.string(),
        present: z.boolean(),
        size: z.number().nullable().optional(),
        readable: z.boolean().optional(),
        entries: z.number().optional(),
        keys: z.array(z.object({ principal: z.string(), kvno: z.number().nullable(), enctype: z.number().nullable() })).optional(),
      }),
    }),
  }),
};
