import { defineRule } from '../../src/engine/define.js';

const SYSPREP_UNATTEND = /[\\/]System32[\\/]Sysprep[\\/](Auto)?unattend\.xml$/i;
const noPanther = { pantherFolder: null, succeededTag: null, logs: [], truncated: false };
const file = (path: string) => ({ path, source: 'implicit search location', error: null, secrets: [], sysprepCommands: [] });

export default defineRule({
  id: 'W043',
  alias: 'azure-panther-unattend',
  title: 'No Panther folder, cached Sysprep\\unattend.xml or other custom answer file is left for an Azure capture',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['panther', 'answerFiles'],
  messages: {
    present: '{resource} exists: it holds cached answer files and setup logs of the build VM',
    sysprepUnattend: '{resource} exists: Sysprep would read this answer file instead of the one Azure provisioning brings',
    customAnswerFile: '{resource} ({source}) is a custom answer file, which Azure does not support: Windows Setup can read it at first boot',
  },
  rationale:
    'Azure provisioning brings its own answer file; a custom unattend.xml is not supported and Microsoft lists deleting C:\\Windows\\Panther as a preparation step. ' +
    "Azure Image Builder's default Sysprep command deletes %WINDIR%\\System32\\Sysprep\\unattend.xml first, whatever it holds " +
    '(W020 reports the secrets in answer files wherever the image is going).',
  remediation:
    '`Remove-Item $env:WINDIR\\Panther -Recurse -Force` and `Remove-Item $env:WINDIR\\System32\\Sysprep\\unattend.xml -Force` right before Sysprep, ' +
    'remove any other answer file reported (and the HKLM\\SYSTEM\\Setup UnattendFile value that points to one) ' +
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
        description: 'already removed; only an EC2Launch answer file, which is not read on Azure (W020 judges its content)',
        settings: { cloud: 'azure' },
        facts: {
          panther: noPanther,
          answerFiles: { files: [{ ...file('C:\\ProgramData\\Amazon\\EC2Launch\\sysprep\\unattend.xml'), source: 'cloud launch agent answer file' }] },
        },
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
      {
        description: 'an answer file at the root of the system drive and one the registry points to',
        settings: { cloud: 'azure' },
        facts: {
          panther: noPanther,
          answerFiles: { files: [file('C:\\unattend.xml'), { ...file('D:\\build\\unattend.xml'), source: 'HKLM\\SYSTEM\\Setup UnattendFile' }] },
        },
        messageIds: ['customAnswerFile', 'customAnswerFile'],
        resources: ['C:\\unattend.xml', 'D:\\build\\unattend.xml'],
      },
    ],
  },
  check({ panther, answerFiles }, context) {
    if (panther.pantherFolder) context.report({ messageId: 'present', resource: panther.pantherFolder });
    for (const f of answerFiles.files) {
      if (SYSPREP_UNATTEND.test(f.path)) context.report({ messageId: 'sysprepUnattend', resource: f.path });
      // Inside Panther the folder itself is reported; a launch agent's answer file is not read on Azure.
      else if (f.source !== 'cloud launch agent answer file' && !/[\\/]Panther[\\/]/i.test(f.path))
        context.report({ messageId: 'customAnswerFile', resource: f.path, data: { source: f.source } });
    }
  },
});
