import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L012',
  alias: 'azure-arc-connected',
  title: 'The Azure Arc Connected Machine agent is not connected',
  platform: 'linux',
  severity: 'error',
  facts: ['arcAgent'],
  messages: {
    connected: '{resource} connects this machine as Arc resource {name}; every clone would claim it and its managed identity',
  },
  rationale: 'A connected Arc agent holds one Azure resource and its managed identity. Every clone would claim the same resource.',
  remediation: 'Disconnect before capture: `azcmagent disconnect` (or `azcmagent disconnect --force-local-only`); ship the agent installed but not connected.',
  references: [{ title: 'azcmagent disconnect', url: 'https://learn.microsoft.com/azure/azure-arc/servers/azcmagent-disconnect' }],
  examples: {
    pass: [
      { description: 'no Arc agent', facts: { arcAgent: { config: null } } },
      { description: 'installed, not connected', facts: { arcAgent: { config: { path: '/var/opt/azcmagent/agentconfig.json', resourceName: '' } } } },
    ],
    fail: [
      {
        description: 'connected',
        facts: { arcAgent: { config: { path: '/var/opt/azcmagent/agentconfig.json', resourceName: 'build-vm-01' } } },
        messageIds: ['connected'],
        resources: ['/var/opt/azcmagent/agentconfig.json'],
      },
    ],
  },
  check({ arcAgent }, context) {
    const c = arcAgent.config;
    if (c && c.resourceName !== '') context.report({ messageId: 'connected', resource: c.path, data: { name: c.resourceName } });
  },
});
