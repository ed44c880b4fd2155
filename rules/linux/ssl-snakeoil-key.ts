import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L039',
  alias: 'ssl-snakeoil-key',
  title: 'No Debian ssl-cert snakeoil key is shipped in the image',
  platform: 'linux',
  severity: 'warning',
  facts: ['sslSnakeoil'],
  messages: {
    key: '{resource} is a per-host TLS private key created at package install; every clone would share it',
  },
  rationale:
    'ssl-cert generates the snakeoil key once, at package install. Services that use it (Postfix, Apache, Dovecot defaults) would present the same key on every clone.',
  remediation: 'Regenerate it at first boot of each clone: `make-ssl-cert generate-default-snakeoil --force-overwrite` (for example from cloud-init runcmd).',
  references: [{ title: 'Debian ssl-cert package (make-ssl-cert)', url: 'https://salsa.debian.org/debian/ssl-cert' }],
  examples: {
    pass: [{ description: 'ssl-cert not installed', facts: { sslSnakeoil: { files: [] } } }],
    fail: [
      {
        description: 'the default snakeoil key',
        facts: { sslSnakeoil: { files: [{ path: '/etc/ssl/private/ssl-cert-snakeoil.key', size: 1704 }] } },
        messageIds: ['key'],
        resources: ['/etc/ssl/private/ssl-cert-snakeoil.key'],
      },
    ],
  },
  check({ sslSnakeoil }, context) {
    reportFiles(context, nonEmpty(sslSnakeoil.files), 'key');
  },
});
