import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';

export default defineRule({
  id: 'L079',
  alias: 'backup-files',
  title: 'No editor or package backup files are left in /etc, /root, /srv and /var',
  platform: 'linux',
  severity: 'info',
  facts: ['backupFiles'],
  messages: { backup: '{resource} is a stale backup copy' },
  rationale:
    'Stale copies of configuration files sometimes hold old secrets and confuse later changes. virt-sysprep removes *~ and *.bak from /etc, /root, /srv, /tmp and /var; ' +
    "preseal looks there too (/root two levels deep; /tmp and /var/tmp are L078's, /var/log L072's), and in /etc also for package-manager copies. It does not walk the stores of " +
    'containers, VMs, snaps and databases in /var/lib (docker, containers, containerd, kubelet, rancher, lxc, lxd, incus, machines, libvirt, snapd, flatpak, mysql, postgresql, ' +
    "pgsql): their files are not the builder's edits, and a container store holds whole filesystems. " +
    'A /var/backups/shadow.bak or gshadow.bak (which daily jobs of older Debian releases wrote) holds the password hashes.',
  remediation: 'Delete them after checking nothing is needed: `rm -f <file>`.',
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
        description: 'a copy of /etc/shadow in /var/backups',
        facts: { backupFiles: { files: ['/var/backups/shadow.bak'], unreadable: [] } },
        messageIds: ['backup'],
        resources: ['/var/backups/shadow.bak'],
      },
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
