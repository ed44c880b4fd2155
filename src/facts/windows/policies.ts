import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword } from './shared.js';

/** Device policies that break provisioning. Collected by src/probes/windows/collectors/policies.ps1. */
export const policiesFacts = {
  removableStoragePolicy: defineGroup({
    platforms: ['windows'],
    description:
      'The removable-storage deny policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices Deny_All, and Deny_Read of the CD/DVD class).',
    schema: z.object({ denyAll: dword, cdDvdDenyRead: dword }),
  }),
};
