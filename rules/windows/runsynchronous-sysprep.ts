import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

const FILE = 'C:\\Windows\\Panther\\unattend.xml';

export default defineRule({
  id: 'W021',
  alias: 'runsynchronous-sysprep',
  title: 'No answer file starts Sysprep from Microsoft-Windows-Deployment RunSynchronous',
  platform: 'windows',
  severity: 'error',
  facts: ['answerFiles'],
  messages: {
    runSync: '{resource} runs Sysprep from {element} in the {pass} pass: `{commandLine}`',
  },
  rationale:
    '"Automating Sysprep by using a Microsoft-Windows-Deployment\\RunSynchronous command is not supported. However, you can use the Microsoft-Windows-Deployment\\Generalize ' +
    'setting to prepare the PC for imaging after installation."',
  remediation:
    'Replace the command with the Microsoft-Windows-Deployment/Generalize setting (`Mode`, `ForceShutdownNow`), or call `sysprep.exe` from the build pipeline; ' +
    'delete cached answer files that still hold it.',
  references: [
    SYSPREP_OVERVIEW,
    {
      title: 'Microsoft-Windows-Deployment RunSynchronous',
      url: 'https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-deployment-runsynchronous',
    },
  ],
  examples: {
    pass: [
      {
        description: 'sysprep from FirstLogonCommands is not RunSynchronous',
        facts: {
          answerFiles: {
            files: [
              {
                path: FILE,
                source: 'implicit search location',
                error: null,
                secrets: [],
                sysprepCommands: [
                  {
                    element: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/CommandLine',
                    pass: 'oobeSystem',
                    commandLine: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe /audit',
                  },
                ],
              },
            ],
          },
        },
      },
    ],
    fail: [
      {
        description: 'RunSynchronous in specialize',
        facts: {
          answerFiles: {
            files: [
              {
                path: FILE,
                source: 'implicit search location',
                error: null,
                secrets: [],
                sysprepCommands: [
                  {
                    element: 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Path',
                    pass: 'specialize',
                    commandLine: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe /generalize /oobe',
                  },
                ],
              },
            ],
          },
        },
        messageIds: ['runSync'],
        resources: ['C:\\Windows\\Panther\\unattend.xml'],
      },
    ],
  },
  check({ answerFiles }, context) {
    for (const f of answerFiles.files) {
      for (const c of f.sysprepCommands) {
        if (!c.element.includes('/RunSynchronous/')) continue;
        context.report({ messageId: 'runSync', resource: f.path, data: { element: c.element, pass: c.pass ?? 'unknown', commandLine: c.commandLine } });
      }
    }
  },
});
