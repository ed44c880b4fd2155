import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L073',
  alias: 'orphan-journal',
  title: 'No journal directory of a previous machine ID is left',
  platform: 'linux',
  severity: 'info',
  facts: ['journalDirs'],
  messages: {
    orphan: '{resource} belongs to another machine ID than /etc/machine-id ({current})',
  },
  rationale: "After a machine-id reset the old journal directory stays behind with the builder's logs and is never rotated again.",
  remediation: 'Remove it: `rm -rf /var/log/journal/<old-id>`.',
  references: [
    { title: 'uyuni-docs PR 4549: rename /var/log/journal/<id> to the new machine ID', url: 'https://github.com/uyuni-project/uyuni-docs/pull/4549' },
  ],
  examples: {
    pass: [
      {
        description: 'matching directory',
        facts: { journalDirs: { machineId: '4c4c4544004d3510804bb4c04f4e3432', dirs: ['/var/log/journal/4c4c4544004d3510804bb4c04f4e3432'] } },
      },
    ],
    fail: [
      {
        description: 'old directory after an emptied machine-id',
        facts: { journalDirs: { machineId: '', dirs: ['/var/log/journal/4c4c4544004d3510804bb4c04f4e3432'] } },
        messageIds: ['orphan'],
        resources: ['/var/log/journal/4c4c4544004d3510804bb4c04f4e3432'],
      },
    ],
  },
  check({ journalDirs }, context) {
    for (const d of journalDirs.dirs) {
      if (!d.endsWith(`/${journalDirs.machineId}`) || journalDirs.machineId === '') {
        context.report({ messageId: 'orphan', resource: d, data: { current: journalDirs.machineId || 'empty' } });
      }
    }
  },
});
