import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

const ok = {
  path: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe',
  exists: true,
  fileVersion: '10.0.20348.1 (WinBuild.160101.0800)',
  fileBuild: 20348,
  osBuild: 20348,
  kernelBuild: 20348,
  is64BitProcess: true,
  is64BitOperatingSystem: true,
};

export default defineRule({
  id: 'W019',
  alias: 'sysprep-binary',
  title: 'The Sysprep in %WINDIR%\\System32\\Sysprep matches this Windows build and is reachable from a 64-bit host',
  platform: 'windows',
  severity: 'error',
  facts: ['sysprepBinary'],
  messages: {
    missing: '{resource} does not exist',
    mismatch: '{resource} is build {fileBuild} but the system files are build {systemBuild} (ntoskrnl.exe; Windows reports build {osBuild})',
    wow64:
      'the lint ran in a 32-bit process on 64-bit Windows: a 32-bit host sees SysWOW64 for System32, where no sysprep.exe exists; call {resource} from a 64-bit shell or through %WINDIR%\\Sysnative',
  },
  rationale:
    '"You must use only the version of the Sysprep tool that is installed with the Windows image that you intend to configure … You must always run Sysprep from the %WINDIR%\\system32\\sysprep directory." ' +
    "On a mounted volume (root:) the builds come from the version resources of sysprep.exe and ntoskrnl.exe and the OS from the kernel's PE machine; " +
    'which shell will run Sysprep is not known there, so the 32-bit host check is left to a live lint.',
  remediation:
    'Run `%WINDIR%\\System32\\Sysprep\\sysprep.exe` from a 64-bit PowerShell or cmd; never copy sysprep.exe from another build (repair the file with `sfc /scannow`).',
  references: [
    SYSPREP_OVERVIEW,
    {
      title: 'KB5015684: Windows 10 22H2 by enablement package ("share a common core operating system with an identical set of system files")',
      url: 'https://support.microsoft.com/help/5015684',
    },
    { title: 'KB5027397: Windows 11 23H2 by enablement package', url: 'https://support.microsoft.com/help/5027397' },
  ],
  examples: {
    pass: [
      { description: 'matching build', facts: { sysprepBinary: ok } },
      {
        description: "Windows 10 22H2: CurrentBuildNumber 19045, system files (and Sysprep) 19041 from the enablement package's base",
        facts: { sysprepBinary: { ...ok, fileVersion: '10.0.19041.3636 (WinBuild.160101.0800)', fileBuild: 19041, osBuild: 19045, kernelBuild: 19041 } },
      },
      {
        description: 'Windows 11 23H2: CurrentBuildNumber 22631, system files 22621',
        facts: { sysprepBinary: { ...ok, fileVersion: '10.0.22621.1 (WinBuild.160101.0800)', fileBuild: 22621, osBuild: 22631, kernelBuild: 22621 } },
      },
      {
        description: 'a mounted volume: the version resources read from the files, no process ran on the image',
        facts: { sysprepBinary: { ...ok, path: '/mnt/windows/Windows/System32/Sysprep/sysprep.exe', is64BitProcess: null } },
      },
    ],
    fail: [
      {
        description: 'copied from 2019',
        facts: { sysprepBinary: { ...ok, fileBuild: 17763, fileVersion: '10.0.17763.1' } },
        messageIds: ['mismatch'],
        resources: ['C:\\Windows\\System32\\Sysprep\\sysprep.exe'],
      },
      {
        description: 'a 32-bit host',
        facts: { sysprepBinary: { ...ok, is64BitProcess: false } },
        messageIds: ['wow64'],
        resources: ['C:\\Windows\\System32\\Sysprep\\sysprep.exe'],
      },
      {
        description: 'deleted',
        facts: { sysprepBinary: { ...ok, exists: false, fileBuild: null, fileVersion: null } },
        messageIds: ['missing'],
        resources: ['C:\\Windows\\System32\\Sysprep\\sysprep.exe'],
      },
      {
        description: 'Windows 11 23H2 with a sysprep.exe from 24H2',
        facts: { sysprepBinary: { ...ok, fileVersion: '10.0.26100.1 (WinBuild.160101.0800)', fileBuild: 26100, osBuild: 22631, kernelBuild: 22621 } },
        messageIds: ['mismatch'],
        resources: ['C:\\Windows\\System32\\Sysprep\\sysprep.exe'],
      },
    ],
    unknown: [
      {
        description: 'builds differ and ntoskrnl.exe could not be read',
        facts: { sysprepBinary: { ...ok, fileBuild: 19041, osBuild: 19045, kernelBuild: null } },
        reason: 'the build of ntoskrnl.exe could not be read',
      },
    ],
  },
  check({ sysprepBinary: b }, context) {
    if (!b.exists) return context.report({ messageId: 'missing', resource: b.path });
    if (b.fileBuild !== null) {
      if (b.kernelBuild !== null) {
        if (b.fileBuild !== b.kernelBuild)
          context.report({ messageId: 'mismatch', resource: b.path, data: { fileBuild: b.fileBuild, systemBuild: b.kernelBuild, osBuild: b.osBuild } });
      } else if (b.fileBuild !== b.osBuild) {
        // Without the kernel's build an enablement-package release cannot be told from a foreign sysprep.exe.
        context.unknown(`${b.path} is build ${b.fileBuild}, Windows reports ${b.osBuild}, and the build of ntoskrnl.exe could not be read`);
      }
    }
    // null offline (root: on a mounted volume): no shell ran on the image, and its System32 is read as it is.
    if (b.is64BitOperatingSystem && b.is64BitProcess === false) context.report({ messageId: 'wow64', resource: b.path });
  },
});
