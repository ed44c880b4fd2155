import { defineRule } from '../../src/engine/define.js';
import { provisioningExample, waagentSwitch } from './lib/provisioning.js';

const azure = { cloud: 'azure' };

export default defineRule({
  id: 'L034',
  alias: 'waagent-extensions-disabled',
  title: 'waagent handles VM extensions',
  platform: 'linux',
  severity: 'info',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    disabled: '{resource} sets Extensions.Enabled=n; clones get no password reset, Run Command, backup or monitoring extensions',
  },
  rationale:
    'With Extensions.Enabled=n the agent processes no extensions: VMAccess password reset, Run Command, backup and monitoring do not work on the clones.',
  remediation: 'Set `Extensions.Enabled=y` in /etc/waagent.conf unless the image is meant to run without any extension.',
  references: [
    {
      title: 'WALinuxAgent: config/ubuntu/waagent.conf (Extensions.Enabled)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/config/ubuntu/waagent.conf',
    },
  ],
  examples: {
    pass: [{ description: 'the default', facts: { provisioning: provisioningExample({ settings: {} }) }, settings: azure }],
    fail: [
      {
        description: 'extensions off',
        facts: { provisioning: provisioningExample({ settings: { 'Extensions.Enabled': 'n' } }) },
        settings: azure,
        messageIds: ['disabled'],
        resources: ['/etc/waagent.conf'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!provisioning.waagent.installed) return context.notApplicable('waagent is not installed');
    if (!waagentSwitch(provisioning, 'Extensions.Enabled', true)) context.report({ messageId: 'disabled', resource: provisioning.waagent.config.path });
  },
});
