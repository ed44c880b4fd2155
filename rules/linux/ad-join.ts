import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';

const noSssd = { config: { path: '/etc/sssd/sssd.conf', present: false, domains: [] }, caches: [] };

export default defineRule({
  id: 'L001',
  alias: 'ad-join',
  title: 'The machine is not joined to Active Directory through realmd or SSSD',
  platform: 'linux',
  severity: 'error',
  facts: ['sssd', 'realmd'],
  messages: {
    sssdDomain:
      '{resource} is an Active Directory domain (id_provider = {provider}, ad_domain = {domain}); every clone would present the same computer account',
    realmd: '{resource} records a realm joined with realmd',
  },
  rationale:
    'Like Sysprep, which only generalizes a workgroup machine, a Linux image must not carry a domain join. Every clone presents ' +
    'the same AD computer account and secret; the first clone that rotates the machine password (sssd, adcli) breaks the trust ' +
    'of all the others, and the clones fight over SPNs and DNS records.',
  remediation:
    'Leave the domain before capture: `realm leave` (or `adcli delete-computer`), then join each clone at first boot (cloud-init runcmd with a one-time join password).',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep sssd-db-log (removes caches only, does not leave the domain)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_sssd_db_log.ml',
    },
    {
      title: 'Sysprep overview: domain-joined computers',
      url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
    },
  ],
  examples: {
    pass: [
      { description: 'no sssd.conf and no realm', facts: { sssd: noSssd, realmd: { files: [] } } },
      {
        description: 'an LDAP-only sssd domain',
        facts: {
          sssd: { config: { path: '/etc/sssd/sssd.conf', present: true, domains: [{ section: 'domain/ldap', idProvider: 'ldap', adDomain: '' }] }, caches: [] },
          realmd: { files: [] },
        },
      },
    ],
    fail: [
      {
        description: 'sssd.conf written by realm join',
        facts: {
          sssd: {
            config: {
              path: '/etc/sssd/sssd.conf',
              present: true,
              domains: [{ section: 'domain/corp.example.com', idProvider: 'ad', adDomain: 'corp.example.com' }],
            },
            caches: [],
          },
          realmd: { files: [{ path: '/var/lib/realmd/realmd.conf', size: 120 }] },
        },
        messageIds: ['sssdDomain', 'realmd'],
        resources: ['/etc/sssd/sssd.conf [domain/corp.example.com]', '/var/lib/realmd/realmd.conf'],
      },
    ],
  },
  check({ sssd, realmd }, context) {
    for (const d of sssd.config.domains) {
      if (d.idProvider.toLowerCase() === 'ad' || d.adDomain !== '') {
        context.report({
          messageId: 'sssdDomain',
          resource: `${sssd.config.path} [${d.section}]`,
          data: { provider: d.idProvider || '(unset)', domain: d.adDomain || '(unset)' },
        });
      }
    }
    for (const f of realmd.files) context.report({ messageId: 'realmd', resource: shownPath(f.path) });
  },
});
