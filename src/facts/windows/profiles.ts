import { z } from 'zod';
import { defineGroup } from '../define.js';

/** User profiles and local accounts. Collected by src/probes/windows/collectors/profiles.ps1. */
export const profilesFacts = {
  userProfiles: defineGroup({
    platforms: ['windows'],
    description: 'ProfileList entries (SID, ProfileImagePath, whether the folder exists) and Win32_UserProfile Loaded/Special.',
    schema: z.object({
      profiles: z.array(z.object({ sid: z.string(), path: z.string(), exists: z.boolean(), special: z.boolean(), loaded: z.boolean().nullable() })),
    }),
  }),
  localUserAccounts: defineGroup({
    platforms: ['windows'],
    description: 'The local user accounts (Win32_UserAccount where LocalAccount=True): name, SID and whether the account is disabled.',
    schema: z.object({
      accounts: z.array(z.object({ name: z.string(), sid: z.string(), disabled: z.boolean().nullable() })),
    }),
  }),
};
