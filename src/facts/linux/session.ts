import { z } from 'zod';
import { defineGroup } from '../define.js';

/** The probe's own session (collector session.sh). */
export const sessionFacts = {
  session: defineGroup({
    platforms: ['linux'],
    description: "The probe's own session: user, sudo caller, users with a login session (/proc/*/loginuid) and ancestor processes.",
    liveOnly: true,
    schema: z.object({
      user: z.string(),
      uid: z.number().nullable(),
      sudoUser: z.string(),
      loginUsers: z.array(z.string()),
      ancestors: z.array(z.object({ pid: z.number(), name: z.string(), cmdline: z.string() })),
    }),
  }),
};
