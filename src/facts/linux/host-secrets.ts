import { defineGroup } from '../define.js';
import { fileList } from './shapes.js';

/** Secrets every host generates once (collector host-secrets.sh). */
export const hostSecretFacts = {
  sslSnakeoil: defineGroup({
    platforms: ['linux'],
    description: "Debian ssl-cert's snakeoil private key (/etc/ssl/private/ssl-cert-snakeoil.key).",
    needsAdmin: true,
    schema: fileList,
  }),
  systemdSecrets: defineGroup({
    platforms: ['linux'],
    description: "systemd's host secrets: /var/lib/systemd/credential.secret and random-seed.",
    schema: fileList,
  }),
};
