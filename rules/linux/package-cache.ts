import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L077',
  alias: 'package-cache',
  title: 'Package manager caches are cleaned',
  platform: 'linux',
  severity: 'info',
  facts: ['packageCaches'],
  messages: { cache: '{resource} holds {entries} cached package entries' },
  rationale: 'Downloaded packages enlarge the image and may come from private repositories.',
  remediation: '`apt-get clean` / `dnf clean all` / `yum clean all` / `zypper clean -a`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep package-manager-cache operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_package_manager_cache.ml',
    },
  ],
  examples: {
    pass: [{ description: 'empty', facts: { packageCaches: { caches: [] } } }],
    fail: [
      {
        description: 'apt archives',
        facts: { packageCaches: { caches: [{ path: '/var/cache/apt/archives', entries: 42 }] } },
        messageIds: ['cache'],
        resources: ['/var/cache/apt/archives'],
      },
    ],
  },
  check({ packageCaches }, context) {
    for (const c of packageCaches.caches) context.report({ messageId: 'cache', resource: c.path, data: { entries: c.entries } });
  },
});
