import { defineRule } from '../../src/engine/define.js';
import { CLOUD_INIT_ON, cloudInitOn, provisioningExample, waagentSetting, waagentSwitch } from './lib/provisioning.js';

const azure = { cloud: 'azure' };

export default defineRule({
  id: 'L032',
  alias: 'resource-disk-double-managed',
  title: 'The resource disk is not managed by both waagent and cloud-init',
  platform: 'linux',
  severity: 'warning',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    both: '{resource} sets {key}=y while cloud-init provisions; both agents would partition and mount the temporary disk',
  },
  rationale:
    'When cloud-init provisions, it also handles the resource disk. waagent ResourceDisk.Format or EnableSwap set to y makes both agents format and mount the temporary disk.',
  remediation:
    "Set both to n: `sed -i 's/ResourceDisk.Format=y/ResourceDisk.Format=n/; s/ResourceDisk.EnableSwap=y/ResourceDisk.EnableSwap=n/' /etc/waagent.conf`; configure swap with cloud-init `mounts` / `disk_setup`.",
  references: [
    {
      title: 'Azure: prepare a generic Linux image (cloud-init and the resource disk)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      {
        description: 'cloud-init manages it alone',
        facts: { provisioning: provisioningExample({ settings: { 'ResourceDisk.Format': 'n', 'ResourceDisk.EnableSwap': 'n' }, cloudInit: CLOUD_INIT_ON }) },
        settings: azure,
      },
    ],
    fail: [
      {
        description: 'Debian waagent.conf defaults with cloud-init',
        facts: { provisioning: provisioningExample({ settings: { 'ResourceDisk.Format': 'y', 'ResourceDisk.EnableSwap': 'n' }, cloudInit: CLOUD_INIT_ON }) },
        settings: azure,
        messageIds: ['both'],
        resources: ['/etc/waagent.conf'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!provisioning.waagent.installed) return context.notApplicable('waagent is not installed');
    if (!cloudInitOn(provisioning) || waagentSetting(provisioning, 'Provisioning.Agent', 'auto').toLowerCase() === 'waagent') return;
    // conf.py defaults: ResourceDisk.Format and ResourceDisk.EnableSwap are False when unset.
    for (const key of ['ResourceDisk.Format', 'ResourceDisk.EnableSwap']) {
      if (waagentSwitch(provisioning, key, false)) context.report({ messageId: 'both', resource: provisioning.waagent.config.path, data: { key } });
    }
  },
});
