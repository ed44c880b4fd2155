import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L005',
  alias: 'identity-caches',
  title: 'No SSSD or Samba identity caches or private databases are left in the image',
  platform: 'linux',
  severity: 'warning',
  facts: ['sssd', 'samba'],
  messages: {
    cache: '{resource} caches domain users, groups or offline credentials ({size} bytes)',
    private:
      "{resource} is a private Samba database of the build VM ({size} bytes): local users' password hashes, the machine SID and secrets, or a domain controller's directory",
  },
  rationale:
    "The SSSD and winbind caches hold domain users, groups and offline credential hashes; they ship to every clone and to everyone who deploys the image. Samba's private " +
    'databases in /var/lib/samba/private hold the NT hashes of its local users (passdb.tdb), the machine SID and trust secrets (secrets.tdb) and, on an AD DC, the whole directory (sam.ldb).',
  remediation:
    'Stop the services and clear the caches: `sss_cache -E; systemctl stop sssd; rm -f /var/lib/sss/db/*` (Samba: `systemctl stop smbd nmbd winbind; rm -f /var/lib/samba/*.tdb ' +
    '/var/lib/samba/private/*.tdb /var/lib/samba/private/*.ldb`, and add the local Samba users again on each clone).',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep sssd-db-log',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_sssd_db_log.ml',
    },
    {
      title: 'guestfs-tools: virt-sysprep samba-db-log',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_samba_db_log.ml',
    },
  ],
  examples: {
    pass: [
      {
        description: 'no caches',
        facts: {
          sssd: { config: { path: '/etc/sssd/sssd.conf', present: false, domains: [] }, caches: [] },
          samba: { config: { path: '/etc/samba/smb.conf', present: false, security: '', realm: '' }, databases: [] },
        },
      },
    ],
    fail: [
      {
        description: 'an SSSD domain cache and a winbind cache',
        facts: {
          sssd: {
            config: { path: '/etc/sssd/sssd.conf', present: true, domains: [] },
            caches: [{ path: '/var/lib/sss/db/cache_corp.example.com.ldb', size: 1617920 }],
          },
          samba: {
            config: { path: '/etc/samba/smb.conf', present: true, security: 'user', realm: '' },
            databases: [{ path: '/var/lib/samba/winbindd_cache.tdb', size: 73728 }],
          },
        },
        messageIds: ['cache', 'cache'],
        resources: ['/var/lib/samba/winbindd_cache.tdb', '/var/lib/sss/db/cache_corp.example.com.ldb'],
      },
      {
        description: "a standalone file server's passdb.tdb and secrets.tdb",
        facts: {
          sssd: { config: { path: '/etc/sssd/sssd.conf', present: false, domains: [] }, caches: [] },
          samba: {
            config: { path: '/etc/samba/smb.conf', present: true, security: 'user', realm: '' },
            databases: [
              { path: '/var/lib/samba/private/passdb.tdb', size: 421888 },
              { path: '/var/lib/samba/private/secrets.tdb', size: 430080 },
            ],
          },
        },
        messageIds: ['private', 'private'],
        resources: ['/var/lib/samba/private/passdb.tdb', '/var/lib/samba/private/secrets.tdb'],
      },
    ],
  },
  check({ sssd, samba }, context) {
    const tdb = samba.databases.filter((f) => /^\/var\/lib\/samba\/[^/]+\.tdb$/.test(f.path));
    reportFiles(context, nonEmpty([...sssd.caches, ...tdb]), 'cache');
    // An ADS member's secrets.tdb holds its machine account password: L003's finding.
    const ads = samba.config.security.toLowerCase() === 'ads';
    const secret = samba.databases.filter((f) => f.path.startsWith('/var/lib/samba/private/') && !(ads && f.path === '/var/lib/samba/private/secrets.tdb'));
    reportFiles(context, nonEmpty(secret), 'private');
  },
});
