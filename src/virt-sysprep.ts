/**
 * preseal's Linux rules against virt-sysprep's operations (libguestfs guestfs-tools 1.47.2,
 * sysprep/sysprep_operation_*.ml): what must not travel from a Linux guest into its clones. Every
 * operation virt-sysprep runs by default is either reported by the rules listed, excluded on
 * purpose with the reason, or an open gap, said as such. Rendered on the rule index page
 * (docs/rules/README.md) by src/docs.ts.
 */
export type ParityStatus = 'reported' | 'partly' | 'excluded' | 'gap';

export interface SysprepOperation {
  /** The operation's name (`virt-sysprep --operations NAME`). */
  name: string;
  /** Whether virt-sysprep runs it without --operations (enabled_by_default in its source). */
  byDefault: boolean;
  /** The paths or objects its source names. */
  touches: string;
  status: ParityStatus;
  /** preseal rules that report (part of) it. */
  rules: readonly string[];
  /** What is and is not covered, or why it is excluded. */
  note: string;
}

export const VIRT_SYSPREP_SOURCE = {
  version: 'guestfs-tools 1.47.2',
  url: 'https://github.com/rwmjones/guestfs-tools/tree/master/sysprep',
} as const;

export const virtSysprepOperations: readonly SysprepOperation[] = [
  { name: 'abrt-data', byDefault: true, touches: '/var/spool/abrt/*', status: 'reported', rules: ['L080'], note: 'ABRT problem directories, info.' },
  {
    name: 'backup-files',
    byDefault: true,
    touches: '*.bak, *~ under /etc, /root, /srv, /tmp, /var',
    status: 'partly',
    rules: ['L079', 'L078'],
    note: '/etc and /root (L079) and /tmp, /var/tmp (L078). /srv and the rest of /var are not walked: that would cost the one probe round trip a full scan of service data (databases, container layers), where editor backups of the builder are rare.',
  },
  {
    name: 'bash-history',
    byDefault: true,
    touches: '/root/.bash_history, /home/*/.bash_history',
    status: 'reported',
    rules: ['L044'],
    note: 'All shells and tool histories, not only bash.',
  },
  {
    name: 'blkid-tab',
    byDefault: true,
    touches: '/etc/blkid.tab, /etc/blkid/blkid.tab (+ .old), /var/run/blkid.tab, /dev/.blkid.tab',
    status: 'gap',
    rules: [],
    note: 'Not reported yet: the legacy blkid cache in /etc (util-linux before 2.x; current ones keep it in /run, which no image holds).',
  },
  {
    name: 'ca-certificates',
    byDefault: false,
    touches: '/etc/pki/CA, /etc/pki/tls private keys and certificates',
    status: 'excluded',
    rules: [],
    note: 'Not a default operation: it removes the system trust store, which clones need.',
  },
  {
    name: 'crash-data',
    byDefault: true,
    touches: '/var/crash/*, /var/log/dump/*',
    status: 'reported',
    rules: ['L080'],
    note: "Also systemd-coredump's cores.",
  },
  {
    name: 'cron-spool',
    byDefault: true,
    touches: '/var/spool/cron/*, /var/spool/at*/*',
    status: 'reported',
    rules: ['L081'],
    note: 'User crontabs and at jobs, warning.',
  },
  {
    name: 'customize',
    byDefault: true,
    touches: '(only what --install, --run, --write … ask for)',
    status: 'excluded',
    rules: [],
    note: 'Does nothing unless given customization options: nothing to report.',
  },
  {
    name: 'dhcp-client-state',
    byDefault: true,
    touches: '/var/lib/dhclient/*, /var/lib/dhcp/*',
    status: 'reported',
    rules: ['L052'],
    note: 'Also dhcpcd, NetworkManager, wicked and networkd leases.',
  },
  {
    name: 'dhcp-server-state',
    byDefault: true,
    touches: '/var/lib/dhcpd/*',
    status: 'partly',
    rules: ['L052'],
    note: "Debian's isc-dhcp-server keeps dhcpd.leases in /var/lib/dhcp, which L052 reports; RHEL's /var/lib/dhcpd is not read yet.",
  },
  {
    name: 'dovecot-data',
    byDefault: true,
    touches: '/var/lib/dovecot/*',
    status: 'gap',
    rules: [],
    note: "Not reported yet: Dovecot's index and SSL parameter state.",
  },
  {
    name: 'firewall-rules',
    byDefault: false,
    touches: '/etc/sysconfig/iptables, /etc/firewalld/{services,zones}/*',
    status: 'excluded',
    rules: [],
    note: "Not a default operation: firewall rules are usually part of the image's intended configuration.",
  },
  {
    name: 'flag-reconfiguration',
    byDefault: false,
    touches: '/.unconfigured',
    status: 'excluded',
    rules: [],
    note: 'Not a default operation: it asks for a first-boot reconfiguration on Red Hat systems; cloud images provision with waagent or cloud-init.',
  },
  {
    name: 'fs-uuids',
    byDefault: false,
    touches: 'filesystem UUIDs',
    status: 'excluded',
    rules: [],
    note: 'Not a default operation; /etc/fstab by UUID is what Azure requires (L057).',
  },
  {
    name: 'ipa-client',
    byDefault: true,
    touches: '/etc/ipa/*, /var/lib/ipa-client/*, the IPA CA in the trust store',
    status: 'reported',
    rules: ['L004', 'L002'],
    note: 'Enrollment and the host keytab, error.',
  },
  {
    name: 'kerberos-data',
    byDefault: false,
    touches: '/var/kerberos/krb5kdc/*',
    status: 'gap',
    rules: [],
    note: "Not a default operation; a KDC database in an image (every principal's keys) is not reported yet.",
  },
  { name: 'kerberos-hostkeytab', byDefault: true, touches: '/etc/krb5.keytab', status: 'reported', rules: ['L002'], note: 'Error.' },
  {
    name: 'logfiles',
    byDefault: true,
    touches: '/var/log/* (about 60 patterns), /root/anaconda-ks.cfg and other installer files, /var/cache/{man,fontconfig,gdm}/*',
    status: 'partly',
    rules: ['L072', 'L073'],
    note: 'Everything non-empty under /var/log, and journals of old machine IDs. Installer files in /root and the man, font and login-screen caches are not reported: caches hold no identity and are rebuilt.',
  },
  {
    name: 'lvm-uuids',
    byDefault: true,
    touches: 'LVM PV and VG UUIDs',
    status: 'excluded',
    rules: ['L011'],
    note: "virt-sysprep rewrites the UUIDs on the disk image; a lint of a running VM cannot, and clones only clash when two of their disks are attached to one machine. L011 reports the devices file that would pin the builder's disks.",
  },
  {
    name: 'machine-id',
    byDefault: true,
    touches: '/etc/machine-id, /var/lib/dbus/machine-id',
    status: 'reported',
    rules: ['L036', 'L037', 'L022'],
    note: 'Error.',
  },
  {
    name: 'mail-spool',
    byDefault: true,
    touches: '/var/spool/mail/*, /var/mail/*',
    status: 'reported',
    rules: ['L081'],
    note: 'Non-empty spools, info (with the cron spools).',
  },
  {
    name: 'net-hostname',
    byDefault: true,
    touches: 'HOSTNAME= and DHCP_HOSTNAME= in ifcfg-*',
    status: 'partly',
    rules: ['L053'],
    note: '/etc/hostname (L053); the ifcfg hostname keys are not read on their own.',
  },
  {
    name: 'net-hwaddr',
    byDefault: true,
    touches: 'HWADDR= in ifcfg-*',
    status: 'reported',
    rules: ['L049'],
    note: 'Also netplan, NetworkManager and systemd-networkd MAC matches.',
  },
  {
    name: 'pacct-log',
    byDefault: true,
    touches: '/var/account/pacct*, /var/log/account/pacct*',
    status: 'partly',
    rules: ['L072'],
    note: "Debian's /var/log/account is under /var/log (L072); RHEL's /var/account is not read yet.",
  },
  { name: 'package-manager-cache', byDefault: true, touches: '/var/cache/{apt/archives,dnf,yum,zypp*}', status: 'reported', rules: ['L077'], note: 'Info.' },
  {
    name: 'pam-data',
    byDefault: true,
    touches: '/var/run/console/*, /var/run/faillock/*, /var/run/sepermit/*',
    status: 'excluded',
    rules: [],
    note: '/var/run is /run, a tmpfs, on every systemd distribution preseal supports: nothing in it reaches a captured disk.',
  },
  {
    name: 'passwd-backups',
    byDefault: true,
    touches: '/etc/{passwd,shadow,group,gshadow,subuid,subgid}-',
    status: 'reported',
    rules: ['L043'],
    note: 'The ones that hold password hashes.',
  },
  {
    name: 'puppet-data-log',
    byDefault: true,
    touches: '/var/log/puppet/*, /var/lib/puppet/*/*',
    status: 'partly',
    rules: ['L015', 'L072'],
    note: "The agent's SSL identity (L015) and its logs (L072); the rest of /var/lib/puppet (reports, state, client bucket) is not reported yet.",
  },
  {
    name: 'rh-subscription-manager',
    byDefault: true,
    touches: '/etc/pki/consumer/*, /etc/pki/entitlement/*',
    status: 'reported',
    rules: ['L016'],
    note: 'Error.',
  },
  { name: 'rhn-systemid', byDefault: true, touches: '/etc/sysconfig/rhn/systemid, osad-auth.conf', status: 'reported', rules: ['L016'], note: 'Error.' },
  {
    name: 'rpm-db',
    byDefault: true,
    touches: '/var/lib/rpm/__db.*',
    status: 'excluded',
    rules: [],
    note: 'Berkeley DB environment files that rpm rebuilds; they hold no identity (virt-sysprep removes them so another rpm version can open the database).',
  },
  {
    name: 'samba-db-log',
    byDefault: true,
    touches: '/var/log/samba/*, /var/lib/samba/*',
    status: 'partly',
    rules: ['L003', 'L005', 'L072'],
    note: 'Domain membership and secrets.tdb (L003), the winbind caches in /var/lib/samba (L005), logs (L072); passdb.tdb and other private databases are not reported yet.',
  },
  {
    name: 'script',
    byDefault: true,
    touches: '(only the --script given)',
    status: 'excluded',
    rules: [],
    note: 'Does nothing unless given --script: nothing to report.',
  },
  {
    name: 'smolt-uuid',
    byDefault: true,
    touches: '/etc/sysconfig/hw-uuid, /etc/smolt/*uuid',
    status: 'excluded',
    rules: [],
    note: 'Smolt was retired by Fedora in 2012; no distribution preseal supports ships it.',
  },
  {
    name: 'ssh-hostkeys',
    byDefault: true,
    touches: '/etc/ssh/*_host_*',
    status: 'reported',
    rules: ['L038'],
    note: 'Unless cloud-init or waagent regenerates them.',
  },
  {
    name: 'ssh-userdir',
    byDefault: true,
    touches: '/home/*/.ssh, /root/.ssh',
    status: 'reported',
    rules: ['L045', 'L046'],
    note: 'authorized_keys and private keys.',
  },
  {
    name: 'sssd-db-log',
    byDefault: true,
    touches: '/var/log/sssd/*, /var/lib/sss/db/*',
    status: 'reported',
    rules: ['L005', 'L072'],
    note: 'Caches (L005) and logs (L072).',
  },
  { name: 'tmp-files', byDefault: true, touches: '/tmp/*, /var/tmp/*', status: 'reported', rules: ['L078'], note: 'Info.' },
  { name: 'udev-persistent-net', byDefault: true, touches: '/etc/udev/rules.d/70-persistent-net.rules', status: 'reported', rules: ['L048'], note: 'Error.' },
  {
    name: 'user-account',
    byDefault: false,
    touches: 'every regular account and its home',
    status: 'reported',
    rules: ['L025', 'L042'],
    note: 'Not a default operation; preseal reports the accounts instead of removing them.',
  },
  {
    name: 'utmp',
    byDefault: true,
    touches: '/var/run/utmp',
    status: 'excluded',
    rules: [],
    note: '/var/run is a tmpfs (see pam-data); wtmp and btmp, which persist, are logs (L072).',
  },
  {
    name: 'yum-uuid',
    byDefault: true,
    touches: '/var/lib/yum/uuid',
    status: 'gap',
    rules: [],
    note: "Not reported yet: yum's per-machine UUID, sent to mirrors.",
  },
];

export function renderVirtSysprepParity(): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const label: Record<ParityStatus, string> = { reported: 'reported', partly: 'partly reported', excluded: 'excluded', gap: '**not reported yet**' };
  const rows = virtSysprepOperations.map(
    (o) =>
      `| \`${o.name}\` | ${o.byDefault ? 'yes' : 'no'} | ${cell(o.touches)} | ${label[o.status]} | ${o.rules.map((id) => `${id}`).join(', ')} | ${cell(o.note)} |`,
  );
  const gaps = virtSysprepOperations.filter((o) => o.status === 'gap' && o.byDefault).map((o) => `\`${o.name}\``);
  return [
    '## Parity with virt-sysprep',
    '',
    `virt-sysprep (${VIRT_SYSPREP_SOURCE.version}, [sysprep/sysprep_operation_*.ml](${VIRT_SYSPREP_SOURCE.url})) is the reference list of what must not travel ` +
      'from a Linux guest into its clones. Each of its operations, and what preseal does about it: reported by the rules named, excluded on purpose ' +
      '(with the reason), or not reported yet.',
    '',
    '| operation | default | what it removes | preseal | rules | notes |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    gaps.length ? `Default operations not reported yet: ${gaps.join(', ')}.` : 'Every default operation is reported or excluded.',
    '',
  ].join('\n');
}
