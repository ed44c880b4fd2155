import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { stateExample, stateFiles } from './lib/state.js';

const owns = (p: string) => /^(\/etc\/blkid\.tab|\/etc\/blkid\/blkid\.tab|\/var\/run\/blkid\.tab|\/dev\/\.blkid\.tab)(\.old)?$/.test(p);

export default defineRule({
  id: 'L092',
  alias: 'blkid-cache',
  title: 'No legacy blkid cache of the build VM is left',
  platform: 'linux',
  severity: 'info',
  facts: ['serviceState'],
  messages: { cache: "{resource} is a blkid cache: the build VM's block devices with their UUIDs, labels and types" },
  rationale:
    'libblkid caches what it probed of each block device. Old util-linux kept the cache in /etc/blkid.tab or /etc/blkid/blkid.tab, on the disk that becomes the image; current ' +
    "ones keep it in /run/blkid (a tmpfs). The clones start from the builder's devices; libblkid checks an entry before trusting it, so it is stale data more than a fault.",
  remediation: 'Delete it: `rm -f /etc/blkid.tab /etc/blkid.tab.old /etc/blkid/blkid.tab /etc/blkid/blkid.tab.old`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep blkid-tab operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_blkid_tab.ml',
    },
    { title: 'util-linux: blkid(8), the cache file', url: 'https://man7.org/linux/man-pages/man8/blkid.8.html' },
  ],
  examples: {
    pass: [
      { description: 'none', facts: stateExample() },
      { description: '/root unsearchable, which holds no blkid cache', facts: { serviceState: { globs: [], unreadable: ['/root'] } } },
    ],
    fail: [
      {
        description: 'an old cache in /etc/blkid',
        facts: stateExample('/etc/blkid/blkid.tab', ['/etc/blkid/blkid.tab', 412]),
        messageIds: ['cache'],
        resources: ['/etc/blkid/blkid.tab'],
      },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, ['/etc/blkid.tab', '/etc/blkid', '/var/run', '/dev'], owns, context))
      context.report({ messageId: 'cache', resource: shownPath(f.path) });
  },
});
