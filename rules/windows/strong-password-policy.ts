import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

export default defineRule({
  id: 'W003',
  alias: 'strong-password-policy',
  title: 'No Group Policy password complexity or minimum length is applied to the reference machine',
  platform: 'windows',
  severity: 'warning',
  facts: ['passwordPolicy'],
  messages: {
    complexity: 'Group Policy {gpo} sets PasswordComplexity = true (RSOP_SecuritySettingBoolean); Sysprep does not remove it',
    length: 'Group Policy {gpo} sets MinimumPasswordLength = {length} (RSOP_SecuritySettingNumeric); Sysprep does not remove it',
  },
  rationale:
    '"If a PC is joined to a domain, and the Group Policy of that domain assigns a strong account password policy to the PC, all user accounts will require ' +
    'strong passwords. Running Sysprep or OOBE does not remove the strong password policy." The built-in Administrator password set by the answer file ' +
    'then fails in OOBE (error 0x8c5) when it does not meet the policy.',
  remediation:
    'Leave the domain (W001) and reset the local security policy (`secedit /configure /db secedit.sdb /cfg relaxed.inf /areas SECURITYPOLICY`), ' +
    'or make every password in the answer file (Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword) meet the policy.',
  references: [
    SYSPREP_OVERVIEW,
    { title: 'RSOP_SecuritySettingBoolean class', url: 'https://learn.microsoft.com/previous-versions/windows/desktop/policy/rsop-securitysettingboolean' },
  ],
  waiverGuidance: 'Waive when the answer file passwords are known to meet the policy.',
  examples: {
    pass: [
      { description: 'no password policy from Group Policy', facts: { passwordPolicy: { settings: [], rsopLoggingDisabled: null } } },
      {
        description: 'a policy that requires nothing',
        facts: {
          passwordPolicy: {
            settings: [
              { keyName: 'PasswordComplexity', value: false, gpoId: 'LocalGPO', precedence: 1 },
              { keyName: 'MinimumPasswordLength', value: 0, gpoId: 'LocalGPO', precedence: 1 },
            ],
            rsopLoggingDisabled: null,
          },
        },
      },
    ],
    fail: [
      {
        description: 'the Default Domain Policy',
        facts: {
          passwordPolicy: {
            settings: [
              {
                keyName: 'PasswordComplexity',
                value: true,
                gpoId: 'cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=corp,DC=example,DC=com',
                precedence: 1,
              },
              {
                keyName: 'MinimumPasswordLength',
                value: 14,
                gpoId: 'cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=corp,DC=example,DC=com',
                precedence: 1,
              },
            ],
            rsopLoggingDisabled: null,
          },
        },
        messageIds: ['complexity', 'length'],
        resources: [
          'MinimumPasswordLength (cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=corp,DC=example,DC=com)',
          'PasswordComplexity (cn={31B2F340-016D-11D2-945F-00C04FB984F9},cn=policies,cn=system,DC=corp,DC=example,DC=com)',
        ],
      },
    ],
    unknown: [
      {
        // "To disable logging, use ... HKEY_LOCAL_MACHINE\Software\Policies\Microsoft\Windows\System\RSoPLogging (REG_DWORD 1,0)" (Developing an RSoP Management Tool).
        description: 'RSoP logging turned off by policy: no settings does not mean no policy',
        facts: { passwordPolicy: { settings: [], rsopLoggingDisabled: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System\\RSoPLogging' } },
        reason: 'RSoPLogging = 0 turns RSoP logging off',
      },
    ],
  },
  check({ passwordPolicy }, context) {
    for (const s of passwordPolicy.settings) {
      const gpo = s.gpoId ?? 'unknown GPO';
      if (s.keyName === 'PasswordComplexity' && s.value === true) {
        context.report({ messageId: 'complexity', resource: `PasswordComplexity (${gpo})`, data: { gpo } });
      } else if (s.keyName === 'MinimumPasswordLength' && typeof s.value === 'number' && s.value > 0) {
        context.report({ messageId: 'length', resource: `MinimumPasswordLength (${gpo})`, data: { gpo, length: s.value } });
      }
    }
    if (passwordPolicy.rsopLoggingDisabled) {
      context.unknown(`${passwordPolicy.rsopLoggingDisabled} = 0 turns RSoP logging off, so the applied Group Policy cannot be read`);
    }
  },
});
