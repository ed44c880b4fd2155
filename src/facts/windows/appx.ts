import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword } from './shared.js';

/** Appx packages and Microsoft Store updates. Collected by src/probes/windows/collectors/appx.ps1. */
export const appxFacts = {
  appxPackages: defineGroup({
    platforms: ['windows'],
    description:
      'Provisioned packages as Windows records them (subkeys of HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Applications: ' +
      'bundle and main package full names; InboxApplications) and installed packages from Get-AppxPackage -AllUsers (full name, signature kind, ' +
      'framework flag, per-user install state), or, where the Appx cmdlets fail (remote and session-0 runs), from the per-user ' +
      'AppxAllUserStore\\<SID> subkeys. Elevated only.',
    needsAdmin: true,
    schema: z.object({
      /** Where `packages` came from: the Appx cmdlets, or the registry when they failed (then `cmdletError` says why). */
      source: z.enum(['Get-AppxPackage', 'registry']),
      cmdletError: z.string().nullable(),
      /** Full names under AppxAllUserStore\Applications: provisioned bundles (Name_Version_neutral_~_PublisherId) and their main packages. */
      provisioned: z.array(z.string()),
      /** Full names under AppxAllUserStore\InboxApplications: packages that ship with Windows. */
      inbox: z.array(z.string()),
      packages: z.array(
        z.object({
          fullName: z.string(),
          /** Null when read from the registry, which does not record it. */
          signatureKind: z.string().nullable(),
          isFramework: z.boolean().nullable(),
          users: z.array(z.object({ sid: z.string(), account: z.string().nullable(), state: z.string() })),
        }),
      ),
    }),
  }),
  storeUpdate: defineGroup({
    platforms: ['windows'],
    description:
      'Microsoft Store automatic update policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsStore AutoDownload) and Internet connectivity of the network profiles.',
    schema: z.object({
      storeInstalled: z.boolean(),
      policyAutoDownload: dword,
      autoDownload: dword,
      internet: z.boolean().nullable(),
    }),
  }),
};
