import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_GENERALIZE } from './lib/references.js';

export default defineRule({
  id: 'W007',
  alias: 'multiple-windows-installations',
  title: "Only one Windows installation is on the machine's fixed volumes",
  platform: 'windows',
  severity: 'warning',
  facts: ['windowsInstallations'],
  messages: {
    other: 'another Windows installation is at {resource}; Sysprep generalizes only {running}',
  },
  rationale:
    '"Windows replaces the computer SID only on the operating system volume where you ran Sysprep. If a single computer has multiple operating systems, ' +
    'you must run Sysprep on each operating system individually."',
  remediation:
    'Detach the extra disk or delete the other installation (and its boot entry, `bcdedit /delete {guid}`) before capture; if both are wanted, run Sysprep in each.',
  references: [SYSPREP_GENERALIZE],
  examples: {
    pass: [
      {
        description: 'one installation',
        facts: { windowsInstallations: { systemRoot: 'C:\\Windows', installations: [{ volume: 'C:\\', windowsDirectory: 'C:\\Windows', running: true }] } },
      },
    ],
    fail: [
      {
        description: 'a second Windows on D:',
        facts: {
          windowsInstallations: {
            systemRoot: 'C:\\Windows',
            installations: [
              { volume: 'C:\\', windowsDirectory: 'C:\\Windows', running: true },
              { volume: 'D:\\', windowsDirectory: 'D:\\Windows', running: false },
            ],
          },
        },
        messageIds: ['other'],
        resources: ['D:\\Windows'],
      },
    ],
  },
  check({ windowsInstallations }, context) {
    for (const i of windowsInstallations.installations) {
      if (!i.running) context.report({ messageId: 'other', resource: i.windowsDirectory, data: { running: windowsInstallations.systemRoot } });
    }
  },
});
