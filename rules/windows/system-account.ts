import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

export default defineRule({
  id: 'W014',
  alias: 'system-account',
  title: "Sysprep will not run as LocalSystem (the probe's own account is not S-1-5-18)",
  platform: 'windows',
  severity: 'error',
  facts: ['identity'],
  messages: {
    system: 'the lint runs as {resource} (LocalSystem); Sysprep started the same way (scheduled task, PsExec -s, an agent) is unsupported',
  },
  rationale:
    '"Sysprep cannot be run under the context of a System account. Running Sysprep under the context of System account by using Task Scheduler or PSExec, for example, is not supported." ' +
    'On Windows 11 24H2 and Server 2025 it skips AppX registration of XAML packages, which leaves a broken Start menu.',
  remediation: 'Run Sysprep from an elevated session of a local administrator (interactive, or WinRM/SSH as that user), not from SYSTEM.',
  references: [
    SYSPREP_OVERVIEW,
    {
      title: 'Running Sysprep as SYSTEM is not supported (Windows 11)',
      url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-as-system-windows-11',
    },
  ],
  waiverGuidance: 'Waive when the lint runs as SYSTEM but Sysprep itself is started as an administrator.',
  examples: {
    pass: [
      {
        description: 'an elevated administrator',
        facts: { identity: { name: 'BUILD01\\Administrator', sid: 'S-1-5-21-1-2-3-500', isSystem: false, isElevatedAdmin: true } },
      },
    ],
    fail: [
      {
        description: 'LocalSystem',
        facts: { identity: { name: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', isSystem: true, isElevatedAdmin: true } },
        messageIds: ['system'],
        resources: ['NT AUTHORITY\\SYSTEM (S-1-5-18)'],
      },
    ],
  },
  check({ identity }, context) {
    if (identity.isSystem) context.report({ messageId: 'system', resource: `${identity.name} (${identity.sid})` });
  },
});
