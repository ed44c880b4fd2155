import { defineRule } from '../../src/engine/define.js';
import { CHECKED_CLOUD_INIT, CLOUD_INIT_ON, cloudInitSetting, isTrue, provisioningExample } from './lib/provisioning.js';

const withCache = (manual: string, instanceCache: string[]) =>
  provisioningExample({
    cloudInit: {
      ...CLOUD_INIT_ON,
      config: [{ path: '/etc/cloud/cloud.cfg.d/99-trust.cfg', readable: true, settings: { manual_cache_clean: manual } }],
      instanceCache,
    },
  });

export default defineRule({
  id: 'L035',
  alias: 'cloud-init-trusted-cache',
  title: "cloud-init's trusted cache (manual_cache_clean) is not shipped",
  platform: 'linux',
  severity: 'error',
  facts: ['provisioning'],
  messages: {
    trusted: '{resource} exists while {config} sets manual_cache_clean: true; clones would treat their first boot as a reboot of this VM',
  },
  rationale:
    'With manual_cache_clean: true cloud-init trusts its cache and does not check the instance id. Clones skip per-instance ' +
    'config: no SSH host key rotation, no user or key injection.',
  remediation: 'Run `cloud-init clean --logs` before capture, and drop `manual_cache_clean` unless you need it.',
  references: [
    {
      title: 'cloud-init: first boot determination ("you must manually clean the cache")',
      url: 'https://github.com/canonical/cloud-init/blob/main/doc/rtd/explanation/first_boot.rst',
    },
    CHECKED_CLOUD_INIT,
  ],
  cleanedBy: ['cloud-init'],
  examples: {
    pass: [
      { description: 'trusted but clean', facts: { provisioning: withCache('true', []) } },
      { description: 'default check mode with a cache', facts: { provisioning: withCache('false', ['/var/lib/cloud/instance']) } },
    ],
    fail: [
      {
        description: 'trusted with a cache',
        facts: { provisioning: withCache('true', ['/var/lib/cloud/instance', '/var/lib/cloud/instances/3f2b7c1e']) },
        messageIds: ['trusted'],
        resources: ['/var/lib/cloud/instance'],
      },
    ],
  },
  check({ provisioning }, context) {
    const manual = cloudInitSetting(provisioning, 'manual_cache_clean');
    const cache = provisioning.cloudInit.instanceCache;
    if (manual && isTrue(manual.value) && cache.length > 0)
      context.report({ messageId: 'trusted', resource: cache[0] as string, data: { config: manual.path } });
  },
});
