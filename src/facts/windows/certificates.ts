import { z } from 'zod';
import { defineGroup } from '../define.js';

/** Self-issued machine certificates. Collected by src/probes/windows/collectors/certificates.ps1. */
export const certificatesFacts = {
  selfSignedCertificates: defineGroup({
    platforms: ['windows'],
    description:
      'Self-issued certificates (IssuerName = SubjectName) in the machine stores Remote Desktop and My, read with .NET X509Store ' +
      '(read-only, existing stores only): store, thumbprint, subject, expiry. Never the private key.',
    liveOnly: true,
    needsAdmin: true,
    schema: z.object({
      /** Each store looked at; a store that does not exist is no error. */
      stores: z.array(z.object({ name: z.string(), exists: z.boolean() })),
      certificates: z.array(z.object({ store: z.string(), thumbprint: z.string(), subject: z.string(), notAfter: z.string() })),
    }),
  }),
};
