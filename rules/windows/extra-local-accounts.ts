import { defineRule } from '../../src/engine/define.js';

const LIST = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';
const DOMAIN = 'S-1-5-21-3623811015-3361044348-30300820';
/** DOMAIN_USER_RID_ADMIN, _GUEST, _DEFAULT_ACCOUNT, _WDAG_ACCOUNT (winnt.h): the accounts Windows itself creates. */
const BUILT_IN_RIDS = new Set(['500', '501', '503', '504']);
const account = (name: string, rid: number, disabled: boolean | null) => ({ name, sid: `${DOMAIN}-${rid}`, disabled });
const BUILT_IN = [
  account('Administrator', 500, false),
  account('Guest', 501, true),
  account('DefaultAccount', 503, true),
  account('WDAGUtilityAccount', 504, true),
];
const profile = (rid: number | string, path: string, exists = true) => ({
  sid: typeof rid === 'number' ? `${DOMAIN}-${rid}` : rid,
  path,
  exists,
  special: typeof rid === 'string' && /^S-1-5-(18|19|20)$/.test(rid),
  loaded: null,
});
const admin = { name: 'BUILD01\\Administrator', sid: `${DOMAIN}-500`, isSystem: false, isElevatedAdmin: true };
const adminProfiles = [profile('S-1-5-18', 'C:\\Windows\\system32\\config\\systemprofile'), profile(500, 'C:\\Users\\Administrator')];

export default defineRule({
  id: 'W060',
  alias: 'extra-local-accounts',
  title: 'Only the account that runs Sysprep is left: no other enabled local account, no other user profile',
  platform: 'windows',
  severity: 'warning',
  facts: ['localUserAccounts', 'userProfiles', 'identity'],
  messages: {
    account: 'local account {resource} ({sid}) is enabled besides the account that runs Sysprep',
    profile: '{resource} keeps the profile {path} of another account than the one that runs Sysprep',
  },
  rationale:
    'AWS recommends removing "all local user accounts and all account profiles other than a single administrator account under which ' +
    'Sysprep will be run": with more, "unexpected behavior could result, including loss of profile data or failure to complete Sysprep". ' +
    "A build account left enabled travels, with its password, into every clone. The built-in accounts (RIDs 500, 501, 503, 504), the built-in Administrator's profile (often the account Sysprep runs as) and " +
    'profiles already flagged as orphans (W032) are not reported here.',
  remediation:
    'Remove each account listed (`Remove-LocalUser -SID <SID>`) or disable it (`Disable-LocalUser`), and delete each profile listed ' +
    '(`Get-CimInstance Win32_UserProfile -Filter "SID=\'<SID>\'" | Remove-CimInstance`), signed in as the one administrator that runs Sysprep.',
  references: [
    {
      title: 'AWS: Create an AMI using Windows Sysprep, Before you begin',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/Creating_EBSbacked_WinAMI.html',
    },
    { title: 'Win32_UserAccount class (LocalAccount, Disabled, SID)', url: 'https://learn.microsoft.com/windows/win32/cimwin32prov/win32-useraccount' },
    { title: 'Well-known SIDs (relative IDs of the built-in accounts)', url: 'https://learn.microsoft.com/windows/win32/secauthz/well-known-sids' },
    {
      title: 'actions/runner-images Configure-User.ps1 (the build user is removed before the image is sealed)',
      url: 'https://github.com/actions/runner-images/blob/main/images/windows/scripts/build/Configure-User.ps1',
    },
  ],
  examples: {
    pass: [
      {
        description: 'the built-in accounts, Sysprep run as Administrator, whose profile is the only one',
        facts: { localUserAccounts: { accounts: BUILT_IN }, userProfiles: { profiles: adminProfiles }, identity: admin },
      },
      {
        description: 'a build account that is disabled and whose orphaned profile entry W032 reports',
        facts: {
          localUserAccounts: { accounts: [...BUILT_IN, account('packer', 1000, true)] },
          userProfiles: { profiles: [...adminProfiles, profile(1000, 'C:\\Users\\packer', false)] },
          identity: admin,
        },
      },
    ],
    fail: [
      {
        description: 'Sysprep run as the build account; a second enabled account with its profile remains (the Administrator profile is left alone)',
        facts: {
          localUserAccounts: { accounts: [...BUILT_IN, account('packer', 1000, false), account('defaultuser0', 1001, null)] },
          userProfiles: { profiles: [...adminProfiles, profile(1000, 'C:\\Users\\packer'), profile(1001, 'C:\\Users\\defaultuser0')] },
          identity: { ...admin, name: 'BUILD01\\packer', sid: `${DOMAIN}-1000` },
        },
        messageIds: ['account', 'profile'],
        resources: ['defaultuser0', `${LIST}\\${DOMAIN}-1001`],
      },
    ],
    unknown: [
      {
        description: 'the probe ran as LocalSystem, so the account that runs Sysprep is not known',
        facts: {
          localUserAccounts: { accounts: BUILT_IN },
          userProfiles: { profiles: adminProfiles },
          identity: { name: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', isSystem: true, isElevatedAdmin: true },
        },
        reason: 'LocalSystem',
      },
    ],
  },
  check({ localUserAccounts, userProfiles, identity }, context) {
    if (identity.isSystem) return context.unknown('the probe ran as LocalSystem (W014), so the one account that runs Sysprep is not known');
    const keep = identity.sid.toUpperCase();
    for (const a of localUserAccounts.accounts) {
      const rid = a.sid.split('-').at(-1) ?? '';
      if (a.disabled === true || a.sid.toUpperCase() === keep || (/^S-1-5-21-/i.test(a.sid) && BUILT_IN_RIDS.has(rid))) continue;
      context.report({ messageId: 'account', resource: a.name, data: { sid: a.sid } });
    }
    // User SIDs only (local and domain S-1-5-21, Entra ID S-1-12-1): service and app-pool profiles belong to no account to remove.
    for (const p of userProfiles.profiles) {
      if (p.special || !p.exists || !/^S-1-(5-21|12-1)-/i.test(p.sid) || p.sid.toUpperCase() === keep) continue;
      // The built-in Administrator (RID 500) is often the account Sysprep runs as even when the lint ran as another one
      // (a service account over WinRM): its profile is never one to delete on preseal's word.
      if (/-500$/.test(p.sid)) continue;
      context.report({ messageId: 'profile', resource: `${LIST}\\${p.sid}`, data: { path: p.path } });
    }
  },
});
