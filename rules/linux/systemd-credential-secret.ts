import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

const SECRET = '/var/lib/systemd/credential.secret';

export default defineRule({
  id: 'L040',
  alias: 'systemd-credential-secret',
  title: 'No systemd credential host secret is shipped in the image',
  platform: 'linux',
  severity: 'warning',
  facts: ['systemdSecrets'],
  messages: {
    secret: "{resource} is the host key of systemd-creds; every clone could decrypt the others' encrypted credentials",
  },
  rationale:
    "/var/lib/systemd/credential.secret protects credentials encrypted with systemd-creds. A shared secret means every clone can decrypt every other clone's credentials.",
  remediation: 'Delete it before capture so each clone creates its own: `rm -f /var/lib/systemd/credential.secret` (and `/var/lib/systemd/random-seed`).',
  references: [{ title: 'systemd-creds(1)', url: 'https://www.freedesktop.org/software/systemd/man/latest/systemd-creds.html' }],
  examples: {
    pass: [
      { description: 'no host secret', facts: { systemdSecrets: { files: [] } } },
      { description: 'only the random seed (info, not reported)', facts: { systemdSecrets: { files: [{ path: '/var/lib/systemd/random-seed', size: 512 }] } } },
    ],
    fail: [
      {
        description: 'a credential secret',
        facts: { systemdSecrets: { files: [{ path: SECRET, size: 4096 }] } },
        messageIds: ['secret'],
        resources: ['/var/lib/systemd/credential.secret'],
      },
    ],
  },
  check({ systemdSecrets }, context) {
    reportFiles(context, nonEmpty(systemdSecrets.files.filter((f) => f.path === SECRET)), 'secret');
  },
});
