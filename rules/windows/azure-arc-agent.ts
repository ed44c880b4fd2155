import { defineRule } from '../../src/engine/define.js';

const CONFIG = 'C:\\ProgramData\\AzureConnectedMachineAgent\\Config\\agentconfig.json';

export default defineRule({
  id: 'W035',
  alias: 'azure-arc-agent',
  title: 'The Azure Connected Machine (Arc) agent is not connected to a resource',
  platform: 'windows',
  severity: 'error',
  facts: ['azureArc'],
  messages: { connected: 'the Arc agent is connected as {resourceId} ({resource})' },
  rationale: "A connected Arc agent holds the machine's Azure resource identity and managed-identity credentials; every clone would claim the same resource.",
  remediation:
    '`azcmagent disconnect` before capture (keep the agent installed but disconnected if clones should connect), and connect each clone at first boot.',
  references: [{ title: 'Managing the Azure Connected Machine agent', url: 'https://learn.microsoft.com/azure/azure-arc/servers/manage-agent' }],
  examples: {
    pass: [
      {
        description: 'installed, not connected',
        facts: { azureArc: { himds: { status: 'Stopped', startType: 'Automatic' }, configPath: CONFIG, resourceId: null, tenantId: null } },
      },
    ],
    fail: [
      {
        description: 'connected',
        facts: {
          azureArc: {
            himds: { status: 'Running', startType: 'Automatic' },
            configPath: CONFIG,
            resourceId: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.HybridCompute/machines/build01',
            tenantId: '1111',
          },
        },
        messageIds: ['connected'],
        resources: ['C:\\ProgramData\\AzureConnectedMachineAgent\\Config\\agentconfig.json'],
      },
    ],
  },
  check({ azureArc }, context) {
    if (azureArc.resourceId) context.report({ messageId: 'connected', resource: azureArc.configPath, data: { resourceId: azureArc.resourceId } });
  },
});
