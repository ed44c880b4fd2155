import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** Password policy applied by Group Policy. Collected by src/probes/windows/collectors/password-policy.ps1. */
export const passwordPolicyFacts = {
  passwordPolicy: defineGroup({
    platforms: ['windows'],
    description:
      'Password policy applied by Group Policy, from the RSoP provider (root\\rsop\\computer RSOP_SecuritySettingBoolean / ' +
      'RSOP_SecuritySettingNumeric, KeyName PasswordComplexity / MinimumPasswordLength), with the GPO that set it.',
    needsAdmin: true,
    schema: z.object({
      settings: z.array(z.object({ keyName: z.string(), value: z.union([z.boolean(), z.number()]), gpoId: z.string().nullable(), precedence: int.nullable() })),
      /** The RSoPLogging value (= 0) that turned RSoP logging off, so that `settings` cannot be trusted; null when logging is on. */
      rsopLoggingDisabled: z.string().nullable(),
    }),
  }),
};
