import { z } from 'zod';
import { defineGroup } from '../define.js';
import { fileRef } from './shapes.js';

/** The Kerberos host keytab and a KDC's database (collector kerberos.sh). */
export const kerberosFacts = {
  kerberos: defineGroup({
    platforms: ['linux'],
    description:
      "Kerberos host keytab (/etc/krb5.keytab): present, size, and its principals when readable; and a KDC's database files, master key stash and kadmind keytab (/var/kerberos/krb5kdc, /var/lib/krb5kdc, /etc/krb5kdc/stash).",
    schema: z.object({
      keytab: z.object({
        path: z.string(),
        present: z.boolean(),
        size: z.number().nullable().optional(),
        readable: z.boolean().optional(),
        entries: z.number().optional(),
        keys: z.array(z.object({ principal: z.string(), kvno: z.number().nullable(), enctype: z.number().nullable() })).optional(),
      }),
      /** Absent in facts recorded before the probe looked for a KDC. */
      kdc: z.array(fileRef).optional(),
    }),
  }),
};
