import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** The Sysprep tool itself: running sysprep.exe processes and the sysprep.exe binary. Collected by src/probes/windows/collectors/sysprep.ps1. */
export const sysprepFacts = {
  sysprepProcesses: defineGroup({
    platforms: ['windows'],
    description: "Running sysprep.exe processes (Win32_Process Name='sysprep.exe'): process ID, executable path, command line.",
    liveOnly: true,
    schema: z.object({
      processes: z.array(z.object({ pid: int, path: z.string().nullable(), commandLine: z.string().nullable() })),
    }),
  }),
  sysprepBinary: defineGroup({
    platforms: ['windows'],
    description:
      '%WINDIR%\\System32\\Sysprep\\sysprep.exe (FileVersionInfo build) against the build of the system files (ntoskrnl.exe) and the OS build ' +
      '(CurrentBuildNumber), and whether the probe runs as a 64-bit process on a 64-bit OS (offline: the OS from the PE machine of ntoskrnl.exe, the process null).',
    schema: z.object({
      path: z.string(),
      exists: z.boolean(),
      fileVersion: z.string().nullable(),
      fileBuild: int.nullable(),
      osBuild: int,
      /** FileBuildPart of %WINDIR%\System32\ntoskrnl.exe: enablement-package releases keep the system files of their base build. */
      kernelBuild: int.nullable(),
      /** null offline: no process ran on the image, so which shell will run Sysprep is not known. */
      is64BitProcess: z.boolean().nullable(),
      is64BitOperatingSystem: z.boolean(),
    }),
  }),
};
