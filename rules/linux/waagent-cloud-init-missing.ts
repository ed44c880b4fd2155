import { defineRule } from '../../src/engine/define.js';
import { CLOUD_INIT_ON, cloudInitOn, provisioningExample, waagentSetting } from './lib/provisioning.js';

const azure = { cloud: 'azure' };
const settings = { 'Provisioning.Agent': 'cloud-init' };

export default defineRule({
  id: 'L029',
  alias: 'waagent-cloud-init-missing',
  title: 'cloud-init is installed and enabled when waagent leaves provisioning to it',
  platform: 'linux',
  severity: 'error',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    missing: '{resource} sets Provisioning.Agent=cloud-init but cloud-init is {why}; provisioning would time out',
  },
  rationale:
    'With Provisioning.Agent=cloud-init, waagent waits for cloud-init to copy ovf-env.xml and create host keys. If cloud-init is missing or disabled, provisioning times out.',
  remediation:
    'Install and enable cloud-init (`apt-get install cloud-init`; remove /etc/cloud/cloud-init.disabled), or set `Provisioning.Agent=auto` or `waagent`.',
  references: [
    { title: 'WALinuxAgent: pa/provision/cloudinit.py', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/provision/cloudinit.py' },
  ],
  examples: {
    pass: [{ description: 'cloud-init enabled', facts: { provisioning: provisioningExample({ settings, cloudInit: CLOUD_INIT_ON }) }, settings: azure }],
    fail: [
      {
        description: 'cloud-init disabled by a marker file',
        facts: { provisioning: provisioningExample({ settings, cloudInit: { ...CLOUD_INIT_ON, disabledBy: ['/etc/cloud/cloud-init.disabled'] } }) },
        settings: azure,
        messageIds: ['missing'],
        resources: ['/etc/waagent.conf'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!provisioning.waagent.installed) return context.notApplicable('waagent is not installed');
    if (waagentSetting(provisioning, 'Provisioning.Agent', 'auto').toLowerCase() !== 'cloud-init' || cloudInitOn(provisioning)) return;
    const ci = provisioning.cloudInit;
    const why = !ci.installed
      ? 'not installed'
      : ci.disabledBy.length
        ? `disabled by ${ci.disabledBy.join(', ')}`
        : 'not enabled (no cloud-init-local.service in a .wants folder)';
    context.report({ messageId: 'missing', resource: provisioning.waagent.config.path, data: { why } });
  },
});
