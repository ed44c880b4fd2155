import { defineRule } from '../../src/engine/define.js';
import { storageExample } from './lib/storage.js';

export default defineRule({
  id: 'L006',
  alias: 'luks-crypttab',
  title: 'No LUKS / dm-crypt volume with a persistent key is configured in /etc/crypttab',
  platform: 'linux',
  severity: 'error',
  facts: ['storage'],
  messages: {
    encrypted: '{resource} opens {name} from {device} with key {key}; every clone would share the LUKS master key and header',
  },
  rationale:
    'Sysprep requires fully decrypted drives; the Linux analogue is an encrypted OS volume. Clones share the LUKS master key and ' +
    'header, key files or passphrases are baked into the image, and Azure cannot inject keys at provisioning. Swap with a random ' +
    'key (/dev/urandom) is re-keyed at every boot and is not reported.',
  remediation: 'Rebuild the OS disk unencrypted and use Azure server-side encryption or encryption at host, or encrypt each VM after deployment.',
  references: [
    {
      title: 'Azure: generalize a VM ("Sysprep requires the drives to be fully decrypted")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
    },
    { title: 'crypttab(5)', url: 'https://www.freedesktop.org/software/systemd/man/latest/crypttab.html' },
  ],
  examples: {
    pass: [
      {
        description: 'no crypttab',
        facts: {
          storage: storageExample({}),
        },
      },
      {
        description: 'swap encrypted with a random key',
        facts: {
          storage: storageExample({ crypttab: 'cswap /dev/sdb2 /dev/urandom swap,cipher=aes-xts-plain64' }),
        },
      },
    ],
    fail: [
      {
        description: 'a LUKS root opened with a passphrase',
        facts: {
          storage: storageExample({
            crypttab: '# <target name> <source device> <key file> <options>\nsda3_crypt UUID=5e0c6a3e-2b7d-4d27-9f0e-1f3c8d4b9a11 none luks,discard',
          }),
        },
        messageIds: ['encrypted'],
        resources: ['/etc/crypttab:2'],
      },
    ],
  },
  check({ storage }, context) {
    for (const e of storage.crypttab.entries) {
      const [name, device = '', key = 'none'] = e.fields;
      if (!name || /^\/dev\/u?random$/.test(key)) continue;
      context.report({ messageId: 'encrypted', resource: `${storage.crypttab.path}:${e.line}`, data: { name, device, key } });
    }
  },
});
