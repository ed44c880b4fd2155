import { defineRule } from '../../src/rules/define.js';

const WEATHER = 'Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe';
const user = (state: string) => ({ sid: 'S-1-5-21-1-2-3-1001', account: 'BUILD01\\builder', state });
const pkg = (fullName: string, state = 'Installed') => ({ fullName, signatureKind: 'Store', isFramework: false, users: [user(state)] });

export default defineRule({
  id: 'W024',
  alias: 'appx-not-provisioned',
  title: 'Every installed app package is provisioned for all users (no 0x80073cf2)',
  platform: 'windows',
  severity: 'error',
  facts: ['appxPackages'],
  messages: {
    perUser: 'package {resource} is installed for {user} but not provisioned for all users: Sysprep stops with 0x80073cf2',
  },
  rationale:
    'Sysprep /generalize requires every Appx/MSIX package to be provisioned for all users; AppxSysprep.dll fails on a package installed ' +
    'for any user only. This happens when the Store updates an inbox app (a newer full name that is not provisioned), when an app comes ' +
    'from the Store or a Win32 installer (sparse packages), or when a provisioned app was removed from the image but not from a user.',
  remediation:
    'For each package: `Remove-AppxPackage -Package <PackageFullName> -AllUsers`, and `Remove-AppxProvisionedPackage -Online -PackageName ' +
    '<PackageFullName>` if an older version is provisioned; delete user accounts that are not needed; keep the Store from updating apps (W025).',
  references: [
    { title: 'Sysprep fails after you remove or update Microsoft Store apps', url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps' },
    { title: 'Sysprep (Generalize) a Windows installation', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--generalize--a-windows-installation' },
  ],
  examples: {
    pass: [
      { description: 'a provisioned app installed for a user', facts: { appxPackages: { provisioned: [WEATHER], packages: [pkg(WEATHER)] } } },
      { description: 'a staged (not installed) package', facts: { appxPackages: { provisioned: [], packages: [pkg(WEATHER, 'Staged')] } } },
    ],
    fail: [
      {
        description: 'the Store updated an inbox app for one user',
        facts: { appxPackages: { provisioned: ['Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe'], packages: [pkg(WEATHER)] } },
        messageIds: ['perUser'], resources: ['Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe'],
      },
    ],
  },
  check({ appxPackages }, context) {
    const provisioned = new Set(appxPackages.provisioned.map((n) => n.toLowerCase()));
    for (const p of appxPackages.packages) {
      if (p.isFramework || p.signatureKind === 'System' || provisioned.has(p.fullName.toLowerCase())) continue;
      for (const u of p.users.filter((x) => x.state === 'Installed')) {
        context.report({ messageId: 'perUser', resource: p.fullName, data: { user: u.account ? `${u.account} (${u.sid})` : u.sid } });
      }
    }
  },
});
