import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L002',
  alias: 'kerberos-keytab',
  title: 'No Kerberos host keytab is left in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['kerberos'],
  messages: {
    keytab: "{resource} holds Kerberos keys ({detail}); every clone would carry this host's machine secret",
  },
  rationale:
    "The host keytab is the machine account's secret. Every clone could impersonate the host, and the first clone that " +
    'rotates the key invalidates it for all the others.',
  remediation: 'Leave the realm (`realm leave` or `ipa-client-install --uninstall`), then `rm -f /etc/krb5.keytab`; join each clone at first boot.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep kerberos-hostkeytab operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_kerberos_hostkeytab.ml',
    },
  ],
  examples: {
    pass: [
      { description: 'no keytab', facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: false } } } },
      { description: 'an empty keytab holds no keys', facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: true, size: 0 } } } },
    ],
    fail: [
      {
        description: 'a keytab the probe could not read (non-root)',
        facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: true, size: 1282, readable: false } } },
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
          },
        },
        messageIds: ['keytab'],
        resources: ['/etc/krb5.keytab'],
      },
    ],
  },
  check({ kerberos }, context) {
    const { keytab } = kerberos;
    if (!keytab.present || keytab.size === 0) return;
    const principals = [...new Set((keytab.keys ?? []).map((k) => k.principal))];
    const detail =
      keytab.entries !== undefined
        ? `${keytab.entries} entries${principals.length ? `: ${principals.slice(0, 3).join(', ')}${principals.length > 3 ? ', …' : ''}` : ''}`
        : `${keytab.size ?? '?'} bytes`;
    context.report({ messageId: 'keytab', resource: keytab.path, data: { detail } });
  },
});
