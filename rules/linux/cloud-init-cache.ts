import { defineRule } from '../../src/engine/define.js';
import { CHECKED_CLOUD_INIT, provisioningExample } from './lib/provisioning.js';

const state = (instanceCache: string[]) => ({ provisioning: provisioningExample({ cloudInit: { installed: true, instanceCache } }) });

export default defineRule({
  id: 'L074',
  alias: 'cloud-init-cache',
  title: "cloud-init's instance cache is cleaned",
  platform: 'linux',
  severity: 'info',
  facts: ['provisioning'],
  messages: {
    cache: '{resource} is cloud-init state of the build instance',
  },
  rationale: "With the default instance-id check clones ignore it, but it ships the previous instance's data; Azure's capture steps clean it.",
  remediation: '`cloud-init clean --logs --seed`.',
  references: [
    {
      title: 'Azure: prepare an Ubuntu image (cloud-init clean --logs --seed)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-ubuntu',
    },
    { title: 'cloud-init cmd/clean.py', url: 'https://github.com/canonical/cloud-init/blob/main/cloudinit/cmd/clean.py' },
    CHECKED_CLOUD_INIT,
  ],
  cleanedBy: ['cloud-init'],
  examples: {
    pass: [{ description: 'clean', facts: state([]) }],
    fail: [{ description: 'instance link', facts: state(['/var/lib/cloud/instance']), messageIds: ['cache'], resources: ['/var/lib/cloud/instance'] }],
  },
  check({ provisioning }, context) {
    for (const path of provisioning.cloudInit.instanceCache) context.report({ messageId: 'cache', resource: path });
  },
});
