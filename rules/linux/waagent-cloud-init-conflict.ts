import { defineRule } from '../../src/engine/define.js';
import { CLOUD_INIT_ON, cloudInitOn, provisioningExample, waagentSetting } from './lib/provisioning.js';

const azure = { cloud: 'azure' };

export default defineRule({
  id: 'L028',
  alias: 'waagent-cloud-init-conflict',
  title: 'waagent is not set to provision while cloud-init is enabled',
  platform: 'linux',
  severity: 'error',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    conflict: '{resource} sets Provisioning.Agent=waagent while cloud-init is enabled ({unit}); waagent refuses to provision',
  },
  rationale:
    'With Provisioning.Agent=waagent, waagent checks whether cloud-init is enabled and stops: "cloud-init appears to be installed and enabled, this is not expected, cannot continue".',
  remediation: 'Set `Provisioning.Agent=auto` (or `cloud-init`) in /etc/waagent.conf, or disable cloud-init (`touch /etc/cloud/cloud-init.disabled`).',
  references: [
    { title: 'WALinuxAgent: pa/provision/default.py', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/provision/default.py' },
    {
      title: 'WALinuxAgent: pa/provision/cloudinitdetect.py',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/provision/cloudinitdetect.py',
    },
  ],
  examples: {
    pass: [
      {
        description: 'auto with cloud-init',
        facts: { provisioning: provisioningExample({ settings: { 'Provisioning.Agent': 'auto' }, cloudInit: CLOUD_INIT_ON }) },
        settings: azure,
      },
      {
        description: 'waagent without cloud-init',
        facts: { provisioning: provisioningExample({ settings: { 'Provisioning.Agent': 'waagent' } }) },
        settings: azure,
      },
    ],
    fail: [
      {
        description: 'both set to provision',
        facts: { provisioning: provisioningExample({ settings: { 'Provisioning.Agent': 'waagent' }, cloudInit: CLOUD_INIT_ON }) },
        settings: azure,
        messageIds: ['conflict'],
        resources: ['/etc/waagent.conf'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!provisioning.waagent.installed) return context.notApplicable('waagent is not installed');
    if (waagentSetting(provisioning, 'Provisioning.Agent', 'auto').toLowerCase() !== 'waagent' || !cloudInitOn(provisioning)) return;
    context.report({ messageId: 'conflict', resource: provisioning.waagent.config.path, data: { unit: provisioning.cloudInit.enabledUnits[0] ?? '' } });
  },
});
