import { defineRule } from '../../src/engine/define.js';

const AGENT_ID = 'HKLM\\SOFTWARE\\Microsoft\\DesiredStateConfiguration\\AgentId';
const noAgent = { keyExists: false, agentIdSet: false };

export default defineRule({
  id: 'W044',
  alias: 'dsc-configuration',
  title: 'No PowerShell DSC configuration documents or DSC agent identity are left in the image',
  platform: 'windows',
  severity: 'warning',
  facts: ['dsc', 'dscAgent'],
  messages: {
    document: 'DSC configuration document {resource} exists',
    agentId: '{resource} is set: every clone would register at a DSC pull server with the same AgentId',
  },
  rationale:
    'Sysprep runs DscCore.dll,SysPrep_Cleanup; it has been reported to fail with error 0x2 on Azure Windows Server images, and a configuration ' +
    "left in the image is applied again, with the build VM's settings, by every clone. The Local Configuration Manager's AgentId is the node's " +
    'identity at a pull server: images that kept it made several machines register with the same AgentId (PowerShell/DscResources#296), ' +
    'so GitHub runner images set it blank before Sysprep.',
  remediation:
    '`Remove-DscConfigurationDocument -Stage Current,Pending,Previous -Force` before sealing and apply configurations to the clones after deployment; ' +
    "blank the agent identity as runner-images does: `Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\DesiredStateConfiguration' -Name AgentId -Value ''`.",
  references: [
    {
      title: "MicrosoftDocs/azure-docs#80346: 'DscCore.dll,SysPrep_Cleanup' returned error code 0x2",
      url: 'https://github.com/MicrosoftDocs/azure-docs/issues/80346',
    },
    {
      title: 'Remove-DscConfigurationDocument',
      url: 'https://learn.microsoft.com/powershell/module/psdesiredstateconfiguration/remove-dscconfigurationdocument',
    },
    {
      title: 'PowerShell/DscResources#296: AgentId kept by Sysprep, clones share it at the pull server',
      url: 'https://github.com/PowerShell/DscResources/issues/296',
    },
    {
      title: 'actions/runner-images Configure-Sysprep.ps1 (AgentId set blank "as per hashicorp/packer#9818")',
      url: 'https://github.com/actions/runner-images/blob/main/images/windows/scripts/build/Configure-Sysprep.ps1',
    },
  ],
  examples: {
    pass: [
      { description: 'no documents and no DSC key', facts: { dsc: { documents: [] }, dscAgent: noAgent } },
      { description: 'the AgentId blanked as runner-images does', facts: { dsc: { documents: [] }, dscAgent: { keyExists: true, agentIdSet: false } } },
    ],
    fail: [
      {
        description: 'a current configuration',
        facts: { dsc: { documents: ['C:\\Windows\\System32\\Configuration\\Current.mof'] }, dscAgent: noAgent },
        messageIds: ['document'],
        resources: ['C:\\Windows\\System32\\Configuration\\Current.mof'],
      },
      {
        description: 'the LCM registered the node and kept its AgentId',
        facts: { dsc: { documents: [] }, dscAgent: { keyExists: true, agentIdSet: true } },
        messageIds: ['agentId'],
        resources: [AGENT_ID],
      },
    ],
  },
  check({ dsc, dscAgent }, context) {
    for (const d of dsc.documents) context.report({ messageId: 'document', resource: d });
    if (dscAgent.agentIdSet) context.report({ messageId: 'agentId', resource: AGENT_ID });
  },
});
