/**
 * preseal's Linux rules against virt-sysprep's operations (libguestfs guestfs-tools 1.57.2,
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
  version: 'guestfs-tools 1.57.2',
  url: 'https://github.com/libguestfs/guestfs-tools/tree/master/sysprep',
} as const;

export const virtSysprepOperations: readonly SysprepOperation[] = [
  { name: 'abrt-data', byDefault: true, touches: '/var/spool/abrt/*', status: 'reported', rules: ['L080'], note: 'ABRT problem directories, info.' },
  {
    name: 'backup-files',
    byDefault: true,
    touches: '*.bak, *~ under /etc, /root, /srv, /tmp, /var',
    status: 'reported',
    rules: ['L079', 'L078'],
    note:
      '/etc, /root (two levels deep), /srv and /var (L079, info), /tmp and /var/tmp (L078), /var/log (L072: every non-empty file there). Not walked, a documented limit: ' +
      'the stores of containers, VMs, snaps and databases in /var/lib (docker, containers, containerd, kubelet, rancher, lxc, lxd, incus, machines, libvirt, snapd, flatpak, ' +
      "mysql, postgresql, pgsql): their files are not the builder's edits (a container store holds whole filesystems), and walking them would cost the one probe round trip most.",
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
    status: 'reported',
    rules: ['L092'],
    note: 'The legacy blkid caches, info. /var/run and /dev are tmpfs on a running system, so they are read only in an offline root.',
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
    status: 'reported',
    rules: ['L052'],
    note: "ISC dhcpd's lease database in RHEL's /var/lib/dhcpd and Debian's /var/lib/dhcp, warning.",
  },
  {
    name: 'dovecot-data',
    byDefault: true,
    touches: '/var/lib/dovecot/*',
    status: 'reported',
    rules: ['L094'],
    note: "Dovecot's state directory (instance list, SSL parameters), info.",
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
    status: 'reported',
    rules: ['L002'],
    note: "Not a default operation; preseal reports a KDC's database and master key stash (RHEL's /var/kerberos/krb5kdc, Debian's /var/lib/krb5kdc and /etc/krb5kdc/stash) as an error, since they hold every principal's keys.",
  },
  { name: 'kerberos-hostkeytab', byDefault: true, touches: '/etc/krb5.keytab', status: 'reported', rules: ['L002'], note: 'Error.' },
  {
    name: 'logfiles',
    byDefault: true,
    touches:
      '/var/log/* (about 60 patterns), /var/named/data/named.run, /var/lib/logrotate.status, Anaconda files in /root, /var/lib/fprint/*, /etc/Pegasus certificates, /var/cache/{man,fontconfig,gdm}/*, /var/lib/AccountService/users/*',
    status: 'reported',
    rules: ['L072', 'L073', 'L096', 'L097', 'L099'],
    note:
      'Every non-empty file under /var/log and named.run (L072), journals of old machine IDs (L073), the kickstart and install logs in /root (L096), enrolled fingerprints (L097), ' +
      "OpenPegasus's key and certificates (L099). Left out on purpose: logrotate.status (the dates of the last rotations, no identity), the man, font and login-screen caches " +
      "(rebuilt, no identity) and /var/lib/AccountService/users (the path as virt-sysprep spells it; AccountsService's real folder holds each user's display preferences).",
  },
  {
    name: 'lvm-system-devices',
    byDefault: true,
    touches: '/etc/lvm/devices/system.devices',
    status: 'reported',
    rules: ['L011'],
    note: "The LVM devices file that pins the builder's disks by WWID, error.",
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
    status: 'reported',
    rules: ['L053'],
    note: "DHCP_HOSTNAME= (warning) and HOSTNAME= (info) of /etc/sysconfig/network-scripts/ifcfg-* and SUSE's /etc/sysconfig/network/ifcfg-*, and /etc/hostname (info).",
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
    name: 'net-nmconn',
    byDefault: true,
    touches: '/etc/NetworkManager/system-connections/*.nmconnection (Red Hat family)',
    status: 'reported',
    rules: ['L049', 'L050'],
    note: 'Profiles that pin the build VM: a MAC address (L049) or a static address (L050). A DHCP profile matched by interface name travels to clones unchanged and works there, so it is not reported.',
  },
  {
    name: 'pacct-log',
    byDefault: true,
    touches: '/var/account/pacct*, /var/log/account/pacct*',
    status: 'reported',
    rules: ['L072'],
    note: "RHEL's /var/account/pacct* and Debian's /var/log/account (under /var/log), warning.",
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
    touches: '/var/log/puppet/*, /var/lib/puppet/*/*, /var/lib/puppet/*/*/*',
    status: 'reported',
    rules: ['L015', 'L095', 'L072'],
    note:
      "The agent's private key (L015, error); the rest of /var/lib/puppet, and of the vardir and ssldir of Puppet's own packages (Puppet 4 and later: " +
      '/opt/puppetlabs/puppet/cache, /etc/puppetlabs/puppet/ssl), which virt-sysprep does not know: catalog, reports, state, certificates, client bucket, each folder named ' +
      'with what it holds (L095, warning); its logs (L072).',
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
    touches: '/var/log/samba/*, /var/lib/samba/*, /var/lib/samba/*/*',
    status: 'reported',
    rules: ['L003', 'L005', 'L072'],
    note: "An ADS member's secrets.tdb (L003, error); the databases in /var/lib/samba and the private ones (passdb.tdb, secrets.tdb, an AD DC's *.ldb) in /var/lib/samba/private (L005, warning); logs (L072).",
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
    status: 'reported',
    rules: ['L093'],
    note: "yum's per-machine UUID, info.",
  },
  {
    name: 'zsh-history',
    byDefault: true,
    touches: '/root/.zsh_history, /home/*/.zsh_history',
    status: 'reported',
    rules: ['L044'],
    note: 'With every other shell and tool history.',
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
