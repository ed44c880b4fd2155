import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/engine/define.js';
import { reportFromFacts } from '../../src/lint.js';
import { linuxProbeScript } from '../../src/probes/assemble.js';
import { envelopeFromRun } from '../../src/probes/run.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import type { TargetReport } from '../../src/types.js';
import { type Entry, linuxRules, lintRoot, makeRoot, removeRoot, result, waagentConf } from './trees.js';

/**
 * What virt-sysprep's default operations remove (guestfs-tools sysprep/sysprep_operation_*.ml), each
 * written where and as the service writes it, and the rule that reports it (src/virt-sysprep.ts).
 */
const IDS = ['L002', 'L005', 'L052', 'L053', 'L072', 'L079', 'L092', 'L093', 'L094', 'L095', 'L096', 'L097', 'L099'];

const left: Record<string, Entry | null> = {
  // blkid-tab: util-linux's cache format (one <device> element a line), in /etc and, offline, /dev.
  'etc/blkid/blkid.tab': '<device DEVNO="0x0801" TIME="1700000000.123456" UUID="5e0c6a3e-2b7d-4d27-9f0e-1f3c8d4b9a11" TYPE="ext4">/dev/sda1</device>\n',
  'dev/.blkid.tab': '<device DEVNO="0x0802" TIME="1700000000.123456" TYPE="swap">/dev/sda2</device>\n',
  // yum-uuid: a bare UUID, no newline (yum's config.py writes it so).
  'var/lib/yum/uuid': '0c1a7e52-3b8f-4d6e-9a21-5f4e3d2c1b0a',
  // dovecot-data: the instance list Dovecot keeps in its state_dir.
  'var/lib/dovecot/instances': '1700000000\tdovecot\t/run/dovecot\t/etc/dovecot/dovecot.conf\n',
  // puppet-data-log: agent state, its private key (L015's) and a client-bucket backup, ten folders deep.
  'var/lib/puppet/state/last_run_summary.yaml': '---\nversion:\n  config: 1700000000\n  puppet: "5.5.22"\ntime:\n  last_run: 1700000000\n',
  'var/lib/puppet/ssl/private_keys/build-vm-01.pem': { content: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n', mode: 0o600 },
  'var/lib/puppet/clientbucket/3/b/5/2/1/f/7/c/3b521f7c0d9e8a7b6c5d4e3f2a1b0c9d/contents': 'root_password = hunter2\n',
  // logfiles: fprintd's storage, Anaconda's saved kickstart, OpenPegasus's generated key, BIND's run log.
  'var/lib/fprint/alice/synaptics/1/7': { content: Buffer.alloc(256, 0x46), mode: 0o600 },
  'var/lib/fprint': { dir: true, mode: 0o700 },
  'root/anaconda-ks.cfg': '#version=RHEL8\nlang en_US.UTF-8\nrootpw --iscrypted $6$rounds=4096$salt$hash\n',
  'etc/Pegasus/file.pem': { content: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n', mode: 0o400 },
  'var/named/data/named.run': 'managed-keys-zone: loaded serial 2\nall zones loaded\nrunning\n',
  // pacct-log: RHEL's process accounting file (binary acct records).
  'var/account/pacct': Buffer.alloc(64, 3),
  // dhcp-server-state: an ISC dhcpd lease database as RHEL keeps it.
  'var/lib/dhcpd/dhcpd.leases':
    '# The format of this file is documented in the dhcpd.leases(5) manual page.\nlease 10.0.0.50 {\n  starts 1 2024/01/01 10:00:00;\n  hardware ethernet 00:0d:3a:01:02:04;\n}\n',
  // net-hostname: the builder's name pinned in the interface files.
  'etc/sysconfig/network-scripts/ifcfg-eth0': 'DEVICE=eth0\nBOOTPROTO=dhcp\nONBOOT=yes\nDHCP_HOSTNAME=img-builder-01\n',
  'etc/sysconfig/network-scripts/ifcfg-eth1': 'DEVICE=eth1\nBOOTPROTO=dhcp\nHOSTNAME="img-builder-01.corp.example"\n',
  // kerberos-data (not a default operation): an MIT KDC's database and stash as kdb5_util create -s writes them on RHEL; its ACL is configuration.
  'var/kerberos/krb5kdc/principal': { content: Buffer.alloc(8192, 1), mode: 0o600 },
  'var/kerberos/krb5kdc/.k5.CORP.EXAMPLE.COM': { content: Buffer.alloc(70, 2), mode: 0o600 },
  'var/kerberos/krb5kdc/kadm5.acl': '*/admin@CORP.EXAMPLE.COM\t*\n',
  // samba-db-log: a standalone server's local users.
  'etc/samba/smb.conf': '[global]\n   workgroup = WORKGROUP\n   security = user\n',
  'var/lib/samba/private/passdb.tdb': { content: Buffer.alloc(4096, 4), mode: 0o600 },
  // backup-files: editor backups in /srv and /var; none is looked for in a container store.
  'srv/www/index.html~': '<html>old</html>\n',
  'var/www/html/config.php.bak': "<?php $db_password = 'hunter2';\n",
  'var/lib/docker/overlay2/1a2b/diff/etc/motd.bak': 'layer file\n',
  'var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/7/fs/etc/motd.bak': 'layer file\n',
  // waagent installed, so that --generalizer waagent cleans what it really cleans.
  'usr/sbin/waagent': { content: '#!/usr/bin/python3\n', mode: 0o755 },
  'usr/lib/python3/dist-packages/WALinuxAgent-2.9.1.1.egg-info/PKG-INFO': 'Metadata-Version: 1.1\nName: WALinuxAgent\nVersion: 2.9.1.1\n',
  'etc/waagent.conf': waagentConf({}),
};

const expected: Record<string, string[]> = {
  L002: ['/var/kerberos/krb5kdc/.k5.CORP.EXAMPLE.COM', '/var/kerberos/krb5kdc/principal'],
  L005: ['/var/lib/samba/private/passdb.tdb'],
  L052: ['/var/lib/dhcpd/dhcpd.leases'],
  L053: ['/etc/sysconfig/network-scripts/ifcfg-eth0', '/etc/sysconfig/network-scripts/ifcfg-eth1'],
  L072: ['/var/account/pacct', '/var/named/data/named.run'],
  L079: ['/srv/www/index.html~', '/var/www/html/config.php.bak'],
  L092: ['/dev/.blkid.tab', '/etc/blkid/blkid.tab'],
  L093: ['/var/lib/yum/uuid'],
  L094: ['/var/lib/dovecot/instances'],
  L095: ['/var/lib/puppet/clientbucket/3', '/var/lib/puppet/state/last_run_summary.yaml'],
  L096: ['/root/anaconda-ks.cfg'],
  L097: ['/var/lib/fprint/alice/synaptics/1/7'],
  L099: ['/etc/Pegasus/file.pem'],
};

/**
 * A Puppet-managed build VM: pluginsync has copied 230 facts into the vardir's lib (each one a file
 * virt-sysprep's three-level glob in /var/lib/puppet matches), Puppet's own packages keep their
 * vardir and ssldir, and Dovecot's folder holds more than the 200 entries the probe names of one
 * glob. Only the rule that owns the busy folder may lose its certainty; the other services' rules
 * are still evaluated.
 */
const fact = (n: number) => [`var/lib/puppet/lib/facter/fact_${String(n).padStart(3, '0')}.rb`, `Facter.add(:fact_${n}) { setcode { 'x' } }\n`] as const;
const puppetHeavy: Record<string, Entry | null> = {
  'etc/blkid/blkid.tab': left['etc/blkid/blkid.tab'] as Entry,
  'var/lib/yum/uuid': left['var/lib/yum/uuid'] as Entry,
  'root/anaconda-ks.cfg': left['root/anaconda-ks.cfg'] as Entry,
  'etc/Pegasus/file.pem': left['etc/Pegasus/file.pem'] as Entry,
  'var/lib/fprint/alice/synaptics/1/7': left['var/lib/fprint/alice/synaptics/1/7'] as Entry,
  'var/lib/puppet/state/last_run_summary.yaml': left['var/lib/puppet/state/last_run_summary.yaml'] as Entry,
  'var/lib/puppet/ssl/private_keys/build-vm-01.pem': left['var/lib/puppet/ssl/private_keys/build-vm-01.pem'] as Entry,
  ...Object.fromEntries(Array.from({ length: 230 }, (_, i) => fact(i))),
  // Puppet's own packages (Puppet 4 and later): vardir /opt/puppetlabs/puppet/cache, ssldir /etc/puppetlabs/puppet/ssl.
  'opt/puppetlabs/puppet/cache/client_data/catalog/build-vm-01.json':
    '{"tags":["settings","build-vm-01"],"name":"build-vm-01","version":1700000000,"resources":[]}\n',
  'opt/puppetlabs/puppet/cache/state/last_run_summary.yaml': '---\nversion:\n  config: 1700000000\n  puppet: "7.28.0"\n',
  'etc/puppetlabs/puppet/ssl/certs/build-vm-01.pem': '-----BEGIN CERTIFICATE-----\nMIIF\n-----END CERTIFICATE-----\n',
  'etc/puppetlabs/puppet/ssl/certs/ca.pem': '-----BEGIN CERTIFICATE-----\nMIIG\n-----END CERTIFICATE-----\n',
  'etc/puppetlabs/puppet/ssl/private_keys/build-vm-01.pem': { content: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n', mode: 0o640 },
  'etc/puppetlabs/puppet/ssl/crl.pem': '-----BEGIN X509 CRL-----\nMIIC\n-----END X509 CRL-----\n',
  ...Object.fromEntries(Array.from({ length: 205 }, (_, i) => [`var/lib/dovecot/instance-${i}`, `1700000000\tdovecot-${i}\n`])),
};

let rules: AnyRule[];
const roots: string[] = [];
let dirty: TargetReport;
let clean: TargetReport;
let heavy: TargetReport;

beforeAll(async () => {
  rules = (await linuxRules(1, 99)).filter((r) => IDS.includes(r.id));
  roots.push(makeRoot(left), makeRoot(), makeRoot(puppetHeavy));
  dirty = await lintRoot(roots[0] as string, rules);
  clean = await lintRoot(roots[1] as string, rules);
  heavy = await lintRoot(roots[2] as string, rules);
}, 120_000);
afterAll(() => roots.forEach(removeRoot));

describe("virt-sysprep's default operations on a root tree", () => {
  it('loads each rule the parity table names for them', () => {
    expect(rules.map((r) => r.id).sort()).toEqual(IDS);
  });

  for (const [id, resources] of Object.entries(expected)) {
    it(`${id} fails and names exactly ${resources.join(', ')}`, () => {
      const r = result(dirty, id);
      expect(r.status, `${id}: ${r.message} ${r.reason ?? ''}`).toBe('fail');
      expect(r.findings.map((f) => f.resource).sort()).toEqual(resources);
    });
  }

  it('reports the pinned names with their values, and the dhcpd database as a server database', () => {
    expect(result(dirty, 'L053').evidence.join('\n')).toMatch(/DHCP_HOSTNAME=img-builder-01 \(line 4\)/);
    expect(
      result(dirty, 'L053')
        .findings.map((f) => f.severity)
        .sort(),
    ).toEqual(['info', 'warning']);
    expect(result(dirty, 'L052').evidence[0]).toContain("lease database of the build VM's DHCP server");
  });

  it('leaves the agent private key to L015 and the container store unwalked', () => {
    expect(result(dirty, 'L095').evidence.join('\n')).not.toContain('private_keys');
    expect(result(dirty, 'L079').evidence.join('\n')).not.toContain('/var/lib/docker');
    expect(result(dirty, 'L079').evidence.join('\n')).not.toContain('/var/lib/containerd');
  });

  it('with waagent, reports only the DHCP_HOSTNAME waagent resets (ifcfg-eth0) as cleaned', async () => {
    const report = await lintRoot(
      roots[0] as string,
      rules.filter((r) => r.id === 'L053'),
      'waagent',
    );
    const byPath = Object.fromEntries(result(report, 'L053').findings.map((f) => [f.resource, f.cleanedBy ?? null]));
    expect(byPath).toEqual({ '/etc/sysconfig/network-scripts/ifcfg-eth0': 'waagent', '/etc/sysconfig/network-scripts/ifcfg-eth1': null });
  }, 60_000);

  it('passes every one of these rules on the clean Debian root', () => {
    expect(clean.error).toBeNull();
    const bad = clean.results.filter((r) => r.status !== 'pass').map((r) => `${r.ruleId} ${r.status}: ${r.message} ${r.reason ?? ''}`);
    expect(bad).toEqual([]);
  });
});

describe('a Puppet-managed build VM with busy folders', () => {
  it("leaves the other services' rules evaluated: each names exactly its own files", () => {
    const own: Record<string, string[]> = {
      L092: ['/etc/blkid/blkid.tab'],
      L093: ['/var/lib/yum/uuid'],
      L096: ['/root/anaconda-ks.cfg'],
      L097: ['/var/lib/fprint/alice/synaptics/1/7'],
      L099: ['/etc/Pegasus/file.pem'],
    };
    for (const [id, resources] of Object.entries(own)) {
      const r = result(heavy, id);
      expect(r.status, `${id}: ${r.message} ${r.reason ?? ''}`).toBe('fail');
      expect(r.reason, id).toBeUndefined();
      expect(r.findings.map((f) => f.resource).sort(), id).toEqual(resources);
    }
  });

  it('L095 names the folders of both vardirs and the ssldir, with what they hold, and not the private keys', () => {
    const r = result(heavy, 'L095');
    expect(r.status, `${r.message} ${r.reason ?? ''}`).toBe('fail');
    expect(r.reason).toBeUndefined();
    expect(r.findings.map((f) => f.resource).sort()).toEqual([
      '/etc/puppetlabs/puppet/ssl/certs',
      '/etc/puppetlabs/puppet/ssl/crl.pem',
      '/opt/puppetlabs/puppet/cache/client_data/catalog',
      '/opt/puppetlabs/puppet/cache/state/last_run_summary.yaml',
      '/var/lib/puppet/lib/facter',
      '/var/lib/puppet/state/last_run_summary.yaml',
    ]);
    expect(r.evidence.join('\n')).toContain('/var/lib/puppet/lib/facter holds 230 entries');
    expect(r.evidence.join('\n')).toContain('/etc/puppetlabs/puppet/ssl/certs holds 2 entries');
    expect(r.evidence.join('\n')).not.toContain('private_keys');
  });

  it('only L094, whose folder matched more than the probe names, says its list is incomplete', () => {
    const r = result(heavy, 'L094');
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(200);
    expect(r.reason).toContain('/var/lib/dovecot/* matched 205 entries and only the first 200 were named');
  });
});

describe('as a user that is not root', () => {
  // As root, drop to nobody with setpriv(1), as test/linux/cloud-rules.test.ts does.
  const isRoot = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  it.skipIf(isRoot && !setpriv)(
    "goes unknown, never pass, where fprintd's 0700 folder hides what it holds, and still reports the rest",
    async () => {
      const args = isRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh'] : [];
      const dir = roots[0] as string;
      const run = await spawnWithInput(isRoot ? (setpriv as string) : 'sh', [...args, '-s', '--', '--root', dir], linuxProbeScript(), { timeoutMs: 60_000 });
      const envelope = envelopeFromRun(`root:${dir}`, run, '2024-01-01T00:00:00Z');
      expect(envelope.facts['serviceState']).toMatchObject({ unreadable: ['/var/lib/fprint'] });
      const report = reportFromFacts(
        `root:${dir}`,
        envelope,
        { rules, config: {}, selection: { only: [], skip: [] }, settings: { generalizer: 'none', cloud: 'none' } },
        0,
      );
      expect(result(report, 'L097')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('/var/lib/fprint could not be searched') });
      for (const id of ['L092', 'L093', 'L094', 'L095', 'L096', 'L099']) expect(result(report, id).status, id).toBe('fail');
    },
    60_000,
  );
});
