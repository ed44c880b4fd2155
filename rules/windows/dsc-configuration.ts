import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'W044',
  alias: 'dsc-configuration',
  title: 'No PowerShell DSC configuration documents are left in the image',
  platform: 'windows',
  severity: 'warning',
  facts: ['dsc'],
  messages: { document: 'DSC configuration document {resource} exists' },
  rationale:
    'Sysprep runs DscCore.dll,SysPrep_Cleanup; it has been reported to fail with error 0x2 on Azure Windows Server images, and a configuration ' +
    "left in the image is applied again, with the build VM's settings, by every clone.",
  remediation: '`Remove-DscConfigurationDocument -Stage Current,Pending,Previous -Force` before sealing; apply configurations to the clones after deployment.',
  references: [
    {
      title: "MicrosoftDocs/azure-docs#80346: 'DscCore.dll,SysPrep_Cleanup' returned error code 0x2",
      url: 'https://github.com/MicrosoftDocs/azure-docs/issues/80346',
    },
    {
      title: 'Remove-DscConfigurationDocument',
      url: 'https://learn.microsoft.com/powershell/module/psdesiredstateconfiguration/remove-dscconfigurationdocument',
    },
  ],
  examples: {
    pass: [{ description: 'no documents', facts: { dsc: { documents: [] } } }],
    fail: [
      {
        description: 'a current configuration',
        facts: { dsc: { documents: ['C:\\Windows\\System32\\Configuration\\Current.mof'] } },
        messageIds: ['document'],
        resources: ['C:\\Windows\\System32\\Configuration\\Current.mof'],
      },
    ],
  },
  check({ dsc }, context) {
    for (const d of dsc.documents) context.report({ messageId: 'document', resource: d });
  },
});
