import { z } from 'zod';
import { defineGroup } from '../define.js';

/** Accounts: /etc/passwd, /etc/shadow, sudoers (collector accounts.sh). */
export const accountFacts = {
  localAccounts: defineGroup({
    platforms: ['linux'],
    description: 'Accounts in /etc/passwd: name, uid, gid, home and shell (regular users are uid 1000–65533).',
    schema: z.object({
      path: z.string(),
      users: z.array(z.object({ name: z.string(), uid: z.number(), gid: z.number(), home: z.string(), shell: z.string() })),
    }),
  }),
  passwordHashes: defineGroup({
    platforms: ['linux'],
    description:
      'The state of each /etc/shadow password field (empty, locked or a hash; never the hash), and the accounts whose hashes remain in /etc/shadow- and /etc/gshadow-.',
    needsAdmin: true,
    schema: z.object({
      path: z.string(),
      entries: z.array(z.object({ name: z.string(), state: z.enum(['empty', 'locked', 'hash']) })),
      backups: z.array(z.object({ path: z.string(), hashed: z.array(z.string()) })),
    }),
  }),
  sudoersEntries: defineGroup({
    platforms: ['linux'],
    description: 'User names that start a rule in /etc/sudoers and /etc/sudoers.d/* (aliases, %groups and Defaults left out), with file and line.',
    needsAdmin: true,
    schema: z.object({ entries: z.array(z.object({ path: z.string(), line: z.number(), user: z.string() })) }),
  }),
};
