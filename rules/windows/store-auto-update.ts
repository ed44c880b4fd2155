import { defineRule } from '../../src/engine/define.js';

const KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsStore\\AutoDownload';

export default defineRule({
  id: 'W025',
  alias: 'store-auto-update',
  title: 'Microsoft Store automatic app updates are off on the reference VM',
  platform: 'windows',
  severity: 'warning',
  facts: ['storeUpdate'],
  messages: {
    on: '{resource} is {value} and the machine has Internet access: the Store can update an inbox app for a user between lint and Sysprep (W024)',
  },
  rationale:
    'A Store update of a provisioned app installs a newer full name for that user only, which makes Sysprep fail with 0x80073cf2. ' +
    'Microsoft recommends unplugging the Internet or turning off automatic updates before creating the image.',
  remediation:
    '`New-Item HKLM:\\SOFTWARE\\Policies\\Microsoft\\WindowsStore -Force; Set-ItemProperty HKLM:\\SOFTWARE\\Policies\\Microsoft\\WindowsStore -Name AutoDownload -Value 2 -Type DWord`, ' +
    'or build without Internet access.',
  references: [
    {
      title: 'Sysprep fails after you remove or update Microsoft Store apps',
      url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps',
    },
  ],
  waiverGuidance: 'Waive when the build runs Sysprep right after removing per-user packages and W024 gates the same run.',
  examples: {
    pass: [
      { description: 'policy turns updates off', facts: { storeUpdate: { storeInstalled: true, policyAutoDownload: 2, autoDownload: null, internet: true } } },
      { description: 'no Internet access', facts: { storeUpdate: { storeInstalled: true, policyAutoDownload: null, autoDownload: null, internet: false } } },
    ],
    fail: [
      {
        description: 'default settings online',
        facts: { storeUpdate: { storeInstalled: true, policyAutoDownload: null, autoDownload: null, internet: true } },
        messageIds: ['on'],
        resources: ['HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsStore\\AutoDownload'],
      },
    ],
  },
  check({ storeUpdate }, context) {
    if (storeUpdate.policyAutoDownload === 2) return;
    if (storeUpdate.internet === false) return;
    if (storeUpdate.internet === null) return context.unknown('the network profiles could not be read, so Internet access is unknown');
    context.report({
      messageId: 'on',
      resource: KEY,
      data: { value: storeUpdate.policyAutoDownload === null ? 'not set (updates on)' : String(storeUpdate.policyAutoDownload) },
    });
  },
});
