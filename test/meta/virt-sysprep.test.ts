import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { virtSysprepOperations } from '../../src/virt-sysprep.js';

/**
 * The operations of guestfs-tools 1.57.2 (sysprep/sysprep_operation_*.ml, `name` and
 * `enabled_by_default` of each), read from its source: the parity table must account for each.
 */
const upstream: Record<string, boolean> = {
  'abrt-data': true,
  'backup-files': true,
  'bash-history': true,
  'blkid-tab': true,
  'ca-certificates': false,
  'crash-data': true,
  'cron-spool': true,
  customize: true,
  'dhcp-client-state': true,
  'dhcp-server-state': true,
  'dovecot-data': true,
  'firewall-rules': false,
  'flag-reconfiguration': false,
  'fs-uuids': false,
  'ipa-client': true,
  'kerberos-data': false,
  'kerberos-hostkeytab': true,
  logfiles: true,
  'lvm-system-devices': true,
  'lvm-uuids': true,
  'machine-id': true,
  'mail-spool': true,
  'net-hostname': true,
  'net-hwaddr': true,
  'net-nmconn': true,
  'pacct-log': true,
  'package-manager-cache': true,
  'pam-data': true,
  'passwd-backups': true,
  'puppet-data-log': true,
  'rh-subscription-manager': true,
  'rhn-systemid': true,
  'rpm-db': true,
  'samba-db-log': true,
  script: true,
  'smolt-uuid': true,
  'ssh-hostkeys': true,
  'ssh-userdir': true,
  'sssd-db-log': true,
  'tmp-files': true,
  'udev-persistent-net': true,
  'user-account': false,
  utmp: true,
  'yum-uuid': true,
  'zsh-history': true,
};

describe('parity with virt-sysprep', () => {
  it('lists every operation once, with its default as upstream has it', () => {
    expect(Object.fromEntries(virtSysprepOperations.map((o) => [o.name, o.byDefault]))).toEqual(upstream);
    expect(new Set(virtSysprepOperations.map((o) => o.name)).size).toBe(virtSysprepOperations.length);
  });

  it('names only Linux rules that exist, and every reported operation names one', () => {
    const ids = new Set(rules.filter((r) => r.platform === 'linux').map((r) => r.id));
    for (const o of virtSysprepOperations) {
      for (const id of o.rules) expect(ids, `${o.name}: ${id}`).toContain(id);
      if (o.status === 'reported' || o.status === 'partly') expect(o.rules.length, o.name).toBeGreaterThan(0);
      if (o.status !== 'reported') expect(o.note.length, `${o.name} needs a reason`).toBeGreaterThan(20);
    }
  });

  it('reports or deliberately excludes every default operation (issue 17)', () => {
    const open = virtSysprepOperations.filter((o) => o.byDefault && o.status !== 'reported' && o.status !== 'excluded').map((o) => `${o.name}: ${o.status}`);
    expect(open).toEqual([]);
  });
});
