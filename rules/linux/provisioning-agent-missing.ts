import { defineRule } from '../../src/engine/define.js';
import { CLOUD_INIT_ON, provisioningExample } from './lib/provisioning.js';

const azure = { cloud: 'azure' };

export default defineRule({
  id: 'L027',
  alias: 'provisioning-agent-missing',
  title: 'A provisioning agent (waagent or cloud-init) is installed',
  platform: 'linux',
  severity: 'error',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    none: 'neither waagent nor cloud-init is installed ({resource} and /usr/bin/cloud-init are missing); Azure cannot create the user or learn the VM is ready',
  },
  rationale: 'Without waagent or cloud-init nothing creates the admin user, installs the SSH key or reports the VM ready, and the deployment times out.',
  remediation: 'Install the agent: `apt-get install walinuxagent` (or `dnf install WALinuxAgent`) and/or cloud-init, and enable it.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("The Azure Linux Agent is required")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      { description: 'waagent installed', facts: { provisioning: provisioningExample({ waagent: { installed: true } }) }, settings: azure },
      { description: 'cloud-init installed', facts: { provisioning: provisioningExample({ cloudInit: CLOUD_INIT_ON }) }, settings: azure },
    ],
    fail: [
      {
        description: 'no agent at all',
        facts: { provisioning: provisioningExample({}) },
        settings: azure,
        messageIds: ['none'],
        resources: ['/usr/sbin/waagent'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!provisioning.waagent.installed && !provisioning.cloudInit.installed) context.report({ messageId: 'none', resource: '/usr/sbin/waagent' });
  },
});
