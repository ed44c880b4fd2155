import { defineRule } from '../../src/engine/define.js';

const LIST = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';
const profile = (sid: string, path: string, exists: boolean) => ({ sid, path, exists, special: false, loaded: false });

export default defineRule({
  id: 'W032',
  alias: 'stale-user-profiles',
  title: 'Every ProfileList entry has its profile folder',
  platform: 'windows',
  severity: 'warning',
  facts: ['userProfiles'],
  messages: { orphan: '{resource} points to {path}, which does not exist' },
  rationale:
    'Profiles deleted from disk but left in ProfileList make CopyProfile fail ("_FindLatestProfile failed (0x80070003)") and specialize ' +
    'stop with "The computer restarted unexpectedly"; deleted users can also still own per-user app packages (W024).',
  remediation:
    'Remove the orphan entries: `Get-CimInstance Win32_UserProfile | ? { -not $_.Special -and -not (Test-Path $_.LocalPath) } | Remove-CimInstance`.',
  references: [
    {
      title: 'Troubleshooting Sysprep (Amazon EC2): corrupted user profiles',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/sysprep-troubleshoot.html',
    },
    {
      title: 'Sysprep fails after you remove or update Microsoft Store apps (delete user accounts)',
      url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps',
    },
  ],
  examples: {
    pass: [{ description: 'all folders exist', facts: { userProfiles: { profiles: [profile('S-1-5-21-1-2-3-500', 'C:\\Users\\Administrator', true)] } } }],
    fail: [
      {
        description: 'a deleted profile folder',
        facts: { userProfiles: { profiles: [profile('S-1-5-21-1-2-3-1002', 'C:\\Users\\olduser', false)] } },
        messageIds: ['orphan'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-21-1-2-3-1002\\ProfileImagePath'],
      },
    ],
  },
  check({ userProfiles }, context) {
    for (const p of userProfiles.profiles) {
      if (!p.special && !p.exists) context.report({ messageId: 'orphan', resource: `${LIST}\\${p.sid}\\ProfileImagePath`, data: { path: p.path } });
    }
  },
});
