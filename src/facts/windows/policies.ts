import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword } from './shared.js';

/** Device policies that break provisioning. Derived from the live probe's raw registry reads (src/platforms/windows/live.ts), as offline. */
export const policiesFacts = {
  removableStoragePolicy: defineGroup({
    platforms: ['windows'],
    description:
      'The removable-storage deny policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices Deny_All, and Deny_Read of the CD/DVD class).',
    schema: z.object({ denyAll: dword, cdDvdDenyRead: dword }),
  }),
};
