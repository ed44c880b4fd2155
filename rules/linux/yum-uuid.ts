import { defineRule } from '../../src/engine/define.js';
import { stateExample, stateFiles } from './lib/state.js';

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
    pass: [{ description: 'none', facts: stateExample() }],
    fail: [{ description: 'the UUID', facts: stateExample(['/var/lib/yum/uuid', 36]), messageIds: ['uuid'], resources: ['/var/lib/yum/uuid'] }],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, ['/var/lib/yum/uuid'], (p) => p === '/var/lib/yum/uuid', context))
      context.report({ messageId: 'uuid', resource: f.path });
  },
});
