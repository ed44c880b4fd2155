import { defineRule } from '../../src/rules/define.js';

export default defineRule({
  id: 'L081',
  alias: 'cron-spools',
  title: 'No user crontabs or at jobs are left',
  platform: 'linux',
  severity: 'warning',
  facts: ['cronSpools'],
  messages: { job: '{resource} is a user cron table or at job; it would run on every clone' },
  rationale: 'Jobs from the build run on every clone, possibly against the builder\'s resources.',
  remediation: '`crontab -r -u <user>` for each table; `atrm` the jobs (or empty /var/spool/cron and /var/spool/at).',
  references: [{ title: 'guestfs-tools: virt-sysprep cron-spool operation', url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_cron_spool.ml' }],
  waiverGuidance: 'A job that every clone is meant to run; better shipped as /etc/cron.d or a systemd timer.',
  examples: {
    pass: [{ description: 'none', facts: { cronSpools: { crontabs: [], mail: ['/var/mail/root'] } } }],
    fail: [{ description: 'root crontab', facts: { cronSpools: { crontabs: ['/var/spool/cron/crontabs/root'], mail: [] } }, messageIds: ['job'], resources: ['/var/spool/cron/crontabs/root'] }],
  },
  check({ cronSpools }, context) {
    for (const f of cronSpools.crontabs) context.report({ messageId: 'job', resource: f });
  },
});
