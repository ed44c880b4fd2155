import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';

export default defineRule({
  id: 'L079',
  alias: 'backup-files',
  title: 'No editor or package backup files are left in /etc and /root',
  platform: 'linux',
  severity: 'info',
  facts: ['backupFiles'],
  messages: { backup: '{resource} is a stale backup copy' },
  rationale: 'Stale copies of configuration files sometimes hold old secrets and confuse later changes.',
  remediation: 'Delete them after checking nothing is needed.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep backup-files operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_backup_files.ml',
    },
  ],
  examples: {
    pass: [{ description: 'none', facts: { backupFiles: { files: [], unreadable: [] } } }],
    fail: [
      {
        description: 'sshd_config~',
        facts: { backupFiles: { files: ['/etc/ssh/sshd_config~'], unreadable: [] } },
        messageIds: ['backup'],
        resources: ['/etc/ssh/sshd_config~'],
      },
    ],
  },
  check({ backupFiles }, context) {
    for (const f of backupFiles.files) context.report({ messageId: 'backup', resource: f });
    unknownIfUnreadable(context, backupFiles.unreadable);
  },
});
