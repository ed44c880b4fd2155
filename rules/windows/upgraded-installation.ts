import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

const clean = { currentBuild: 20348, sourceOs: [], upgradeValue: null, windowsOld: false };

export default defineRule({
  id: 'W018',
  alias: 'upgraded-installation',
  title: 'The installation was not upgraded in place from an earlier Windows',
  platform: 'windows',
  severity: 'warning',
  facts: ['upgradeHistory'],
  messages: {
    unsupported: '{resource} shows an in-place upgrade (from {from}) and this build {build} is older than Windows 10 1607 (14393): Sysprep fails on it',
    upgraded: '{resource} shows an in-place upgrade (from {from}); supported since Windows 10 1607 but a known cause of Appx failures',
    windowsOld: '{resource} exists: the installation was upgraded or refreshed',
  },
  rationale:
    '"Beginning with Windows 10, version 1607, Sysprep can be used to prepare an image that has been upgraded." Before that, "using the Sysprep tool on upgrade installation types … is not supported". ' +
    'Upgraded images still fail on leftover Appx packages (W024). The registry traces are what feature updates write; their meaning is not documented.',
  remediation:
    'Rebuild the reference VM from clean media of the target version (recommended). At least remove Windows.old: `cleanmgr /sageset` "Previous Windows installation(s)", or `Dism /Online /Cleanup-Image /StartComponentCleanup`.',
  references: [SYSPREP_OVERVIEW, { title: 'Windows deployment scenarios', url: 'https://learn.microsoft.com/windows/deployment/windows-deployment-scenarios' }],
  examples: {
    pass: [{ description: 'a clean install', facts: { upgradeHistory: clean } }],
    fail: [
      {
        description: 'upgraded from Windows 10',
        facts: {
          upgradeHistory: {
            ...clean,
            currentBuild: 22631,
            sourceOs: [{ key: 'HKLM\\SYSTEM\\Setup\\Source OS (Updated on 3/14/2024 10:02:11)', productName: 'Windows 10 Enterprise', currentBuild: 19045 }],
            windowsOld: true,
          },
        },
        messageIds: ['upgraded', 'windowsOld'],
        resources: ['%SystemDrive%\\Windows.old', 'HKLM\\SYSTEM\\Setup\\Source OS (Updated on 3/14/2024 10:02:11)'],
      },
      {
        description: 'an upgraded Windows Server 2012 R2',
        facts: {
          upgradeHistory: {
            ...clean,
            currentBuild: 9600,
            sourceOs: [
              { key: 'HKLM\\SYSTEM\\Setup\\Source OS (Updated on 1/2/2015 08:00:00)', productName: 'Windows Server 2012 Standard', currentBuild: 9200 },
            ],
          },
        },
        messageIds: ['unsupported'],
        resources: ['HKLM\\SYSTEM\\Setup\\Source OS (Updated on 1/2/2015 08:00:00)'],
      },
    ],
  },
  check({ upgradeHistory }, context) {
    for (const s of upgradeHistory.sourceOs) {
      const from = [s.productName, s.currentBuild !== null ? `build ${s.currentBuild}` : null].filter(Boolean).join(' ') || 'an earlier Windows';
      const old = upgradeHistory.currentBuild < 14393;
      context.report({ messageId: old ? 'unsupported' : 'upgraded', resource: s.key, data: { from, build: upgradeHistory.currentBuild } });
    }
    if (upgradeHistory.windowsOld) context.report({ messageId: 'windowsOld', resource: '%SystemDrive%\\Windows.old' });
  },
});
