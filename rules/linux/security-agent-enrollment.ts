import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L017',
  alias: 'security-agent-enrollment',
  title: 'No security or monitoring agent enrollment is left in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['securityAgents'],
  messages: {
    enrolled: '{resource} is an agent enrollment created for this host; clones would report as one host or be rejected',
  },
  rationale:
    'Security and monitoring agents key their identity on a file created at enrollment. Clones that keep it report as one host ' +
    "or are rejected (the analogue of Sysprep's rule that installed applications must support generalization).",
  remediation:
    'Reset each agent before capture: Wazuh: empty /var/ossec/etc/client.keys; Elastic Agent: re-enroll at first boot; CrowdStrike: `falconctl -d -f --aid`; remove the legacy OMS agent.',
  references: [
    {
      title: 'Azure: generalize a VM ("ensure that all installed applications support Sysprep")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
    },
  ],
  examples: {
    pass: [
      { description: 'no agents', facts: { securityAgents: { files: [] } } },
      { description: 'an empty Wazuh client.keys', facts: { securityAgents: { files: [{ path: '/var/ossec/etc/client.keys', size: 0 }] } } },
    ],
    fail: [
      {
        description: 'an enrolled Wazuh agent',
        facts: { securityAgents: { files: [{ path: '/var/ossec/etc/client.keys', size: 98 }] } },
        messageIds: ['enrolled'],
        resources: ['/var/ossec/etc/client.keys'],
      },
    ],
  },
  check({ securityAgents }, context) {
    reportFiles(context, nonEmpty(securityAgents.files), 'enrolled');
  },
});
