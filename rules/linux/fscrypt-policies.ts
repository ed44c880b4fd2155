import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';

export default defineRule({
  id: 'L009',
  alias: 'fscrypt-policies',
  title: 'No fscrypt encryption policies on the OS disk',
  platform: 'linux',
  severity: 'warning',
  facts: ['encryptedHomes'],
  messages: {
    policy: '{resource} is an fscrypt policy; its protectors are tied to login passphrases or keys of this machine',
  },
  rationale: 'fscrypt protectors are bound to login passphrases or raw keys of the build machine; on clones the data is unreadable or the secrets are shared.',
  remediation: 'Decrypt or remove the encrypted folders (`fscrypt purge`), then remove /.fscrypt and /etc/fscrypt.conf.',
  references: [{ title: 'google/fscrypt: metadata layout (/.fscrypt/policies, /.fscrypt/protectors)', url: 'https://github.com/google/fscrypt' }],
  examples: {
    pass: [{ description: 'no fscrypt metadata', facts: { encryptedHomes: { ecryptfs: [], fscrypt: [] } } }],
    fail: [
      {
        description: 'a policy on the root filesystem',
        facts: { encryptedHomes: { ecryptfs: [], fscrypt: ['/.fscrypt/policies/6b2c7e4a6f1d0c9e'] } },
        messageIds: ['policy'],
        resources: ['/.fscrypt/policies/6b2c7e4a6f1d0c9e'],
      },
    ],
  },
  check({ encryptedHomes }, context) {
    for (const p of encryptedHomes.fscrypt) context.report({ messageId: 'policy', resource: shownPath(p) });
  },
});
