import { defineRule } from '../../src/engine/define.js';
import { provisioningExample } from './lib/provisioning.js';

const azure = { cloud: 'azure' };

export default defineRule({
  id: 'L030',
  alias: 'waagent-legacy-provisioning-keys',
  title: 'waagent.conf sets Provisioning.Agent, not only the legacy keys',
  platform: 'linux',
  severity: 'info',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    legacy: '{resource} sets {keys} but not Provisioning.Agent; current agents ignore the legacy keys and use Provisioning.Agent=auto',
  },
  rationale:
    'Current agents read Provisioning.Agent (default auto) and ignore Provisioning.Enabled and Provisioning.UseCloudInit, so an image that sets only those relies on auto without saying so.',
  remediation: 'Set `Provisioning.Agent=waagent`, `cloud-init` or `auto` explicitly in /etc/waagent.conf.',
  references: [
    { title: 'WALinuxAgent: common/conf.py get_provision_enabled', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/conf.py' },
  ],
  examples: {
    pass: [
      {
        description: 'Provisioning.Agent set',
        facts: { provisioning: provisioningExample({ settings: { 'Provisioning.Agent': 'auto', 'Provisioning.Enabled': 'n' } }) },
        settings: azure,
      },
    ],
    fail: [
      {
        description: 'only the legacy key',
        facts: { provisioning: provisioningExample({ settings: { 'Provisioning.Enabled': 'n' } }) },
        settings: azure,
        messageIds: ['legacy'],
        resources: ['/etc/waagent.conf'],
      },
    ],
  },
  check({ provisioning }, context) {
    const s = provisioning.waagent.config.settings;
    if (!provisioning.waagent.config.present) return context.notApplicable('no /etc/waagent.conf');
    const legacy = ['Provisioning.Enabled', 'Provisioning.UseCloudInit'].filter((k) => k in s);
    if (legacy.length && !('Provisioning.Agent' in s))
      context.report({ messageId: 'legacy', resource: provisioning.waagent.config.path, data: { keys: legacy.join(', ') } });
  },
});
