import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/engine/define.js';
import type { TargetReport } from '../../src/types.js';
import { lintRoot, loadRules, result } from './run.js';
import { cleanSpec, dirtySpec, makeTree, removeTree, waagentConf } from './trees.js';

let rules: AnyRule[];
const roots: string[] = [];
const tree = (spec: ReturnType<typeof cleanSpec>) => {
  const root = makeTree(spec);
  roots.push(root);
  return root;
};

beforeAll(async () => {
  rules = await loadRules();
});
afterAll(() => roots.forEach(removeTree));

/** What each rule must name when linting the dirty tree offline (generalizer and cloud detected). */
const DIRTY: Record<string, string[]> = {
  L001: ['/etc/sssd/sssd.conf [domain/corp.example.com]', '/var/lib/realmd/realmd.conf'],
  L002: ['/etc/krb5.keytab'],
  L003: ['/etc/samba/smb.conf'],
  L004: ['/etc/ipa/default.conf'],
  L005: ['/var/lib/samba/winbindd_cache.tdb', '/var/lib/sss/db/cache_corp.example.com.ldb'],
  L006: ['/etc/crypttab:2'],
  L007: ['/var/lib/azure_disk_encryption_config'],
  L008: ['/home/.ecryptfs', '/home/alice/.ecryptfs'],
  L009: ['/.fscrypt/policies/6b2c7e4a6f1d0c9e'],
  L010: ['/etc/fstab:16', '/var/lib/machines/debian-old'],
  L011: ['/etc/lvm/devices/system.devices'],
  L012: ['/var/opt/azcmagent/agentconfig.json'],
  L013: ['/var/lib/docker/engine-id', '/var/lib/docker/swarm/state.json'],
  L014: ['/etc/kubernetes/kubelet.conf'],
  L015: ['/etc/salt/minion_id'],
  L016: ['/var/lib/ubuntu-advantage/private/machine-token.json'],
  L017: ['/var/ossec/etc/client.keys'],
  L018: ['/var/lib/mysql/auto.cnf'],
  L019: ['/var/lib/waagent/provisioned'],
  L020: [
    '/var/lib/waagent/8F2D4C1A9B7E6D5C4B3A2918F7E6D5C4B3A29180.prv',
    '/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/config/0.settings',
    '/var/lib/waagent/ovf-env.xml',
  ],
  L021: ['/etc/shadow'],
  L025: ['packer'],
  L028: ['/etc/waagent.conf'],
  L031: ['/etc/cloud/cloud.cfg.d/90_dpkg.cfg', '/etc/cloud/cloud.cfg.d/99-installer.cfg'],
  L033: ['/usr/lib/python3/dist-packages/WALinuxAgent-2.2.32.2.egg-info'],
  L034: ['/etc/waagent.conf'],
  L035: ['/var/lib/cloud/instance'],
  L036: ['/etc/machine-id'],
  L037: ['/var/lib/dbus/machine-id'],
  L038: ['/etc/ssh/ssh_host_ed25519_key'],
  L039: ['/etc/ssl/private/ssl-cert-snakeoil.key'],
  L040: ['/var/lib/systemd/credential.secret'],
};

describe('rules L001–L040 on a dirty root tree', () => {
  let report: TargetReport;
  beforeAll(async () => {
    report = await lintRoot(tree(dirtySpec()), rules);
  });

  it('detects the generalizer and cloud from the tree', () => {
    expect(report.error).toBeNull();
    expect(rules.length).toBe(40);
  });

  for (const [id, resources] of Object.entries(DIRTY)) {
    it(`${id} fails naming ${resources.join(', ')}`, () => {
      const r = result(report, id);
      expect(r.status, r.reason ?? r.message).toBe('fail');
      expect(r.findings.map((f) => f.resource)).toEqual(resources);
      for (const line of r.evidence) expect(resources.some((p) => line.includes(p))).toBe(true);
    });
  }

  it('L002 names the principals read from the keytab bytes', () => {
    expect(result(report, 'L002').message).toContain('2 entries: host/web01.corp.example.com@CORP.EXAMPLE.COM, WEB01$@CORP.EXAMPLE.COM');
  });

  it('reports what deprovision cleans by itself as info', () => {
    expect(result(report, 'L019')).toMatchObject({ severity: 'info', cleanedBy: 'waagent+user' });
    expect(result(report, 'L006')).toMatchObject({ severity: 'error' });
  });

  it('marks the live-only rules not applicable offline', () => {
    for (const id of ['L022', 'L023', 'L026']) expect(result(report, id).status).toBe('not-applicable');
  });
});

describe('rules L001–L040 on a clean root tree', () => {
  it('passes or does not apply, and nothing is unknown', async () => {
    const report = await lintRoot(tree(cleanSpec()), rules, { generalizer: 'waagent', cloud: 'azure' });
    const bad = report.results.filter((r) => r.status !== 'pass' && r.status !== 'not-applicable');
    expect(bad.map((r) => `${r.ruleId} ${r.status}: ${r.message}`)).toEqual([]);
  });
});

describe('provisioning variants', () => {
  it('L030 and L032: legacy keys only, resource disk formatted by waagent while cloud-init provisions', async () => {
    const root = tree({
      ...cleanSpec(),
      'etc/waagent.conf': waagentConf({ 'Provisioning.Agent': null, 'Provisioning.Enabled': 'n', 'ResourceDisk.Format': 'y' }),
      'usr/bin/cloud-init': { content: '#!/usr/bin/python3\n', mode: 0o755 },
      'etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': { link: '/lib/systemd/system/cloud-init-local.service' },
    });
    const report = await lintRoot(root, rules, { cloud: 'azure' });
    expect(result(report, 'L030').findings.map((f) => f.resource)).toEqual(['/etc/waagent.conf']);
    expect(result(report, 'L032').findings.map((f) => f.message)).toEqual([
      '/etc/waagent.conf sets ResourceDisk.Format=y while cloud-init provisions; both agents would partition and mount the temporary disk',
    ]);
    // waagent is installed, so the default generalizer is deprovision+user, and there is no ovf-env.xml;
    // but no regular account exists, so +user has no one to miss (as the real waagent 2.7.3 on Debian 12).
    expect(result(report, 'L024')).toMatchObject({ status: 'pass' });
  });

  it('L029: Provisioning.Agent=cloud-init with cloud-init disabled', async () => {
    const root = tree({
      ...cleanSpec(),
      'etc/waagent.conf': waagentConf({ 'Provisioning.Agent': 'cloud-init' }),
      'usr/bin/cloud-init': { content: '#!/usr/bin/python3\n', mode: 0o755 },
      'etc/cloud/cloud-init.disabled': '',
    });
    const r = result(await lintRoot(root, rules, { cloud: 'azure', generalizer: 'waagent' }), 'L029');
    expect(r.findings.map((f) => f.message)).toEqual([
      '/etc/waagent.conf sets Provisioning.Agent=cloud-init but cloud-init is disabled by /etc/cloud/cloud-init.disabled; provisioning would time out',
    ]);
  });

  it('L027: no provisioning agent at all', async () => {
    const spec = cleanSpec();
    delete spec['usr/sbin/waagent'];
    const r = result(await lintRoot(tree(spec), rules, { cloud: 'azure' }), 'L027');
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.resource)).toEqual(['/usr/sbin/waagent']);
  });

  it('L038: cloud-init regenerating host keys makes them pass', async () => {
    const spec = dirtySpec();
    spec['etc/cloud/cloud.cfg.d/99-trust.cfg'] = 'manual_cache_clean: false\n';
    expect(result(await lintRoot(tree(spec), rules), 'L038').status).toBe('pass');
  });
});
