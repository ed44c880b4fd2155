import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L003',
  alias: 'samba-ads-member',
  title: 'Samba / winbind is not an Active Directory domain member',
  platform: 'linux',
  severity: 'error',
  facts: ['samba'],
  messages: {
    ads: '{resource} sets security = {security}{realm}; the machine password in secrets.tdb would be shared by every clone',
  },
  rationale:
    'A winbind/Samba ADS member keeps its machine account password in /var/lib/samba/private/secrets.tdb. Every clone would ' +
    'present the same computer account, and the first one that rotates the password breaks the others (the Linux analogue of ' +
    "Sysprep's workgroup requirement).",
  remediation: 'Leave the domain with `net ads leave -U <admin>`, remove /var/lib/samba/private/secrets.tdb, and join each clone after deployment.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep samba-db-log',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_samba_db_log.ml',
    },
  ],
  examples: {
    pass: [
      { description: 'no smb.conf', facts: { samba: { config: { path: '/etc/samba/smb.conf', present: false, security: '', realm: '' }, databases: [] } } },
      {
        description: 'a standalone file server',
        facts: { samba: { config: { path: '/etc/samba/smb.conf', present: true, security: 'user', realm: '' }, databases: [] } },
      },
    ],
    fail: [
      {
        description: 'a winbind member server',
        facts: {
          samba: {
            config: { path: '/etc/samba/smb.conf', present: true, security: 'ADS', realm: 'CORP.EXAMPLE.COM' },
            databases: [{ path: '/var/lib/samba/private/secrets.tdb', size: 430080 }],
          },
        },
        messageIds: ['ads'],
        resources: ['/etc/samba/smb.conf'],
      },
    ],
  },
  check({ samba }, context) {
    const { config } = samba;
    if (config.security.toLowerCase() !== 'ads') return;
    context.report({ messageId: 'ads', resource: config.path, data: { security: config.security, realm: config.realm ? ` (realm ${config.realm})` : '' } });
  },
});
