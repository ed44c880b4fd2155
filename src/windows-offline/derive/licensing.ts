/**
 * licensing offline. Of the two things W013 checks, the registry holds one:
 * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform SkipRearm ("slmgr
 * /rearm ... does nothing if ... SkipRearm ... is set to 1", learn.microsoft.com/windows-server/get-started/activation-slmgr-vbs-options),
 * read as Get-RegInt reads it. RemainingWindowsReArmCount only SoftwareLicensingService (CIM) on
 * the running system reports.
 *
 * So the group is facts only where the registry alone decides: SkipRearm = 1, with the count null
 * (unknown). Otherwise it is not applicable, "needs the running system", never a pass on half the
 * check. osVersion is Win32_OperatingSystem.Version's form, major.minor.build from CurrentVersion.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt, presealText } from './registry-data.js';

const CV = 'Microsoft\\Windows NT\\CurrentVersion';
export const SPP_KEY = `${CV}\\SoftwareProtectionPlatform`;
export const REARM_COUNT_NEEDS_RUNNING_SYSTEM = 'needs the running system: RemainingWindowsReArmCount comes from SoftwareLicensingService (CIM)';

export const licensingDerivation = defineDerivation<Facts['licensing']>({
  group: 'licensing',
  reads: {
    skip: { hive: 'SOFTWARE', key: SPP_KEY, value: 'SkipRearm' },
    major: { hive: 'SOFTWARE', key: CV, value: 'CurrentMajorVersionNumber' },
    minor: { hive: 'SOFTWARE', key: CV, value: 'CurrentMinorVersionNumber' },
    legacy: { hive: 'SOFTWARE', key: CV, value: 'CurrentVersion' },
    build: { hive: 'SOFTWARE', key: CV, value: 'CurrentBuildNumber' },
  },
  derive(r): Derived<Facts['licensing']> {
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    const skip = presealInt(r['skip']!) ?? null;
    if (skip !== 1) {
      return { notApplicable: `${REARM_COUNT_NEEDS_RUNNING_SYSTEM}; HKLM\\SOFTWARE\\${SPP_KEY} SkipRearm is ${skip === null ? 'not set' : skip}` };
    }
    const build = presealText(r['build']!);
    if (!build) return { error: `HKLM\\SOFTWARE\\${CV} has no CurrentBuildNumber` };
    const major = presealInt(r['major']!);
    const minor = presealInt(r['minor']!);
    const base = major != null && minor != null ? `${major}.${minor}` : presealText(r['legacy']!);
    return { facts: { remainingWindowsRearmCount: null, skipRearm: skip, osVersion: base ? `${base}.${build}` : build } };
  },
});
