import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_GENERALIZE } from './lib/references.js';

const SPP = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform\\SkipRearm';

export default defineRule({
  id: 'W013',
  alias: 'rearm-limit',
  title: 'The generalization (rearm) limit is not reached and SkipRearm is off',
  platform: 'windows',
  severity: 'warning',
  facts: ['licensing'],
  messages: {
    exhausted: 'SoftwareLicensingService.RemainingWindowsReArmCount = 0 on Windows {version}; Sysprep /generalize fails in SLReArmWindows',
    skip: '{resource} = 1: the licensing clock is not reset; remove it for the final generalization',
  },
  rationale:
    '"The Rearm process can be run a maximum of three times in a Windows image" (Windows 7 / Server 2008 R2 and earlier); newer Windows allows 1001 runs: ' +
    '"After running Sysprep 1001 times, you must recreate your Windows image." SkipRearm = 1 is meant for intermediate runs only. ' +
    'On a mounted volume (root:) only SkipRearm can be read (SOFTWARE hive): SkipRearm = 1 fails; otherwise the rule is not-applicable, ' +
    'because the remaining count needs the running system (SoftwareLicensingService).',
  remediation:
    'Rebuild from media when the count is used up. Remove SkipRearm for the final seal: ' +
    "`Remove-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform' -Name SkipRearm` and drop Microsoft-Windows-Security-SPP/SkipRearm from the answer file.",
  references: [
    SYSPREP_GENERALIZE,
    {
      title: 'Error occurs when you run Sysprep /generalize (rearm limit)',
      url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/error-occurs-when-running-sysprep-generalize',
    },
    {
      title: 'Slmgr.vbs options: /rearm "does nothing if ... SoftwareProtectionPlatform\\SkipRearm ... is set to 1"',
      url: 'https://learn.microsoft.com/windows-server/get-started/activation-slmgr-vbs-options',
    },
    { title: 'SoftwareLicensingService class', url: 'https://learn.microsoft.com/previous-versions/windows/desktop/sppwmi/softwarelicensingservice' },
  ],
  examples: {
    pass: [{ description: 'Windows Server 2022', facts: { licensing: { remainingWindowsRearmCount: 1001, skipRearm: null, osVersion: '10.0.20348' } } }],
    fail: [
      {
        description: 'SkipRearm left on',
        facts: { licensing: { remainingWindowsRearmCount: 1001, skipRearm: 1, osVersion: '10.0.20348' } },
        messageIds: ['skip'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform\\SkipRearm'],
      },
      {
        description: 'Windows 7 with no rearm left',
        facts: { licensing: { remainingWindowsRearmCount: 0, skipRearm: 0, osVersion: '6.1.7601' } },
        messageIds: ['exhausted'],
        resources: ['SoftwareLicensingService.RemainingWindowsReArmCount'],
      },
      {
        description: 'a mounted volume with SkipRearm = 1: the registry alone decides, the count is not known',
        facts: { licensing: { remainingWindowsRearmCount: null, skipRearm: 1, osVersion: '10.0.20348' } },
        messageIds: ['skip'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform\\SkipRearm'],
      },
    ],
    unknown: [
      {
        description: 'SoftwareLicensingService reported no count',
        facts: { licensing: { remainingWindowsRearmCount: null, skipRearm: null, osVersion: '10.0.20348' } },
        reason: 'RemainingWindowsReArmCount was not reported',
      },
    ],
  },
  check({ licensing }, context) {
    if (licensing.skipRearm === 1) context.report({ messageId: 'skip', resource: SPP });
    if (licensing.remainingWindowsRearmCount === 0) {
      context.report({ messageId: 'exhausted', resource: 'SoftwareLicensingService.RemainingWindowsReArmCount', data: { version: licensing.osVersion } });
    } else if (licensing.remainingWindowsRearmCount === null && licensing.skipRearm !== 1) {
      // Never a pass on half the check (offline the group is not-applicable instead: derive/licensing.ts).
      context.unknown('SoftwareLicensingService.RemainingWindowsReArmCount was not reported, so whether a generalization is left cannot be told');
    }
  },
});
