import { defineRule } from '../../src/engine/define.js';

const SYSPREP_UNATTEND = /[\\/]System32[\\/]Sysprep[\\/](Auto)?unattend\.xml$/i;
const noPanther = { pantherFolder: null, succeededTag: null, logs: [], truncated: false };
const file = (path: string) => ({ path, source: 'implicit search location', error: null, secrets: [], sysprepCommands: [] });

export default defineRule({
  id: 'W043',
  alias: 'azure-panther-unattend',
  title: 'The Panther folder and any cached Sysprep\\unattend.xml have been removed before an Azure capture',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['panther', 'answerFiles'],
  messages: {
    present: '{resource} exists: it holds cached answer files and setup logs of the build VM',
    sysprepUnattend: '{resource} exists: Sysprep would read this answer file instead of the one Azure provisioning brings',
  },
  rationale:
    'Azure provisioning brings its own answer file; a custom unattend.xml is not supported and Microsoft lists deleting C:\\Windows\\Panther as a preparation step. ' +
    "Azure Image Builder's default Sysprep command deletes %WINDIR%\\System32\\Sysprep\\unattend.xml first, whatever it holds " +
    '(W020 reports the secrets in answer files wherever the image is going).',
  remediation:
    '`Remove-Item $env:WINDIR\\Panther -Recurse -Force` and `Remove-Item $env:WINDIR\\System32\\Sysprep\\unattend.xml -Force` right before Sysprep ' +
    '(copy the logs off first if you need them); pass extra settings with additionalUnattendContent.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure (delete the panther directory)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title: 'Azure VM Image Builder template reference: default Sysprep command (removes Sysprep\\unattend.xml)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-json',
    },
    {
      title: 'Generalize a VM: "We do not support custom answer file in the sysprep step"',
      url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
    },
  ],
  waiverGuidance: 'Waive when the pipeline deletes the folder and the file in the same step that runs Sysprep.',
  examples: {
    pass: [
      {
        description: 'already removed; only an answer file outside the Sysprep folder (W020 judges its content)',
        settings: { cloud: 'azure' },
        facts: { panther: noPanther, answerFiles: { files: [file('C:\\unattend.xml')] } },
      },
    ],
    fail: [
      {
        description: 'still there',
        settings: { cloud: 'azure' },
        facts: { panther: { ...noPanther, pantherFolder: 'C:\\Windows\\Panther' }, answerFiles: { files: [] } },
        messageIds: ['present'],
        resources: ['C:\\Windows\\Panther'],
      },
      {
        description: 'a secret-free Sysprep\\unattend.xml left by the build',
        settings: { cloud: 'azure' },
        facts: { panther: noPanther, answerFiles: { files: [file('C:\\Windows\\System32\\Sysprep\\unattend.xml')] } },
        messageIds: ['sysprepUnattend'],
        resources: ['C:\\Windows\\System32\\Sysprep\\unattend.xml'],
      },
    ],
  },
  check({ panther, answerFiles }, context) {
    if (panther.pantherFolder) context.report({ messageId: 'present', resource: panther.pantherFolder });
    for (const f of answerFiles.files) if (SYSPREP_UNATTEND.test(f.path)) context.report({ messageId: 'sysprepUnattend', resource: f.path });
  },
});
