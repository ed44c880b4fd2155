import { defineRule } from '../../src/engine/define.js';
import { SETUP_STATES, SYSPREP_OVERVIEW } from './lib/references.js';

const SETUP = 'HKLM\\SYSTEM\\Setup';
const done = { systemSetupInProgress: 0, oobeInProgress: 0, setupType: 0, setupPhase: 0, auditBoot: null, childCompletionSetup: 3 };

export default defineRule({
  id: 'W017',
  alias: 'setup-in-progress',
  title: 'Windows Setup and OOBE have completed',
  platform: 'windows',
  severity: 'error',
  facts: ['setupStatus'],
  messages: {
    value: '{resource} = {value}: Windows Setup has not completed',
  },
  rationale:
    '"You must run Windows Setup before you use Sysprep." While Setup or OOBE is still running the image state is not final (W010). Audit mode is fine; preseal recognizes it by HKLM\\SYSTEM\\Setup\\Status AuditBoot = 1, observed on machines in audit mode, not documented ' +
    'by Microsoft, so only AuditBoot = 1 exactly relaxes the verdict.',
  remediation: 'Finish OOBE and reboot until SystemSetupInProgress, OOBEInProgress and SetupType are 0 (or boot to audit mode), then lint again.',
  references: [SYSPREP_OVERVIEW, SETUP_STATES],
  examples: {
    pass: [
      { description: 'setup done', facts: { setupStatus: done } },
      { description: 'audit mode', facts: { setupStatus: { ...done, systemSetupInProgress: 1, setupType: 1, auditBoot: 1 } } },
    ],
    fail: [
      {
        description: 'OOBE pending',
        facts: { setupStatus: { ...done, oobeInProgress: 1, setupType: 2 } },
        messageIds: ['value', 'value'],
        resources: ['HKLM\\SYSTEM\\Setup\\OOBEInProgress', 'HKLM\\SYSTEM\\Setup\\SetupType'],
      },
    ],
  },
  check({ setupStatus }, context) {
    if (setupStatus.auditBoot === 1) return;
    const checks: [string, number | null][] = [
      ['SystemSetupInProgress', setupStatus.systemSetupInProgress],
      ['OOBEInProgress', setupStatus.oobeInProgress],
      ['SetupType', setupStatus.setupType],
    ];
    for (const [name, value] of checks) {
      if (value !== null && value !== 0) context.report({ messageId: 'value', resource: `${SETUP}\\${name}`, data: { value } });
    }
  },
});
