import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword } from './shared.js';

/** Appx packages and Microsoft Store updates. Collected by src/probes/windows/collectors/appx.ps1. */
export const appxFacts = {
  appxPackages: defineGroup({
    platforms: ['windows'],
    description:
      'Get-AppxProvisionedPackage -Online (PackageName) and Get-AppxPackage -AllUsers (full name, signature kind, framework flag, per-user install state). Elevated only.',
    needsAdmin: true,
    schema: z.object({
      provisioned: z.array(z.string()),
      packages: z.array(z.object({
        fullName: z.string(),
        signatureKind: z.string(),
        isFramework: z.boolean(),
        users: z.array(z.object({ sid: z.string(), account: z.string().nullable(), state: z.string() })),
      })),
    }),
  }),
  storeUpdate: defineGroup({
    platforms: ['windows'],
    description: 'Microsoft Store automatic update policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsStore AutoDownload) and Internet connectivity of the network profiles.',
    schema: z.object({
      storeInstalled: z.boolean(),
      policyAutoDownload: dword,
      autoDownload: dword,
      internet: z.boolean().nullable(),
    }),
  }),
};
