import { defineRule } from '../../src/engine/define.js';
import { compareVersions, parsePackageFullName, type PackageId } from './lib/appx.js';

// Shapes: Get-AppxProvisionedPackage and AppxAllUserStore\Applications name a provisioned app by its
// bundle (Name_Version_neutral_~_PublisherId) and its main package; Get-AppxPackage names the
// per-architecture package (Name_Version_x64__PublisherId). A bundle's version can differ from its
// main package's (Calculator: bundle 2021.x, package 11.x).
const WEATHER = 'Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe';
const WEATHER_BUNDLE = 'Microsoft.BingWeather_4.53.51361.0_neutral_~_8wekyb3d8bbwe';
const CALC = 'Microsoft.WindowsCalculator_11.2311.0.0_x64__8wekyb3d8bbwe';
const CALC_BUNDLE = 'Microsoft.WindowsCalculator_2021.2311.0.0_neutral_~_8wekyb3d8bbwe';
const user = (state: string) => ({ sid: 'S-1-5-21-1-2-3-1001', account: 'BUILD01\\builder', state });
const pkg = (fullName: string, state = 'Installed') => ({ fullName, signatureKind: 'Store', isFramework: false, users: [user(state)] });
const facts = (provisioned: string[], packages: ReturnType<typeof pkg>[]) => ({
  appxPackages: { source: 'Get-AppxPackage' as const, cmdletError: null, provisioned, inbox: [], packages },
});
const fromRegistry = (provisioned: string[], inbox: string[], installed: string[]) => ({
  appxPackages: {
    source: 'registry' as const,
    cmdletError: 'Get-AppxPackage: the Appx cmdlets are not available in this remote session',
    provisioned,
    inbox,
    packages: installed.map((fullName) => ({
      fullName,
      signatureKind: null,
      isFramework: null,
      users: [{ sid: 'S-1-5-21-1-2-3-1001', account: null, state: 'Installed' }],
    })),
  },
});

export default defineRule({
  id: 'W024',
  alias: 'appx-not-provisioned',
  title: 'Every installed app package is provisioned for all users (no 0x80073cf2)',
  platform: 'windows',
  severity: 'error',
  facts: ['appxPackages'],
  messages: {
    perUser: 'package {resource} is installed for {user} but not provisioned for all users: Sysprep stops with 0x80073cf2',
    updated: 'package {resource} was updated for {user} past the provisioned {provisioned}: Sysprep stops with 0x80073cf2',
  },
  rationale:
    'Sysprep /generalize requires every Appx/MSIX package to be provisioned for all users; AppxSysprep.dll fails on a package installed ' +
    'for any user only, and "if an all-user package that\'s provisioned into the image was updated by one of the users" (STORE-APPS). ' +
    'Windows provisions package families, not full names: a provisioned app is recorded as its bundle (Name_Version_neutral_~_PublisherId) ' +
    'and main package, while each user has the per-architecture package, so preseal matches by family (Name_PublisherId) and compares the ' +
    "installed version with the provisioned main package's (a bundle's version can differ from it). Provisioned packages are read from " +
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore (a layout observed on Windows 10/11, not documented by ' +
    'Microsoft), because Get-AppxProvisionedPackage goes through DISM and writes its log; where Get-AppxPackage fails (remote and ' +
    'session-0 runs) the per-user keys there stand in, and a package they cannot classify makes the result unknown.',
  remediation:
    'For each package: `Remove-AppxPackage -Package <PackageFullName> -AllUsers`, and `Remove-AppxProvisionedPackage -Online -PackageName ' +
    '<PackageFullName>` if an older version is provisioned; delete user accounts that are not needed; keep the Store from updating apps (W025).',
  references: [
    {
      title: 'Sysprep fails after you remove or update Microsoft Store apps',
      url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps',
    },
    {
      title: 'Sysprep (Generalize) a Windows installation',
      url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--generalize--a-windows-installation',
    },
    {
      title: 'MSIX per-user vs all users: "Deployment provisions package families, not specific packages"',
      url: 'https://devblogs.microsoft.com/insidemsix/msix-per-user-vs-all-users/',
    },
    {
      title: 'Package identity (full name: Name, Version, Architecture, Resource Id, Publisher)',
      url: 'https://devblogs.microsoft.com/insidemsix/package-identity',
    },
  ],
  examples: {
    pass: [
      { description: 'a provisioned app, recorded as bundle and main package, installed for a user', facts: facts([WEATHER_BUNDLE, WEATHER], [pkg(WEATHER)]) },
      { description: 'a bundle whose version differs from its main package (Calculator)', facts: facts([CALC_BUNDLE, CALC], [pkg(CALC)]) },
      { description: 'a staged (not installed) package', facts: facts([], [pkg(WEATHER, 'Staged')]) },
      {
        description: 'registry fallback: an inbox package and a provisioned one',
        facts: fromRegistry(
          [CALC_BUNDLE, CALC],
          ['Microsoft.Windows.ShellExperienceHost_10.0.22621.1_neutral_neutral_cw5n1h2txyewy'],
          [CALC, 'Microsoft.Windows.ShellExperienceHost_10.0.22621.1_neutral_neutral_cw5n1h2txyewy'],
        ),
      },
    ],
    fail: [
      {
        description: 'the Store updated an inbox app for one user',
        facts: facts(['Microsoft.BingWeather_4.25.20211.0_neutral_~_8wekyb3d8bbwe', 'Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe'], [pkg(WEATHER)]),
        messageIds: ['updated'],
        resources: [WEATHER],
      },
      {
        description: "a per-user package no one provisioned (a Win32 installer's sparse package)",
        facts: facts([CALC_BUNDLE, CALC], [pkg(CALC), pkg('NotepadPlusPlus_1.0.0.0_neutral__7njy0v32s6xk6')]),
        messageIds: ['perUser'],
        resources: ['NotepadPlusPlus_1.0.0.0_neutral__7njy0v32s6xk6'],
      },
      {
        description: 'registry fallback: a provisioned app updated for a user',
        facts: fromRegistry(
          ['Microsoft.BingWeather_4.25.20211.0_neutral_~_8wekyb3d8bbwe', 'Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe'],
          [],
          [WEATHER],
        ),
        messageIds: ['updated'],
        resources: [WEATHER],
      },
    ],
    unknown: [
      {
        description: 'registry fallback: a package no one provisioned, which may be a framework',
        facts: fromRegistry([CALC_BUNDLE, CALC], [], ['Microsoft.VCLibs.140.00_14.0.33519.0_x64__8wekyb3d8bbwe']),
        reason: 'Microsoft.VCLibs.140.00_14.0.33519.0_x64__8wekyb3d8bbwe',
      },
      {
        description: 'only the bundle of a provisioned app is recorded, so its package version cannot be compared',
        facts: facts([CALC_BUNDLE], [pkg(CALC)]),
        reason: 'Microsoft.WindowsCalculator_11.2311.0.0_x64__8wekyb3d8bbwe',
      },
    ],
  },
  check({ appxPackages }, context) {
    const ids = (names: readonly string[]) => names.map(parsePackageFullName).filter((p): p is PackageId => p !== null);
    const inbox = new Set(ids(appxPackages.inbox).map((p) => p.family));
    // The provisioned main packages by family (their versions), and the families provisioned at all.
    const mains = new Map<string, PackageId[]>();
    const families = new Set<string>();
    for (const p of ids(appxPackages.provisioned)) {
      families.add(p.family);
      if (!p.bundle) mains.set(p.family, [...(mains.get(p.family) ?? []), p]);
    }
    const undecided: string[] = [];
    for (const p of appxPackages.packages) {
      if (p.isFramework === true || p.signatureKind === 'System') continue;
      const users = p.users.filter((x) => x.state === 'Installed');
      if (users.length === 0) continue;
      const id = parsePackageFullName(p.fullName);
      if (!id) {
        undecided.push(`${p.fullName} (not a package full name)`);
        continue;
      }
      if (inbox.has(id.family)) continue;
      const who = (u: (typeof users)[number]) => (u.account ? `${u.account} (${u.sid})` : u.sid);
      if (!families.has(id.family)) {
        // The registry does not say whether a package is a framework, which never blocks Sysprep.
        if (p.isFramework === null) undecided.push(`${p.fullName} (not provisioned; the registry does not say whether it is a framework)`);
        else for (const u of users) context.report({ messageId: 'perUser', resource: p.fullName, data: { user: who(u) } });
        continue;
      }
      const provisioned = (mains.get(id.family) ?? []).filter((m) => m.architecture === id.architecture || m.architecture === 'neutral');
      if (provisioned.length === 0) {
        undecided.push(`${p.fullName} (only the bundle of its family is recorded as provisioned)`);
        continue;
      }
      const newest = provisioned.reduce((a, b) => (compareVersions(a.version, b.version) >= 0 ? a : b));
      if (compareVersions(id.version, newest.version) > 0) {
        for (const u of users) context.report({ messageId: 'updated', resource: p.fullName, data: { user: who(u), provisioned: newest.fullName } });
      }
    }
    if (undecided.length > 0) context.unknown(`cannot tell whether these packages are provisioned: ${undecided.join('; ')}`);
  },
});
