import { z } from 'zod';
import { defineGroup } from '../define.js';
import { ownedPath } from './shapes.js';

/** What the home directories hold (collector homes.sh). */
export const homeFacts = {
  homeFiles: defineGroup({
    platforms: ['linux'],
    description:
      'History files, authorized_keys, private keys and cloud credentials in every home directory (passwd homes and /home/*); a bounded scan that says when it was cut short.',
    needsAdmin: true,
    schema: z.object({
      homes: z.number(),
      history: z.array(ownedPath),
      authorizedKeys: z.array(ownedPath.extend({ keys: z.number() })),
      secrets: z.array(ownedPath.extend({ kind: z.string() })),
      unreadable: z.array(z.string()),
      truncated: z.string().optional(),
    }),
  }),
};
