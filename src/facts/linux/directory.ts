import { z } from 'zod';
import { defineGroup } from '../define.js';
import { fileList, fileRef } from './shapes.js';

/** Directory membership: SSSD, realmd, Samba, FreeIPA (collector directory.sh; Kerberos in kerberos.ts). */
export const directoryFacts = {
  sssd: defineGroup({
    platforms: ['linux'],
    description: 'SSSD: the [domain/…] sections of /etc/sssd/sssd.conf (id_provider, ad_domain) and the cache files in /var/lib/sss/db.',
    needsAdmin: true,
    schema: z.object({
      config: z.object({
        path: z.string(),
        present: z.boolean(),
        domains: z.array(z.object({ section: z.string(), idProvider: z.string(), adDomain: z.string() })),
      }),
      caches: z.array(fileRef),
    }),
  }),
  realmd: defineGroup({
    platforms: ['linux'],
    description: 'Files realmd keeps for joined realms (/var/lib/realmd).',
    schema: fileList,
  }),
  samba: defineGroup({
    platforms: ['linux'],
    description:
      'Samba: the security mode and realm of /etc/samba/smb.conf and its databases: /var/lib/samba/*.tdb and the private ones in /var/lib/samba/private (*.tdb, *.ldb: secrets.tdb holds the machine password, passdb.tdb local password hashes).',
    needsAdmin: true,
    schema: z.object({
      config: z.object({ path: z.string(), present: z.boolean(), security: z.string(), realm: z.string() }),
      databases: z.array(fileRef),
    }),
  }),
  ipa: defineGroup({
    platforms: ['linux'],
    description: 'FreeIPA client enrollment: /etc/ipa/default.conf and the sysrestore state in /var/lib/ipa-client.',
    needsAdmin: true,
    schema: fileList,
  }),
};
