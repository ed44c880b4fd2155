import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_PROCESS } from './lib/references.js';

export default defineRule({
  id: 'W016',
  alias: 'sysprep-running',
  title: 'No other Sysprep instance is running',
  platform: 'windows',
  severity: 'error',
  facts: ['sysprepProcesses'],
  messages: {
    running: 'sysprep.exe is already running ({resource}: {commandLine})',
  },
  rationale: '"Only one instance of Sysprep can run at a time."',
  remediation: 'Wait for the other run to end, or stop it (`Stop-Process -Name sysprep`) and reboot before trying again; check W010 and W011 afterwards.',
  references: [SYSPREP_PROCESS],
  examples: {
    pass: [{ description: 'none running', facts: { sysprepProcesses: { processes: [] } } }],
    fail: [
      {
        description: 'one running',
        facts: {
          sysprepProcesses: {
            processes: [{ pid: 4242, path: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe', commandLine: 'sysprep.exe /generalize /oobe /quit' }],
          },
        },
        messageIds: ['running'],
        resources: ['PID 4242 C:\\Windows\\System32\\Sysprep\\sysprep.exe'],
      },
    ],
  },
  check({ sysprepProcesses }, context) {
    for (const p of sysprepProcesses.processes) {
      context.report({
        messageId: 'running',
        resource: `PID ${p.pid} ${p.path ?? 'sysprep.exe'}`,
        data: { commandLine: p.commandLine ?? '(command line not readable)' },
      });
    }
  },
});
