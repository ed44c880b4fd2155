/**
 * os and userProfiles from the registry of the volume.
 *
 * os: Win32_OperatingSystem is not there offline; HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
 * holds what it reports: ProductName, the version (CurrentMajorVersionNumber.CurrentMinorVersionNumber
 * on Windows 10 and later, CurrentVersion before) with CurrentBuildNumber, and the architecture in
 * Session Manager\Environment PROCESSOR_ARCHITECTURE (learn.microsoft.com/windows/win32/winprog64/wow64-implementation-details).
 * No Windows rule reads os; reports show it.
 *
 * userProfiles (collectors/profiles.ps1): ProfileList <SID> ProfileImagePath, expanded as Windows
 * does (%SystemDrive% and %SystemRoot% from CurrentVersion SystemRoot), and whether that folder is
 * on the volume. A profile on another drive cannot be checked here: an error, never a guess.
 * Loaded comes from Win32_UserProfile: null, as live when CIM fails.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt, presealText } from './registry-data.js';
import { treeValue } from './registry-lists.js';

const CV = 'Microsoft\\Windows NT\\CurrentVersion';
const ARCH: Record<string, string> = { AMD64: '64-bit', X86: '32-bit', ARM64: 'ARM 64-bit Processor', IA64: '64-bit' };

export const osDerivation = defineDerivation<Facts['os']>({
  group: 'os',
  reads: {
    product: { hive: 'SOFTWARE', key: CV, value: 'ProductName' },
    major: { hive: 'SOFTWARE', key: CV, value: 'CurrentMajorVersionNumber' },
    minor: { hive: 'SOFTWARE', key: CV, value: 'CurrentMinorVersionNumber' },
    legacy: { hive: 'SOFTWARE', key: CV, value: 'CurrentVersion' },
    build: { hive: 'SOFTWARE', key: CV, value: 'CurrentBuildNumber' },
    arch: { hive: 'SYSTEM', key: 'CurrentControlSet\\Control\\Session Manager\\Environment', value: 'PROCESSOR_ARCHITECTURE' },
  },
  derive(r): Derived<Facts['os']> {
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    const product = presealText(r['product']!);
    const build = presealText(r['build']!);
    if (!product || !build) return { error: `HKLM\\SOFTWARE\\${CV} has no ProductName or CurrentBuildNumber` };
    const major = presealInt(r['major']!);
    const minor = presealInt(r['minor']!);
    const base = major != null && minor != null ? `${major}.${minor}` : presealText(r['legacy']!);
    const arch = ARCH[(presealText(r['arch']!) ?? '').toUpperCase()];
    return { facts: { name: `Microsoft ${product}`, version: base ? `${base}.${build}` : build, build, ...(arch ? { arch } : {}) } };
  },
});

const PROFILES = `${CV}\\ProfileList`;

export const userProfilesDerivation = defineDerivation<Facts['userProfiles']>({
  group: 'userProfiles',
  reads: {
    list: { hive: 'SOFTWARE', key: PROFILES, tree: 1 },
    systemRoot: { hive: 'SOFTWARE', key: CV, value: 'SystemRoot' },
  },
  derive({ list, systemRoot }, ctx): Derived<Facts['userProfiles']> {
    for (const x of [list, systemRoot]) if (x?.kind === 'unreadable') return { error: x.reason };
    if (list?.kind !== 'tree') return { error: `the registry key HKLM:\\SOFTWARE\\${PROFILES} is not readable` };
    const root = presealText(systemRoot!) ?? '';
    const drive = /^[A-Za-z]:/.exec(root)?.[0];
    if (!drive) return { error: `HKLM\\SOFTWARE\\${CV} SystemRoot ("${root}") names no drive, so profile paths cannot be placed on this volume` };
    if (!ctx.volumeExists) return { error: 'the profile folders can be checked only on a mounted volume' };
    const profiles: Facts['userProfiles']['profiles'] = [];
    for (const k of list.tree.subkeys) {
      const raw = presealText(treeValue(k, 'ProfileImagePath'));
      if (raw === null) continue;
      const path = raw.replace(/%SystemDrive%/gi, drive).replace(/%SystemRoot%|%windir%/gi, root);
      const m = /^([A-Za-z]:)\\(.*)$/.exec(path);
      if (!m || m[1]!.toUpperCase() !== drive.toUpperCase())
        return { error: `profile ${k.name} is at ${path}, not on the system volume ${drive} mounted here` };
      const rel = m[2]!;
      profiles.push({ sid: k.name, path, exists: ctx.volumeExists(rel), special: /^S-1-5-(18|19|20)$/i.test(k.name), loaded: null });
    }
    return { facts: { profiles } };
  },
});
