import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';

const files = (...paths: string[]) => ({ googleGuestState: { files: paths.map((path) => ({ path, size: 64 })) } });

export default defineRule({
  id: 'L088',
  alias: 'google-guest-identity',
  title: 'The Google guest agent and OS Login keep no accounts or grants of the build instance',
  platform: 'linux',
  severity: 'warning',
  facts: ['googleGuestState'],
  messages: {
    users: "{resource} lists the accounts the guest agent made from the build instance's metadata SSH keys (members of google-sudoers)",
    sudoers: "{resource} grants sudo to the OS Login user {user} of the build instance's project",
    sshd: "{resource} is the OS Login sshd configuration of the build instance's user {user}",
    cache: "{resource} caches the OS Login users and groups of the build instance's organization",
  },
  rationale:
    "The guest agent records in /var/lib/google/google_users the accounts it created from the ssh-keys metadata (with sudo through google-sudoers); a clone removes them only while the agent's " +
    'accounts daemon runs, not when OS Login is enabled. OS Login writes a sudoers file per admin user in /var/google-sudoers.d, per-user sshd files in /var/google-users.d and caches the ' +
    "organization's POSIX accounts in /etc/oslogin_passwd.cache and /etc/oslogin_group.cache. In an image they carry the build project's users and admin grants to every clone.",
  remediation:
    'Before capture remove the accounts the agent created (`userdel -r <user>` for each name in /var/lib/google/google_users) and the state: ' +
    '`rm -f /var/lib/google/google_users /var/google-sudoers.d/* /etc/oslogin_passwd.cache* /etc/oslogin_group.cache*` and the user files in /var/google-users.d (keep its README).',
  references: [
    { title: 'Google Cloud: about OS Login', url: 'https://cloud.google.com/compute/docs/oslogin' },
    { title: 'guest-oslogin README (pam_oslogin_admin writes /var/google-sudoers.d)', url: 'https://github.com/GoogleCloudPlatform/guest-oslogin#readme' },
    {
      title: 'guest-agent google_guest_agent/non_windows_accounts.go (google_users)',
      url: 'https://github.com/GoogleCloudPlatform/guest-agent/blob/main/google_guest_agent/non_windows_accounts.go',
    },
  ],
  examples: {
    pass: [{ description: 'only the README OS Login ships', facts: files('/var/google-users.d/README') }],
    fail: [
      {
        description: 'an instance used through metadata keys and OS Login',
        facts: files(
          '/var/lib/google/google_users',
          '/var/google-sudoers.d/alice_example_com',
          '/var/google-users.d/alice_example_com',
          '/etc/oslogin_passwd.cache',
        ),
        messageIds: ['users', 'sudoers', 'sshd', 'cache'],
        resources: [
          '/etc/oslogin_passwd.cache',
          '/var/google-sudoers.d/alice_example_com',
          '/var/google-users.d/alice_example_com',
          '/var/lib/google/google_users',
        ],
      },
    ],
  },
  check({ googleGuestState }, context) {
    for (const { path, size } of googleGuestState.files) {
      const resource = shownPath(path);
      const user = path.slice(path.lastIndexOf('/') + 1);
      if (path === '/var/lib/google/google_users') {
        if (size !== 0) context.report({ messageId: 'users', resource });
      } else if (path.startsWith('/var/google-sudoers.d/')) context.report({ messageId: 'sudoers', resource, data: { user } });
      else if (path.startsWith('/var/google-users.d/')) {
        if (user !== 'README') context.report({ messageId: 'sshd', resource, data: { user } });
      } else context.report({ messageId: 'cache', resource });
    }
  },
});
