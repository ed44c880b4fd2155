import { defineRule } from '../../src/rules/define.js';
import { cloudConfig, cloudInitOn, unknownIfUnreadable } from '../../src/rules/linux-extra.js';

const state = (content: string) => ({
  cloudInitState: { installed: true, enabled: true, configs: [{ path: '/etc/cloud/cloud.cfg.d/99-custom.cfg', content }], unreadable: [], instanceCache: [], generated: [], userData: [] },
});

export default defineRule({
  id: 'L056',
  alias: 'cloud-init-preserve-hostname',
  title: 'cloud-init may set the hostname (preserve_hostname is not true)',
  platform: 'linux',
  severity: 'warning',
  facts: ['cloudInitState'],
  messages: {
    preserve: '{resource} sets preserve_hostname: true; clones keep the image\'s hostname',
  },
  rationale: 'With preserve_hostname: true cloud-init never sets the hostname from the metadata, so every clone keeps the image\'s name.',
  remediation: 'Remove `preserve_hostname: true` from the cloud-init configuration (or set it to false).',
  references: [
    { title: 'cloud-init: set_hostname / update_hostname modules (preserve_hostname)', url: 'https://cloudinit.readthedocs.io/en/latest/reference/modules.html#set-hostname' },
  ],
  examples: {
    pass: [{ description: 'not set', facts: state('datasource_list: [ Azure ]\n') }],
    fail: [{ description: 'set to true', facts: state('preserve_hostname: true\n'), messageIds: ['preserve'] }],
  },
  check({ cloudInitState }, context) {
    if (!cloudInitOn(cloudInitState)) {
      context.notApplicable('cloud-init is not installed or not enabled');
      return;
    }
    if (unknownIfUnreadable(context, cloudInitState.unreadable)) return;
    const setting = cloudConfig(cloudInitState.configs).get('preserve_hostname');
    if (setting?.value === true) context.report({ messageId: 'preserve', resource: setting.path });
  },
});
