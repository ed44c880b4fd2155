import { defineRule } from '../../src/engine/define.js';
import { stateExample, stateFiles, stateGlob } from './lib/state.js';

export default defineRule({
  id: 'L093',
  alias: 'yum-uuid',
  title: "yum's machine UUID is not shipped in the image",
  platform: 'linux',
  severity: 'info',
  facts: ['serviceState'],
  messages: { uuid: '{resource} is the UUID yum made for the build VM; every clone would present the same one' },
  rationale:
    'yum generates /var/lib/yum/uuid once to tell this machine apart, and makes a fresh one the next time it runs when the file is gone. In an image, all clones share it.',
  remediation: 'Delete it: `rm -f /var/lib/yum/uuid`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep yum-uuid operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_yum_uuid.ml',
    },
  ],
  examples: {
    pass: [
      { description: 'none', facts: stateExample() },
      {
        description: "no UUID, beside a Puppet vardir that matched more than the probe names (that is L095's unknown, not this rule's)",
        facts: { serviceState: { globs: [{ ...stateGlob('/var/lib/puppet/*', ['/var/lib/puppet/state/state.yaml', 96]), count: 240 }], unreadable: [] } },
      },
    ],
    unknown: [
      {
        description: 'the UUID could not be looked for: /var/lib/yum cannot be searched',
        facts: { serviceState: { globs: [], unreadable: ['/var/lib/yum'] } },
        reason: '/var/lib/yum could not be searched',
      },
    ],
    fail: [
      { description: 'the UUID', facts: stateExample('/var/lib/yum/uuid', ['/var/lib/yum/uuid', 36]), messageIds: ['uuid'], resources: ['/var/lib/yum/uuid'] },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, ['/var/lib/yum/uuid'], (p) => p === '/var/lib/yum/uuid', context))
      context.report({ messageId: 'uuid', resource: f.path });
  },
});
