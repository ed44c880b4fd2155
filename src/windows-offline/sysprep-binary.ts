/**
 * sysprepBinary offline, the same fields as Get-PresealSysprepBinary (collectors/sysprep.ps1):
 * the version resource of %WINDIR%\System32\Sysprep\sysprep.exe and of ntoskrnl.exe read with
 * pe-version.ts where the live probe asks FileVersionInfo (fileVersion: its FileVersion string,
 * fileBuild: FileBuildPart, HIWORD of VS_FIXEDFILEINFO dwFileVersionLS), and CurrentBuildNumber
 * through Get-RegInt's reading of the registry.
 *
 * Offline there is no WOW64 redirection: System32 on the volume is the real one. The OS is 64-bit
 * when its kernel is built for a 64-bit machine (IMAGE_FILE_HEADER.Machine of ntoskrnl.exe; else of
 * sysprep.exe, which ships for the OS's own machine; else SysWOW64, which only 64-bit Windows has:
 * learn.microsoft.com/windows/win32/winprog64/file-system-redirector). is64BitProcess is null:
 * no process ran on the image, and the shell that will run Sysprep on it is not known here.
 *
 * A file FileVersionInfo would read with no version resource gives fileVersion null and build 0,
 * as live; a damaged PE makes the group an error with its one-line reason (W019 then unknown).
 * Live, FileVersionInfo asks GetFileVersionInfoEx(FILE_VER_GET_LOCALISED), which may take the
 * version resource from the file's .mui in a language folder beside it; offline the file's own is
 * read (a volume's language resources are not followed).
 */
import type { Facts } from '../facts/catalog.js';
import type { Derived } from './derive/define.js';
import { presealInt } from './derive/registry-data.js';
import { machineIs64Bit, PeError, readPeVersionFile, type PeVersion } from './pe-version.js';
import type { RegistrySource } from './registry-source.js';

const CV = 'Microsoft\\Windows NT\\CurrentVersion';
export const SYSPREP_EXE = 'System32\\Sysprep\\sysprep.exe';
export const KERNEL_EXE = 'System32\\ntoskrnl.exe';

export interface SysprepBinaryVolume {
  registry: RegistrySource;
  /** The file on the volume for a path below %WINDIR%, matched as NTFS matches names; undefined when absent. */
  findWindowsFile(relative: string): string | undefined;
  /** The path shown in the facts for a path below %WINDIR%. */
  windowsPath(relative: string): string;
}

export function deriveSysprepBinary(v: SysprepBinaryVolume): Derived<Facts['sysprepBinary']> {
  const build = v.registry.read({ hive: 'SOFTWARE', key: CV, value: 'CurrentBuildNumber' });
  if (build.kind === 'unreadable') return { error: build.reason };
  const osBuild = presealInt(build);
  if (osBuild === null || osBuild === undefined) return { error: `HKLM:\\SOFTWARE\\${CV} CurrentBuildNumber is not readable` };
  const read = (rel: string): PeVersion | undefined | { error: string } => {
    const file = v.findWindowsFile(rel);
    if (file === undefined) return undefined;
    try {
      return readPeVersionFile(file, v.windowsPath(rel));
    } catch (e) {
      if (e instanceof PeError) return { error: e.message };
      throw e;
    }
  };
  const sysprep = read(SYSPREP_EXE);
  const kernel = read(KERNEL_EXE);
  for (const x of [sysprep, kernel]) if (x && 'error' in x) return { error: x.error };
  const s = sysprep as PeVersion | undefined;
  const k = kernel as PeVersion | undefined;
  const is64 = (k && machineIs64Bit(k.machine)) ?? (s && machineIs64Bit(s.machine)) ?? (v.findWindowsFile('SysWOW64') !== undefined ? true : undefined);
  if (is64 === undefined) {
    return {
      error: `whether this Windows is 64-bit cannot be told: neither ${KERNEL_EXE} nor ${SYSPREP_EXE} is a PE of a known machine, and there is no SysWOW64`,
    };
  }
  return {
    facts: {
      path: v.windowsPath(SYSPREP_EXE),
      exists: s !== undefined,
      fileVersion: s?.fileVersion ?? null,
      fileBuild: s ? (s.fixed?.build ?? 0) : null,
      osBuild,
      kernelBuild: k ? (k.fixed?.build ?? 0) : null,
      is64BitProcess: null,
      is64BitOperatingSystem: is64,
    },
  };
}
