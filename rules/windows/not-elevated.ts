import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_PROCESS } from './lib/references.js';

export default defineRule({
  id: 'W015',
  alias: 'not-elevated',
  title: 'The session is an elevated administrator, as Sysprep requires',
  platform: 'windows',
  severity: 'error',
  facts: ['identity'],
  messages: {
    notAdmin: '{resource} is not an elevated administrator (WindowsPrincipal.IsInRole(Administrator) = False)',
  },
  rationale:
    '"Only an administrator can run Sysprep." A filtered UAC token (a local administrator over WinRM without LocalAccountTokenFilterPolicy, ' +
    'or a non-elevated console) counts as not an administrator; the lint also cannot read the admin-only facts from it.',
  remediation:
    'Run elevated (Run as administrator); over WinRM with a local account other than the built-in Administrator set ' +
    '`HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System LocalAccountTokenFilterPolicy = 1` or use the built-in Administrator.',
  references: [SYSPREP_PROCESS],
  examples: {
    pass: [
      { description: 'elevated', facts: { identity: { name: 'BUILD01\\Administrator', sid: 'S-1-5-21-1-2-3-500', isSystem: false, isElevatedAdmin: true } } },
    ],
    fail: [
      {
        description: 'a filtered token',
        facts: { identity: { name: 'BUILD01\\packer', sid: 'S-1-5-21-1-2-3-1001', isSystem: false, isElevatedAdmin: false } },
        messageIds: ['notAdmin'],
        resources: ['BUILD01\\packer'],
      },
    ],
  },
  check({ identity }, context) {
    if (!identity.isElevatedAdmin) context.report({ messageId: 'notAdmin', resource: identity.name });
  },
});
