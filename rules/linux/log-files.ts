import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { shownPath } from './lib/paths.js';
import { CHECKED_CLOUD_INIT, CHECKED_WAAGENT, deprovisions } from './lib/provisioning.js';

const logs = (files: string[]) => ({ logFiles: { files, count: files.length, unreadable: [] } });
/** waagent -deprovision deletes its own log and /var/log/azure; `cloud-init clean --logs` its two logs. */
const cleaned = { waagent: /^\/var\/log\/(waagent\.log|azure\/)/, cloudInit: /^\/var\/log\/cloud-init(-output)?\.log$/ };

export default defineRule({
  id: 'L072',
  alias: 'log-files',
  title: "The build VM's logs are cleared",
  platform: 'linux',
  severity: 'warning',
  facts: ['logFiles'],
  messages: {
    logs: '{resource} holds logs of the build VM ({count} non-empty files, e.g. {first})',
    outside: '{resource} is a log of the build VM kept outside /var/log',
  },
  rationale:
    'Logs name users, addresses and commands of the build and confuse troubleshooting on clones. waagent deletes only its own ' +
    "log and /var/log/azure; cloud-init clean --logs only cloud-init's. Two logs live elsewhere: RHEL's process accounting (/var/account/pacct*: every command run) and " +
    "BIND's /var/named/data/named.run.",
  remediation:
    '`journalctl --rotate --vacuum-time=1s`, then `find /var/log -type f -exec truncate -s 0 {} +` as the last step before shutdown; ' +
    '`truncate -s 0 /var/account/pacct /var/named/data/named.run` and `rm -f /var/account/pacct?*` for the two outside it.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep logfiles operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_logfiles.ml',
    },
    {
      title: 'WALinuxAgent deprovision/default.py (agent log and extension log dir only)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    {
      title: 'guestfs-tools: virt-sysprep pacct-log operation (/var/account/pacct*, /var/log/account/pacct*)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_pacct_log.ml',
    },
    CHECKED_WAAGENT,
    CHECKED_CLOUD_INIT,
  ],
  examples: {
    pass: [{ description: "only waagent's log, deleted by waagent", facts: logs(['/var/log/waagent.log']), settings: { generalizer: 'waagent' } }],
    fail: [
      { description: 'syslog and auth.log', facts: logs(['/var/log/auth.log', '/var/log/syslog']), messageIds: ['logs'], resources: ['/var/log'] },
      {
        description: "RHEL's process accounting",
        facts: logs(['/var/account/pacct', '/var/account/pacct-20240101']),
        messageIds: ['outside', 'outside'],
        resources: ['/var/account/pacct', '/var/account/pacct-20240101'],
      },
    ],
  },
  check({ logFiles }, context) {
    const g = context.settings.generalizer;
    const outside = logFiles.files.filter((f) => !f.startsWith('/var/log/'));
    for (const f of outside) context.report({ messageId: 'outside', resource: shownPath(f) });
    const inLog = logFiles.files.filter((f) => f.startsWith('/var/log/'));
    const left = inLog.filter((f) => !(deprovisions(g) && cleaned.waagent.test(f)) && !(g === 'cloud-init' && cleaned.cloudInit.test(f)));
    const count = logFiles.count - outside.length - (inLog.length - left.length);
    if (count > 0)
      context.report({ messageId: 'logs', resource: '/var/log', data: { count, first: left.slice(0, 3).join(', ') || '(beyond the first 200 listed)' } });
    unknownIfUnreadable(context, logFiles.unreadable);
  },
});
