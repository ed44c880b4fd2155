import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, shownPath } from './lib/paths.js';

export default defineRule({
  id: 'L002',
  alias: 'kerberos-keytab',
  title: 'No Kerberos host keytab or KDC database is left in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['kerberos'],
  messages: {
    keytab: "{resource} holds Kerberos keys ({detail}); every clone would carry this host's machine secret",
    kdc: "{resource} belongs to a Kerberos KDC's database ({size} bytes): every principal's keys or the master key that opens them",
  },
  rationale:
    "The host keytab is the machine account's secret. Every clone could impersonate the host, and the first clone that " +
    "rotates the key invalidates it for all the others. A KDC's database (principal*, the .k5.<REALM> or stash master key, kadm5.keytab) holds the keys of every " +
    'principal of the realm: an image that carries it hands the whole realm to anyone who deploys it.',
  remediation:
    'Leave the realm (`realm leave` or `ipa-client-install --uninstall`), then `rm -f /etc/krb5.keytab`; join each clone at first boot. Never image a KDC: remove ' +
    'the database and stash (`kdb5_util destroy`) from the build VM, or build the KDC outside the image.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep kerberos-hostkeytab operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_kerberos_hostkeytab.ml',
    },
    {
      title: 'guestfs-tools: virt-sysprep kerberos-data operation (/var/kerberos/krb5kdc/*)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_kerberos_data.ml',
    },
    { title: 'MIT Kerberos: KDC installation (database, stash file)', url: 'https://web.mit.edu/kerberos/krb5-latest/doc/admin/install_kdc.html' },
  ],
  examples: {
    pass: [
      { description: 'no keytab', facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: false }, kdc: [] } } },
      { description: 'an empty keytab holds no keys', facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: true, size: 0 }, kdc: [] } } },
    ],
    fail: [
      {
        description: 'a keytab the probe could not read (non-root)',
        facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: true, size: 1282, readable: false }, kdc: [] } },
        messageIds: ['keytab'],
        resources: ['/etc/krb5.keytab'],
      },
      {
        description: 'a keytab from a realm join',
        facts: {
          kerberos: {
            keytab: {
              path: '/etc/krb5.keytab',
              present: true,
              size: 1282,
              readable: true,
              entries: 2,
              keys: [
                { principal: 'host/web01.corp.example.com@CORP.EXAMPLE.COM', kvno: 2, enctype: 18 },
                { principal: 'WEB01$@CORP.EXAMPLE.COM', kvno: 2, enctype: 18 },
              ],
            },
            kdc: [],
          },
        },
        messageIds: ['keytab'],
        resources: ['/etc/krb5.keytab'],
      },
      {
        description: "a RHEL KDC's database and master key stash",
        facts: {
          kerberos: {
            keytab: { path: '/etc/krb5.keytab', present: false },
            kdc: [
              { path: '/var/kerberos/krb5kdc/.k5.CORP.EXAMPLE.COM', size: 70 },
              { path: '/var/kerberos/krb5kdc/principal', size: 16384 },
            ],
          },
        },
        messageIds: ['kdc', 'kdc'],
        resources: ['/var/kerberos/krb5kdc/.k5.CORP.EXAMPLE.COM', '/var/kerberos/krb5kdc/principal'],
      },
    ],
  },
  check({ kerberos }, context) {
    const { keytab, kdc } = kerberos;
    for (const f of nonEmpty(kdc ?? [])) context.report({ messageId: 'kdc', resource: shownPath(f.path), data: { size: f.size ?? '?' } });
    if (kdc === undefined) context.unknown('these facts were recorded before the probe looked for a KDC database: collect them again');
    if (!keytab.present || keytab.size === 0) return;
    const principals = [...new Set((keytab.keys ?? []).map((k) => k.principal))];
    const detail =
      keytab.entries !== undefined
        ? `${keytab.entries} entries${principals.length ? `: ${principals.slice(0, 3).join(', ')}${principals.length > 3 ? ', …' : ''}` : ''}`
        : `${keytab.size ?? '?'} bytes`;
    context.report({ messageId: 'keytab', resource: keytab.path, data: { detail } });
  },
});
