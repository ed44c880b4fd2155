import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L081',
  alias: 'cron-spools',
  title: 'No user crontabs, at jobs or mail spools are left',
  platform: 'linux',
  severity: 'warning',
  facts: ['cronSpools'],
  messages: {
    job: '{resource} is a user cron table or at job; it would run on every clone',
    mail: '{resource} is a mail spool of the build VM (cron output, system notices); every clone would ship it',
  },
  rationale:
    "Jobs from the build run on every clone, possibly against the builder's resources. Non-empty mail spools carry the build VM's " +
    'cron output and notices into every clone (info: they do not act, but may name hosts and paths of the build).',
  remediation:
    '`crontab -r -u <user>` for each table; `atrm` the jobs (or empty /var/spool/cron and /var/spool/at); `truncate -s 0 /var/mail/*` for the mail spools.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep cron-spool operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_cron_spool.ml',
    },
    {
      title: 'guestfs-tools: virt-sysprep mail-spool operation (/var/spool/mail/*, /var/mail/*)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_mail_spool.ml',
    },
  ],
  waiverGuidance: 'A job that every clone is meant to run; better shipped as /etc/cron.d or a systemd timer.',
  examples: {
    pass: [{ description: 'none', facts: { cronSpools: { crontabs: [], mail: [] } } }],
    fail: [
      {
        description: 'root crontab',
        facts: { cronSpools: { crontabs: ['/var/spool/cron/crontabs/root'], mail: [] } },
        messageIds: ['job'],
        resources: ['/var/spool/cron/crontabs/root'],
      },
      { description: "root's mail", facts: { cronSpools: { crontabs: [], mail: ['/var/mail/root'] } }, messageIds: ['mail'], resources: ['/var/mail/root'] },
    ],
  },
  check({ cronSpools }, context) {
    for (const f of cronSpools.crontabs) context.report({ messageId: 'job', resource: f });
    for (const f of cronSpools.mail) context.report({ messageId: 'mail', resource: f, severity: 'info' });
  },
});
