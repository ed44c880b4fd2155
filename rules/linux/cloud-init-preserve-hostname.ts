import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { CLOUD_INIT_ON, cloudInitOn, cloudInitSetting, cloudInitUnreadable, provisioningExample } from './lib/provisioning.js';

const state = (settings: Record<string, string>) => ({
  provisioning: provisioningExample({ cloudInit: { ...CLOUD_INIT_ON, config: [{ path: '/etc/cloud/cloud.cfg.d/99-custom.cfg', readable: true, settings }] } }),
});

export default defineRule({
  id: 'L056',
  alias: 'cloud-init-preserve-hostname',
  title: 'cloud-init may set the hostname (preserve_hostname is not true)',
  platform: 'linux',
  severity: 'warning',
  facts: ['provisioning'],
  messages: {
    preserve: "{resource} sets preserve_hostname: true; clones keep the image's hostname",
  },
  rationale: "With preserve_hostname: true cloud-init never sets the hostname from the metadata, so every clone keeps the image's name.",
  remediation: 'Remove `preserve_hostname: true` from the cloud-init configuration (or set it to false).',
  references: [
    {
      title: 'cloud-init: set_hostname / update_hostname modules (preserve_hostname)',
      url: 'https://cloudinit.readthedocs.io/en/latest/reference/modules.html#set-hostname',
    },
  ],
  examples: {
    pass: [{ description: 'not set', facts: state({ datasource_list: '[ Azure ]' }) }],
    fail: [
      {
        description: 'set to true',
        facts: state({ preserve_hostname: 'true' }),
        messageIds: ['preserve'],
        resources: ['/etc/cloud/cloud.cfg.d/99-custom.cfg'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!cloudInitOn(provisioning)) {
      context.notApplicable('cloud-init is not installed or not enabled');
      return;
    }
    if (unknownIfUnreadable(context, cloudInitUnreadable(provisioning))) return;
    const setting = cloudInitSetting(provisioning, 'preserve_hostname');
    if (setting?.value === true) context.report({ messageId: 'preserve', resource: setting.path });
  },
});
