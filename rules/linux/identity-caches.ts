import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L005',
  alias: 'identity-caches',
  title: 'No SSSD or Samba identity caches are left in the image',
  platform: 'linux',
  severity: 'warning',
  facts: ['sssd', 'samba'],
  messages: {
    cache: '{resource} caches domain users, groups or offline credentials ({size} bytes)',
  },
  rationale:
    'The SSSD and winbind caches hold domain users, groups and offline credential hashes; they ship to every clone and to everyone who deploys the image.',
  remediation: 'Stop the services and clear the caches: `sss_cache -E; systemctl stop sssd; rm -f /var/lib/sss/db/*` (Samba: `rm -f /var/lib/samba/*.tdb`).',
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
    ],
  },
  check({ sssd, samba }, context) {
    // secrets.tdb under private/ is the machine password: L003's finding, not a cache.
    const tdb = samba.databases.filter((f) => /^\/var\/lib\/samba\/[^/]+\.tdb$/.test(f.path));
    reportFiles(context, nonEmpty([...sssd.caches, ...tdb]), 'cache');
  },
});
