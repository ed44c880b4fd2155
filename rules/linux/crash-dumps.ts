import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L080',
  alias: 'crash-dumps',
  title: 'No crash dumps or core files are left',
  platform: 'linux',
  severity: 'info',
  facts: ['crashDumps'],
  messages: { dump: '{resource} is a crash dump; memory images may contain secrets' },
  rationale:
    'Kernel and process dumps are memory images of the build VM; ABRT (Fedora, RHEL) keeps one problem directory per crash, with its core and environment.',
  remediation: '`rm -rf /var/crash/* /var/lib/systemd/coredump/* /var/log/dump/* /var/spool/abrt/*`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep crash-data operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_crash_data.ml',
    },
    {
      title: 'guestfs-tools: virt-sysprep abrt-data operation (/var/spool/abrt/*)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_abrt_data.ml',
    },
  ],
  examples: {
    pass: [{ description: 'none', facts: { crashDumps: { files: [], count: 0 } } }],
    fail: [
      {
        description: 'a core',
        facts: { crashDumps: { files: ['/var/lib/systemd/coredump/core.sshd.0.zst'], count: 1 } },
        messageIds: ['dump'],
        resources: ['/var/lib/systemd/coredump/core.sshd.0.zst'],
      },
      {
        description: 'an ABRT problem directory',
        facts: { crashDumps: { files: ['/var/spool/abrt/ccpp-2024-01-01-10:00:00-1234'], count: 1 } },
        messageIds: ['dump'],
        resources: ['/var/spool/abrt/ccpp-2024-01-01-10:00:00-1234'],
      },
    ],
  },
  check({ crashDumps }, context) {
    for (const f of crashDumps.files) context.report({ messageId: 'dump', resource: f });
  },
});
