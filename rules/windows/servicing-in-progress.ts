import { defineRule } from '../../src/engine/define.js';

const idle = {
  installerBusy: false,
  installerBusyError: null,
  trustedInstallerStatus: 'Stopped',
  cbsSessionsPending: false,
  reservedStorageState: 'Enabled',
  activeScenario: 0,
};

export default defineRule({
  id: 'W027',
  alias: 'servicing-in-progress',
  title: 'No Windows Update or servicing operation is running (reserved storage not in use)',
  platform: 'windows',
  severity: 'error',
  facts: ['servicing'],
  messages: {
    busy: 'Windows Update is installing (Microsoft.Update.Installer.IsBusy = True)',
    sessions: '{resource} is set: component servicing sessions are pending',
    scenario: '{resource} = {value}: reserved storage is in use by a servicing scenario (Sysprep stops with 0x800F0975)',
    trustedInstaller: 'service TrustedInstaller is {status}: a servicing operation is running',
  },
  rationale:
    'spopk.dll!Sysprep_Clean_Validate_Opk stops Sysprep while updates are being installed ("An update or servicing operation may be ' +
    'using reserved storage", 0x800F0975) or when it cannot query pending servicing operations (0x80080005).',
  remediation:
    'Let Windows Update finish, restart, and repeat until no updates are offered; then run Sysprep. `Set-WindowsReservedStorageState -State Disabled` fails while storage is in use.',
  references: [
    {
      title: 'Using WUA From a Remote Computer (IUpdateSession::CreateUpdateInstaller is not available remotely)',
      url: 'https://learn.microsoft.com/windows/win32/wua_sdk/using-wua-from-a-remote-computer',
    },
    {
      title: 'Errors when capturing a Windows 11 image: reserved storage in use',
      url: 'https://learn.microsoft.com/troubleshoot/mem/configmgr/os-deployment/windows-11-image-capture-fail',
    },
    {
      title: 'GoogleCloudPlatform/compute-image-windows#156: Failed to query pending CBS operations',
      url: 'https://github.com/GoogleCloudPlatform/compute-image-windows/issues/156',
    },
  ],
  examples: {
    pass: [
      { description: 'idle', facts: { servicing: idle } },
      {
        description: 'over WinRM: IsBusy cannot be called remotely, TrustedInstaller is stopped',
        facts: { servicing: { ...idle, installerBusy: null, installerBusyError: 'Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))' } },
      },
    ],
    fail: [
      {
        description: 'updates installing',
        facts: { servicing: { ...idle, installerBusy: true, trustedInstallerStatus: 'Running' } },
        messageIds: ['busy', 'trustedInstaller'],
        resources: ['Microsoft.Update.Installer', 'service TrustedInstaller'],
      },
      {
        description: 'reserved storage in use',
        facts: { servicing: { ...idle, activeScenario: 1 } },
        messageIds: ['scenario'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\ReserveManager\\ActiveScenario'],
      },
      {
        description: 'over WinRM with TrustedInstaller running',
        facts: {
          servicing: {
            ...idle,
            installerBusy: null,
            installerBusyError: 'Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))',
            trustedInstallerStatus: 'Running',
          },
        },
        messageIds: ['trustedInstaller'],
        resources: ['service TrustedInstaller'],
      },
      {
        description: 'servicing sessions pending',
        facts: { servicing: { ...idle, cbsSessionsPending: true } },
        messageIds: ['sessions'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\SessionsPending\\Exclusive'],
      },
    ],
    unknown: [
      {
        description: 'neither source could be read',
        facts: { servicing: { ...idle, installerBusy: null, installerBusyError: 'Access is denied.', trustedInstallerStatus: null } },
        reason: 'nor the TrustedInstaller service could be read',
      },
    ],
  },
  check({ servicing: s }, context) {
    if (s.installerBusy) context.report({ messageId: 'busy', resource: 'Microsoft.Update.Installer' });
    if (s.trustedInstallerStatus === 'Running' || s.trustedInstallerStatus === 'StartPending')
      context.report({ messageId: 'trustedInstaller', resource: 'service TrustedInstaller', data: { status: s.trustedInstallerStatus } });
    if (s.cbsSessionsPending)
      context.report({
        messageId: 'sessions',
        resource: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\SessionsPending\\Exclusive',
      });
    if (s.activeScenario !== null && s.activeScenario !== 0)
      context.report({
        messageId: 'scenario',
        resource: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\ReserveManager\\ActiveScenario',
        data: { value: s.activeScenario },
      });
    // IsBusy cannot be read remotely (WinRM, SSH); the TrustedInstaller (Windows Modules Installer) state answers then.
    if (s.installerBusy === null && s.trustedInstallerStatus === null) {
      context.unknown(`neither Microsoft.Update.Installer (${s.installerBusyError ?? 'not queried'}) nor the TrustedInstaller service could be read`);
    }
  },
});
