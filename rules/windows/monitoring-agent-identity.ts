import { defineRule } from '../../src/engine/define.js';

const none = { services: [], mmaManagementGroups: [], extensionPlugins: [] };

export default defineRule({
  id: 'W037',
  alias: 'monitoring-agent-identity',
  title: 'No monitoring agent or VM extension with a host identity is installed',
  platform: 'windows',
  severity: 'warning',
  facts: ['monitoringAgents'],
  messages: {
    service: 'monitoring agent service {resource} is installed ({status})',
    group: 'the Log Analytics (MMA) agent reports to management group {resource}',
    plugin: 'VM extension {resource} is installed under C:\\Packages\\Plugins',
  },
  rationale: 'Agent IDs and workspace registrations are cloned into every instance; Azure recommends removing VM extensions before running Sysprep.',
  remediation:
    'Remove the extensions from the VM (`Remove-AzVMExtension`) or uninstall the agents; install them on the clones by policy or data collection rules.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure (remove VM extensions)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
  ],
  examples: {
    pass: [{ description: 'no agents', facts: { monitoringAgents: none } }],
    fail: [
      {
        description: 'Azure Monitor Agent',
        facts: { monitoringAgents: { ...none, services: [{ name: 'AzureMonitorAgent', status: 'Running', startType: 'Automatic' }] } },
        messageIds: ['service'],
        resources: ['AzureMonitorAgent'],
      },
      {
        description: 'MMA workspace and an extension',
        facts: { monitoringAgents: { ...none, mmaManagementGroups: ['AOI-0000'], extensionPlugins: ['Microsoft.Azure.Monitor.AzureMonitorWindowsAgent'] } },
        messageIds: ['group', 'plugin'],
        resources: ['AOI-0000', 'Microsoft.Azure.Monitor.AzureMonitorWindowsAgent'],
      },
    ],
  },
  check({ monitoringAgents: m }, context) {
    for (const s of m.services) context.report({ messageId: 'service', resource: s.name, data: { status: s.status } });
    for (const g of m.mmaManagementGroups) context.report({ messageId: 'group', resource: g });
    for (const p of m.extensionPlugins) context.report({ messageId: 'plugin', resource: p });
  },
});
