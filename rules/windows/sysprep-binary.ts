import { defineRule } from '../../src/rules/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

const ok = { path: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe', exists: true, fileVersion: '10.0.20348.1 (WinBuild.160101.0800)', fileBuild: 20348, osBuild: 20348, is64BitProcess: true, is64BitOperatingSystem: true };

export default defineRule({
  id: 'W019',
  alias: 'sysprep-binary',
  title: 'The Sysprep in %WINDIR%\\System32\\Sysprep matches this Windows build and is reachable from a 64-bit host',
  platform: 'windows',
  severity: 'error',
  facts: ['sysprepBinary'],
  messages: {
    missing: '{resource} does not exist',
    mismatch: '{resource} is build {fileBuild} but Windows is build {osBuild} (CurrentBuildNumber)',
    wow64: 'the lint ran in a 32-bit process on 64-bit Windows: a 32-bit host sees SysWOW64 for System32, where no sysprep.exe exists; call {resource} from a 64-bit shell or through %WINDIR%\\Sysnative',
  },
  rationale:
    '"You must use only the version of the Sysprep tool that is installed with the Windows image that you intend to configure … You must always run Sysprep from the %WINDIR%\\system32\\sysprep directory."',
  remediation: 'Run `%WINDIR%\\System32\\Sysprep\\sysprep.exe` from a 64-bit PowerShell or cmd; never copy sysprep.exe from another build (repair the file with `sfc /scannow`).',
  references: [SYSPREP_OVERVIEW],
  examples: {
    pass: [{ description: 'matching build', facts: { sysprepBinary: ok } }],
    fail: [
      { description: 'copied from 2019', facts: { sysprepBinary: { ...ok, fileBuild: 17763, fileVersion: '10.0.17763.1' } }, messageIds: ['mismatch'], resources: ['C:\\Windows\\System32\\Sysprep\\sysprep.exe'] },
      { description: 'a 32-bit host', facts: { sysprepBinary: { ...ok, is64BitProcess: false } }, messageIds: ['wow64'], resources: ['C:\\Windows\\System32\\Sysprep\\sysprep.exe'] },
      { description: 'deleted', facts: { sysprepBinary: { ...ok, exists: false, fileBuild: null, fileVersion: null } }, messageIds: ['missing'], resources: ['C:\\Windows\\System32\\Sysprep\\sysprep.exe'] },
    ],
  },
  check({ sysprepBinary: b }, context) {
    if (!b.exists) return context.report({ messageId: 'missing', resource: b.path });
    if (b.fileBuild !== null && b.fileBuild !== b.osBuild) context.report({ messageId: 'mismatch', resource: b.path, data: { fileBuild: b.fileBuild, osBuild: b.osBuild } });
    if (b.is64BitOperatingSystem && !b.is64BitProcess) context.report({ messageId: 'wow64', resource: b.path });
  },
});
