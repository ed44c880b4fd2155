import { defineRule } from '../../src/engine/define.js';
import { isRegularUser } from './lib/accounts.js';
import { CHECKED_WAAGENT, deprovisionedUser, waagentStateExample } from './lib/provisioning.js';

export default defineRule({
  id: 'L042',
  alias: 'user-password-hashes',
  title: 'No local user account keeps a password',
  platform: 'linux',
  severity: 'warning',
  facts: ['localAccounts', 'passwordHashes', 'waagentState'],
  messages: {
    hash: 'account {resource} (uid {uid}) has a password hash in /etc/shadow; every clone would accept it',
    empty: 'account {resource} (uid {uid}) has an empty password field in /etc/shadow',
  },
  rationale:
    'Every clone accepts the same passwords. waagent -deprovision+user deletes only the last provisioned (ovf-env.xml) user; ' +
    'every other account ships with its hash.',
  remediation: 'Lock (`passwd -l <user>`) or delete (`userdel -r <user>`) each account; let provisioning create the admin user.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("Remove users and system accounts")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
    { title: 'Azure: generalize a VM (+user removes the last provisioned user)', url: 'https://learn.microsoft.com/azure/virtual-machines/generalize' },
    CHECKED_WAAGENT,
  ],
  waiverGuidance: 'An account meant to ship with a known break-glass password, rotated at first boot.',
  examples: {
    pass: [
      {
        description: 'the only user is the one +user deletes',
        facts: {
          localAccounts: { path: '/etc/passwd', users: [{ name: 'azureuser', uid: 1000, gid: 1000, home: '/home/azureuser', shell: '/bin/bash' }] },
          passwordHashes: { path: '/etc/shadow', entries: [{ name: 'azureuser', state: 'hash' }], backups: [] },
          waagentState: waagentStateExample('azureuser'),
        },
        settings: { generalizer: 'waagent+user' },
      },
    ],
    fail: [
      {
        description: 'a second human account with a hash',
        facts: {
          localAccounts: { path: '/etc/passwd', users: [{ name: 'builder', uid: 1001, gid: 1001, home: '/home/builder', shell: '/bin/bash' }] },
          passwordHashes: { path: '/etc/shadow', entries: [{ name: 'builder', state: 'hash' }], backups: [] },
          waagentState: waagentStateExample('azureuser'),
        },
        settings: { generalizer: 'waagent+user' },
        messageIds: ['hash'],
        resources: ['builder'],
      },
      {
        description: 'an account with an empty password field',
        facts: {
          localAccounts: { path: '/etc/passwd', users: [{ name: 'kiosk', uid: 1002, gid: 1002, home: '/home/kiosk', shell: '/bin/bash' }] },
          passwordHashes: { path: '/etc/shadow', entries: [{ name: 'kiosk', state: 'empty' }], backups: [] },
          waagentState: waagentStateExample(null, { present: false, provisioned: false }),
        },
        messageIds: ['empty'],
        resources: ['kiosk'],
      },
    ],
  },
  check({ localAccounts, passwordHashes, waagentState }, context) {
    const removed = deprovisionedUser(waagentState, context.settings.generalizer);
    for (const user of localAccounts.users) {
      if (!isRegularUser(user) || user.name === removed) continue;
      const entry = passwordHashes.entries.find((e) => e.name === user.name);
      if (entry && entry.state !== 'locked') context.report({ messageId: entry.state, resource: user.name, data: { uid: user.uid } });
    }
  },
});
