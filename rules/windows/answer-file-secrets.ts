import { defineRule } from '../../src/engine/define.js';
import { SETUP_AUTOMATION } from './lib/references.js';

const PANTHER = 'C:\\Windows\\Panther\\unattend.xml';

export default defineRule({
  id: 'W020',
  alias: 'answer-file-secrets',
  title: 'No answer file with passwords or product keys is left in a Setup search location',
  platform: 'windows',
  severity: 'error',
  facts: ['answerFiles'],
  messages: {
    secret: '{resource} holds {element} ({pass} pass, {encoding}); every clone and anyone who reads the image gets it',
    unreadable: '{resource} could not be read: {error}',
  },
  rationale:
    '"Because answer files are cached to the computer during Windows Setup, your answer files will persist on the computer between reboots. Before you deliver the computer to a customer, ' +
    'you must delete the cached answer file in the %WINDIR%\\panther directory." PlainText=false is only Base64 of the password followed by "Password": obfuscation, not encryption. ' +
    'The domain-join secrets of Microsoft-Windows-UnattendedJoin (Identification/Credentials/Password, MachinePassword, the offline-join ' +
    'Provisioning/AccountData blob) are plain strings with no PlainText switch at all.',
  remediation:
    'Delete the cached answer files before capture (`Remove-Item $env:WINDIR\\Panther\\unattend.xml, $env:WINDIR\\System32\\Sysprep\\unattend.xml -Force`); ' +
    'pass the seal answer file with `sysprep /unattend:<temp path>` and delete it in SetupComplete.cmd.',
  references: [
    SETUP_AUTOMATION,
    {
      title: 'Unattend: Microsoft-Windows-UnattendedJoin | Identification | Credentials | Password',
      url: 'https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-unattendedjoin-identification-credentials-password',
    },
    {
      title: 'Unattend: Microsoft-Windows-UnattendedJoin | OfflineIdentification',
      url: 'https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-unattendedjoin-offlineidentification',
    },
  ],
  examples: {
    pass: [
      { description: 'no answer file', facts: { answerFiles: { files: [] } } },
      {
        description: 'an answer file without secrets',
        facts: { answerFiles: { files: [{ path: PANTHER, source: 'implicit search location', error: null, secrets: [], sysprepCommands: [] }] } },
      },
    ],
    fail: [
      {
        description: 'an obfuscated administrator password',
        facts: {
          answerFiles: {
            files: [
              {
                path: PANTHER,
                source: 'implicit search location',
                error: null,
                secrets: [{ element: 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword', pass: 'oobeSystem', plainText: false }],
                sysprepCommands: [],
              },
            ],
          },
        },
        messageIds: ['secret'],
        resources: ['C:\\Windows\\Panther\\unattend.xml'],
      },
      {
        description: 'the domain-join account and machine passwords of Microsoft-Windows-UnattendedJoin (plain strings)',
        facts: {
          answerFiles: {
            files: [
              {
                path: 'C:\\Windows\\System32\\Sysprep\\unattend.xml',
                source: 'implicit search location',
                error: null,
                sysprepCommands: [],
                secrets: [
                  { element: 'Microsoft-Windows-UnattendedJoin/Identification/Credentials/Password', pass: 'specialize', plainText: true },
                  { element: 'Microsoft-Windows-UnattendedJoin/Identification/MachinePassword', pass: 'specialize', plainText: true },
                ],
              },
            ],
          },
        },
        messageIds: ['secret', 'secret'],
        resources: ['C:\\Windows\\System32\\Sysprep\\unattend.xml', 'C:\\Windows\\System32\\Sysprep\\unattend.xml'],
      },
      {
        description: 'an answer file the probe could not read',
        facts: {
          answerFiles: {
            files: [
              {
                path: PANTHER,
                source: 'implicit search location',
                error: 'access denied (run elevated): Access to the path is denied.',
                secrets: [],
                sysprepCommands: [],
              },
            ],
          },
        },
        messageIds: ['unreadable'],
        resources: ['C:\\Windows\\Panther\\unattend.xml'],
      },
    ],
  },
  check({ answerFiles }, context) {
    for (const f of answerFiles.files) {
      if (f.error !== null) {
        context.report({ messageId: 'unreadable', resource: f.path, data: { error: f.error } });
        continue;
      }
      for (const s of f.secrets) {
        const encoding = s.plainText === false ? 'Base64, PlainText=false' : 'plain text';
        context.report({ messageId: 'secret', resource: f.path, data: { element: s.element, pass: s.pass ?? 'no', encoding } });
      }
    }
  },
});
