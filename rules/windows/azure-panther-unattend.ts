import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'W043',
  alias: 'azure-panther-unattend',
  title: 'The Panther folder has been removed before an Azure capture',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['panther'],
  messages: { present: '{resource} exists: it holds cached answer files and setup logs of the build VM' },
  rationale:
    'Azure provisioning brings its own answer file; a custom unattend.xml is not supported and Microsoft lists deleting C:\\Windows\\Panther as a preparation step.',
  remediation:
    '`Remove-Item $env:WINDIR\\Panther -Recurse -Force` right before Sysprep (copy the logs off first if you need them); pass extra settings with additionalUnattendContent.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure (delete the panther directory)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
  ],
  waiverGuidance: 'Waive when the pipeline deletes the folder in the same step that runs Sysprep.',
  examples: {
    pass: [
      {
        description: 'already removed',
        settings: { cloud: 'azure' },
        facts: { panther: { pantherFolder: null, succeededTag: null, logs: [], truncated: false } },
      },
    ],
    fail: [
      {
        description: 'still there',
        settings: { cloud: 'azure' },
        facts: { panther: { pantherFolder: 'C:\\Windows\\Panther', succeededTag: null, logs: [], truncated: false } },
        messageIds: ['present'],
        resources: ['C:\\Windows\\Panther'],
      },
    ],
  },
  check({ panther }, context) {
    if (panther.pantherFolder) context.report({ messageId: 'present', resource: panther.pantherFolder });
  },
});
