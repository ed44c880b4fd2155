import { defineRule } from '../../src/rules/define.js';

export default defineRule({
  id: 'L080',
  alias: 'crash-dumps',
  title: 'No crash dumps or core files are left',
  platform: 'linux',
  severity: 'info',
  facts: ['crashDumps'],
  messages: { dump: '{resource} is a crash dump; memory images may contain secrets' },
  rationale: 'Kernel and process dumps are memory images of the build VM.',
  remediation: '`rm -rf /var/crash/* /var/lib/systemd/coredump/*`.',
  references: [{ title: 'guestfs-tools: virt-sysprep crash-data operation', url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_crash_data.ml' }],
  examples: {
    pass: [{ description: 'none', facts: { crashDumps: { files: [], count: 0 } } }],
    fail: [{ description: 'a core', facts: { crashDumps: { files: ['/var/lib/systemd/coredump/core.sshd.0.zst'], count: 1 } }, messageIds: ['dump'], resources: ['/var/lib/systemd/coredump/core.sshd.0.zst'] }],
  },
  check({ crashDumps }, context) {
    for (const f of crashDumps.files) context.report({ messageId: 'dump', resource: f });
  },
});
