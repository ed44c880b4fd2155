import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L078',
  alias: 'tmp-files',
  title: '/tmp and /var/tmp are empty',
  platform: 'linux',
  severity: 'info',
  facts: ['tmpFiles'],
  messages: { entry: '{resource} is left in a temporary directory' },
  rationale: 'Build artefacts and environment files with secrets are often left in /tmp and /var/tmp.',
  remediation: '`find /tmp /var/tmp -mindepth 1 -delete` before shutdown.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep tmp-files operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_tmp_files.ml',
    },
  ],
  examples: {
    pass: [{ description: 'empty', facts: { tmpFiles: { entries: [], count: 0 } } }],
    fail: [
      { description: 'a build script', facts: { tmpFiles: { entries: ['/tmp/install.sh'], count: 1 } }, messageIds: ['entry'], resources: ['/tmp/install.sh'] },
    ],
  },
  check({ tmpFiles }, context) {
    for (const e of tmpFiles.entries) context.report({ messageId: 'entry', resource: e });
  },
});
