import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L043',
  alias: 'shadow-backups',
  title: '/etc/shadow- and /etc/gshadow- hold no password hashes',
  platform: 'linux',
  severity: 'warning',
  facts: ['passwordHashes'],
  messages: {
    hashes: '{resource} keeps the password hashes of {accounts}',
  },
  rationale:
    "shadow(5) tools keep the previous file as /etc/shadow-. waagent rewrites /etc/shadow only, so the backup keeps root's and " +
    "deleted users' hashes in every clone.",
  remediation: 'Remove the backups: `rm -f /etc/passwd- /etc/shadow- /etc/group- /etc/gshadow- /etc/subuid- /etc/subgid-`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep passwd-backups operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_passwd_backups.ml',
    },
  ],
  examples: {
    pass: [{ description: 'no backups', facts: { passwordHashes: { path: '/etc/shadow', entries: [], backups: [] } } }],
    fail: [
      {
        description: "root's old hash in /etc/shadow-",
        facts: { passwordHashes: { path: '/etc/shadow', entries: [], backups: [{ path: '/etc/shadow-', hashed: ['root', 'builder'] }] } },
        messageIds: ['hashes'],
        resources: ['/etc/shadow-'],
      },
    ],
  },
  check({ passwordHashes }, context) {
    for (const b of passwordHashes.backups) {
      if (b.hashed.length > 0) context.report({ messageId: 'hashes', resource: b.path, data: { accounts: b.hashed.join(', ') } });
    }
  },
});
