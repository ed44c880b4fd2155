import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';

export default defineRule({
  id: 'L008',
  alias: 'ecryptfs-homes',
  title: 'No eCryptfs-encrypted home directories',
  platform: 'linux',
  severity: 'error',
  facts: ['encryptedHomes'],
  messages: {
    ecryptfs: "{resource} holds eCryptfs data wrapped with a user's login password",
  },
  rationale:
    "The Linux analogue of Sysprep's EFS block: the wrapped passphrase is bound to the user's login password, so deleting or " +
    'recreating users (deprovision+user) leaves unreadable data, and the encrypted secrets are cloned to every VM.',
  remediation: 'Copy the data out, undo the setup (`ecryptfs-setup-private --undo`), remove /home/.ecryptfs and purge ecryptfs-utils.',
  references: [
    {
      title: 'Sysprep overview: encrypted files (EFS) are not supported',
      url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
    },
    { title: 'ecryptfs-setup-private(1)', url: 'https://manpages.debian.org/bookworm/ecryptfs-utils/ecryptfs-setup-private.1.en.html' },
  ],
  examples: {
    pass: [{ description: 'no encrypted homes', facts: { encryptedHomes: { ecryptfs: [], fscrypt: [] } } }],
    fail: [
      {
        description: 'a private directory set up for alice',
        facts: { encryptedHomes: { ecryptfs: ['/home/.ecryptfs', '/home/alice/.ecryptfs'], fscrypt: [] } },
        messageIds: ['ecryptfs', 'ecryptfs'],
        resources: ['/home/.ecryptfs', '/home/alice/.ecryptfs'],
      },
    ],
  },
  check({ encryptedHomes }, context) {
    for (const p of encryptedHomes.ecryptfs) context.report({ messageId: 'ecryptfs', resource: shownPath(p) });
  },
});
