import { defineRule } from '../../src/rules/define.js';

export default defineRule({
  id: 'L047',
  alias: 'sudoers-orphans',
  title: 'sudoers grants name only existing accounts',
  platform: 'linux',
  severity: 'warning',
  facts: ['sudoersEntries', 'localAccounts'],
  messages: {
    orphan: '{resource} line {line} grants sudo to {user}, which is not in /etc/passwd',
  },
  rationale:
    'A grant left for a deleted user (often the builder account) comes back to life when a clone later creates an account with ' +
    'that name. waagent -deprovision+user removes only the provisioned user\'s sudoers line.',
  remediation: 'Delete the stale line or file (`visudo -f <file>`); check with `visudo -c`.',
  references: [
    { title: 'WALinuxAgent osutil/default.py: del_account → conf_sudoer(username, remove=True)', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/osutil/default.py' },
  ],
  waiverGuidance: 'Names that come from a directory (LDAP, SSSD) rather than /etc/passwd; DOMAIN\\user and user@domain names are already skipped.',
  examples: {
    pass: [
      {
        description: 'a grant for an existing user',
        facts: {
          sudoersEntries: { entries: [{ path: '/etc/sudoers.d/90-cloud-init-users', line: 2, user: 'azureuser' }] },
          localAccounts: { path: '/etc/passwd', users: [{ name: 'azureuser', uid: 1000, gid: 1000, home: '/home/azureuser', shell: '/bin/bash' }] },
        },
      },
    ],
    fail: [
      {
        description: 'a grant for a deleted builder',
        facts: {
          sudoersEntries: { entries: [{ path: '/etc/sudoers.d/waagent', line: 1, user: 'builder' }] },
          localAccounts: { path: '/etc/passwd', users: [{ name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' }] },
        },
        messageIds: ['orphan'], resources: ['/etc/sudoers.d/waagent'],
      },
    ],
  },
  check({ sudoersEntries, localAccounts }, context) {
    const names = new Set(localAccounts.users.map((u) => u.name));
    for (const e of sudoersEntries.entries) {
      if (names.has(e.user) || /[\\@]/.test(e.user)) continue;
      context.report({ messageId: 'orphan', resource: e.path, data: { line: e.line, user: e.user } });
    }
  },
});
