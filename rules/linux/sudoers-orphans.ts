import { defineRule } from '../../src/engine/define.js';
import { CHECKED_WAAGENT, deprovisionedUser, waagentStateExample } from './lib/provisioning.js';

const azureuser = { path: '/etc/passwd', users: [{ name: 'azureuser', uid: 1000, gid: 1000, home: '/home/azureuser', shell: '/bin/bash' }] };

export default defineRule({
  id: 'L047',
  alias: 'sudoers-orphans',
  title: 'sudoers grants name only existing accounts',
  platform: 'linux',
  severity: 'warning',
  facts: ['sudoersEntries', 'localAccounts', 'waagentState'],
  messages: {
    orphan: '{resource} line {line} grants sudo to {user}, which is not in /etc/passwd',
    deprovisioned: '{resource} line {line} grants sudo to {user}, whom waagent -deprovision+user deletes without touching this file',
  },
  rationale:
    'A grant left for a deleted user (often the builder account) comes back to life when a clone later creates an account with ' +
    "that name. waagent -deprovision+user removes only the provisioned user's line in /etc/sudoers.d/waagent (conf_sudoer): " +
    'when cloud-init provisioned that user (Debian, whose waagent.conf says Provisioning.Agent=cloud-init), its grant in ' +
    '/etc/sudoers.d/90-cloud-init-users stays, so with that generalizer the grant is reported before the deprovision leaves it orphaned.',
  remediation: 'Delete the stale line or file (`visudo -f <file>`); check with `visudo -c`.',
  references: [
    {
      title: 'WALinuxAgent osutil/default.py: del_account → conf_sudoer(username, remove=True)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/osutil/default.py',
    },
    CHECKED_WAAGENT,
  ],
  waiverGuidance: 'Names that come from a directory (LDAP, SSSD) rather than /etc/passwd; DOMAIN\\user and user@domain names are already skipped.',
  examples: {
    pass: [
      {
        description: 'a grant for an existing user',
        facts: {
          sudoersEntries: { entries: [{ path: '/etc/sudoers.d/90-cloud-init-users', line: 2, user: 'azureuser' }] },
          localAccounts: azureuser,
          waagentState: waagentStateExample('azureuser'),
        },
      },
      {
        description: '+user deletes azureuser and its line in /etc/sudoers.d/waagent',
        facts: {
          sudoersEntries: { entries: [{ path: '/etc/sudoers.d/waagent', line: 1, user: 'azureuser' }] },
          localAccounts: azureuser,
          waagentState: waagentStateExample('azureuser'),
        },
        settings: { generalizer: 'waagent+user' },
      },
    ],
    fail: [
      {
        description: 'a grant for a deleted builder',
        facts: {
          sudoersEntries: { entries: [{ path: '/etc/sudoers.d/waagent', line: 1, user: 'builder' }] },
          localAccounts: { path: '/etc/passwd', users: [{ name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' }] },
          waagentState: waagentStateExample(null),
        },
        messageIds: ['orphan'],
        resources: ['/etc/sudoers.d/waagent'],
      },
      {
        description: "cloud-init's grant for the user +user deletes",
        facts: {
          sudoersEntries: { entries: [{ path: '/etc/sudoers.d/90-cloud-init-users', line: 4, user: 'azureuser' }] },
          localAccounts: azureuser,
          waagentState: waagentStateExample('azureuser'),
        },
        settings: { generalizer: 'waagent+user' },
        messageIds: ['deprovisioned'],
        resources: ['/etc/sudoers.d/90-cloud-init-users'],
      },
    ],
  },
  check({ sudoersEntries, localAccounts, waagentState }, context) {
    const names = new Set(localAccounts.users.map((u) => u.name));
    const deleted = deprovisionedUser(waagentState, context.settings.generalizer);
    for (const e of sudoersEntries.entries) {
      if (/[\\@]/.test(e.user)) continue;
      if (!names.has(e.user)) context.report({ messageId: 'orphan', resource: e.path, data: { line: e.line, user: e.user } });
      else if (e.user === deleted && e.path !== '/etc/sudoers.d/waagent')
        context.report({ messageId: 'deprovisioned', resource: e.path, data: { line: e.line, user: e.user } });
    }
  },
});
