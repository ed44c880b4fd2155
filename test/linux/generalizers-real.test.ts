/**
 * The Linux rules judged against the real generalizers (issue 17). The tree is a Debian 12 root with
 * the packages of a Debian Azure image (scripts/build-debian-azure-tree.sh: waagent 2.7.3, cloud-init
 * 22.4.2 from bookworm). On copies of it, the real `waagent -deprovision[+user] -force` and
 * `cloud-init clean --logs --machine-id --seed` run in a chroot, and a "boot" is the real cloud-init
 * (init-local and init stages, NoCloud seed, no network) plus systemd-machine-id-setup. Everything is
 * linted through the built CLI with root:.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Generalizer, RuleResult, TargetReport } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { copyTree, debianAzureTree, inChroot, packageVersion, removeTree, stateOf } from '../helpers/debian-azure-tree.js';
import { skipWithout } from '../helpers/real.js';

type Tool = Exclude<Generalizer, 'sysprep' | 'none'>;

/** The command each --generalizer stands for. */
const commands: Record<Tool, string[]> = {
  'waagent+user': ['waagent', '-deprovision+user', '-force'],
  waagent: ['waagent', '-deprovision', '-force'],
  'cloud-init': ['cloud-init', 'clean', '--logs', '--machine-id', '--seed'],
};
const tools = Object.keys(commands) as Tool[];


async function lint(root: string, generalizer: Generalizer | 'none', failOn = 'error'): Promise<{ code: number | null; report: TargetReport }> {
  const run = await runCli(['lint', `root:${root}`, '--generalizer', generalizer, '--cloud', 'azure', '--format', 'json', '--fail-on', failOn], { timeoutMs: 120_000 });
  let parsed: { targets: TargetReport[] };
  try {
    parsed = JSON.parse(run.stdout) as { targets: TargetReport[] };
  } catch {
    throw new Error(`lint ${root} printed no JSON (exit ${run.code}): ${run.stderr}`);
  }
  const report = parsed.targets[0] as TargetReport;
  expect(report.error, JSON.stringify(report.error)).toBeNull();
  return { code: run.code, report };
}

const failing = (report: TargetReport): RuleResult[] => report.results.filter((r) => r.status === 'fail');
const findingsOf = (report: TargetReport): (Finding & { ruleId: string })[] => failing(report).flatMap((r) => r.findings.map((f) => ({ ...f, ruleId: r.ruleId })));
const key = (f: { ruleId: string; resource: string }): string => `${f.ruleId} ${f.resource}`;
/** Absolute paths a finding names: its resource, and the examples its message lists. */
const pathsOf = (f: Finding): string[] => [...new Set([f.resource, ...(f.message.match(/\/(?:etc|var|home|root|boot|usr|srv|opt)\/[^\s,;:()'"]+/g) ?? [])].filter((p) => p.startsWith('/')))];

function run(root: string, argv: string[], proc = false): string {
  const r = inChroot(root, argv, { proc });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} in ${root} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/**
 * The fixes preseal itself prescribes for what the generalizers leave on this image, as a user would
 * type them. `says` must appear in the rule's remediation, so the test follows preseal's own advice.
 */
const fixes: Record<string, { says: string; sh: string }> = {
  L032: { says: 'ResourceDisk.Format=n', sh: "sed -i 's/ResourceDisk.Format=y/ResourceDisk.Format=n/; s/ResourceDisk.EnableSwap=y/ResourceDisk.EnableSwap=n/' /etc/waagent.conf" },
  L036: { says: 'truncate -s 0 /etc/machine-id', sh: 'truncate -s 0 /etc/machine-id' },
  // hostnamectl needs systemd-hostnamed; on a stopped tree the same change is the file itself.
  L053: { says: 'localhost', sh: 'echo localhost > /etc/hostname' },
  L055: { says: 'DHCP', sh: 'rm -f /etc/resolv.conf' },
  L061: {
    says: 'console=ttyS0 earlyprintk=ttyS0',
    sh: `f=/etc/default/grub; [ -f $f ] || echo 'GRUB_CMDLINE_LINUX=""' > $f; sed -i 's/^GRUB_CMDLINE_LINUX="\\(.*\\)"/GRUB_CMDLINE_LINUX="\\1 console=ttyS0 earlyprintk=ttyS0"/' $f`,
  },
  L062: {
    says: 'rootdelay=300',
    sh: `f=/etc/default/grub; [ -f $f ] || echo 'GRUB_CMDLINE_LINUX=""' > $f; sed -i 's/^GRUB_CMDLINE_LINUX="\\(.*\\)"/GRUB_CMDLINE_LINUX="\\1 rootdelay=300"/' $f`,
  },
  L083: { says: 'ClientAliveInterval 180', sh: "echo 'ClientAliveInterval 180' >> /etc/ssh/sshd_config" },
  // Last: truncating the logs must come after every other step.
  L072: { says: 'find /var/log -type f -exec truncate -s 0 {} +', sh: 'find /var/log -type f -exec truncate -s 0 {} +' },
};

/** Applies preseal's fixes for every failing rule; a rule without a known fix fails the test. */
function applyFixes(root: string, report: TargetReport): string[] {
  const ids = failing(report).map((r) => r.ruleId);
  const unknown = ids.filter((id) => !fixes[id]);
  expect(unknown, `failing rules with no fix in this test: ${unknown.join(', ')}`).toEqual([]);
  const ordered = Object.keys(fixes).filter((id) => ids.includes(id));
  for (const id of ordered) {
    const result = failing(report).find((r) => r.ruleId === id) as RuleResult;
    const fix = fixes[id] as { says: string; sh: string };
    expect(result.remediation, `${id}'s remediation`).toContain(fix.says);
    run(root, ['sh', '-c', fix.sh]);
  }
  return ordered;
}

/**
 * One boot of a clone, by the real tools: cloud-init's init-local and init stages with a NoCloud seed
 * (Azure's datasource needs the wireserver; the modules that run are the same: users-groups creates
 * the provisioned user and its authorized_keys, ssh deletes and regenerates the host keys,
 * set-hostname writes /etc/hostname, and the instance cache and logs are written), then
 * systemd-machine-id-setup, as systemd does at first boot with an empty machine-id. The seed and the
 * datasource override are removed afterwards, as they would not exist on Azure.
 */
function bootOnce(root: string, pubkey: string): void {
  const seed = join(root, 'var/lib/cloud/seed/nocloud');
  mkdirSync(seed, { recursive: true });
  writeFileSync(join(seed, 'meta-data'), 'instance-id: iid-used-again\nlocal-hostname: clone-vm-1\n');
  writeFileSync(join(seed, 'user-data'), `#cloud-config\nusers:\n  - name: azureuser\n    sudo: ALL=(ALL) NOPASSWD:ALL\n    ssh_authorized_keys: ["${pubkey}"]\n`);
  const override = join(root, 'etc/cloud/cloud.cfg.d/99-preseal-test-nocloud.cfg');
  writeFileSync(override, 'datasource_list: [ NoCloud, None ]\n');
  run(root, ['cloud-init', 'init', '--local'], true);
  run(root, ['cloud-init', 'init'], true);
  rmSync(seed, { recursive: true, force: true });
  rmSync(override);
  run(root, ['systemd-machine-id-setup']);
}

let pristine = '';
let pubkey = '';
let skip = false;
/** The installed tree linted with each --generalizer (and none). */
const installed = {} as Record<Tool | 'none', TargetReport>;
/** Per tool: a copy of the tree after the real tool ran, what it printed, and its lint with none. */
const after = {} as Record<Tool, { root: string; output: string; report: TargetReport }>;

beforeAll(async () => {
  const part = debianAzureTree();
  skip = skipWithout(part, 'generalizers-real');
  if (skip) return;
  pristine = part.path;
  const keyDir = mkdtempSync(join(tmpdir(), 'preseal-real-key-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'azureuser@admin', '-f', join(keyDir, 'id')]);
  pubkey = readFileSync(join(keyDir, 'id.pub'), 'utf8').trim();
  rmSync(keyDir, { recursive: true, force: true });
  for (const g of [...tools, 'none'] as const) installed[g] = (await lint(pristine, g)).report;
  for (const g of tools) {
    const root = copyTree(pristine, g.replace('+', '-'));
    after[g] = { root, output: run(root, commands[g]), report: (await lint(root, 'none')).report };
  }
}, 30 * 60_000);

afterAll(() => {
  for (const g of tools) removeTree(after[g]?.root);
}, 300_000);

describe('the tree carries the Debian tools the rule pages cite', () => {
  it('waagent 2.7.3 and cloud-init 22.4.2 (bookworm)', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    expect(packageVersion(pristine, 'waagent')).toMatch(/^2\.7\.3\./);
    expect(packageVersion(pristine, 'cloud-init')).toMatch(/^22\.4\.2-/);
  });
});

describe('as installed: what each generalizer is said to leave or clean, checked against the real run', () => {
  for (const g of tools) {
    it(`--generalizer ${g}: every finding it leaves survives \`${commands[g].join(' ')}\`, every one it cleans does not`, ({ skip: skipTest }) => {
      if (skip) return skipTest();
      const findings = findingsOf(installed[g]);
      for (const r of failing(installed[g])) expect(r.findings.length, `${r.ruleId} fails without naming an object`).toBeGreaterThan(0);
      const root = after[g].root;
      const wrong: string[] = [];
      for (const f of findings) {
        if (f.cleanedBy === g) {
          if (stateOf(root, f.resource) === stateOf(pristine, f.resource)) wrong.push(`${key(f)} is marked cleaned by ${g}, but ${g} left it as it was`);
        } else {
          for (const p of pathsOf(f)) if (stateOf(root, p) !== stateOf(pristine, p)) wrong.push(`${key(f)} is reported as left, but ${g} changed ${p}`);
        }
      }
      expect(wrong).toEqual([]);
      // A generalizer-aware rule must not gate on what the tool cleans: such findings are info.
      for (const f of findings.filter((x) => x.cleanedBy)) expect(f.severity, key(f)).toBe('info');
    });
  }

  it('the verdicts that differ between the generalizers match the real tools', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    const find = (g: Tool, id: string) => findingsOf(installed[g]).find((f) => f.ruleId === id);
    // waagent on Debian keeps /etc/machine-id (deprovision/default.py has no machine-id action) …
    expect(find('waagent', 'L036')).toMatchObject({ resource: '/etc/machine-id', severity: 'error' });
    expect(find('waagent', 'L036')?.cleanedBy).toBeUndefined();
    expect(stateOf(after.waagent.root, '/etc/machine-id')).toBe(stateOf(pristine, '/etc/machine-id'));
    // … cloud-init clean --machine-id deletes it (cmd/clean.py: del_file(ETC_MACHINE_ID)).
    expect(find('cloud-init', 'L036')).toMatchObject({ resource: '/etc/machine-id', severity: 'info', cleanedBy: 'cloud-init' });
    // waagent resets the hostname (reset_hostname → localhost.localdomain); cloud-init clean does not.
    expect(find('waagent', 'L053')).toMatchObject({ cleanedBy: 'waagent' });
    expect(readFileSync(join(after.waagent.root, 'etc/hostname'), 'utf8')).toBe('localhost.localdomain');
    expect(find('cloud-init', 'L053')?.cleanedBy).toBeUndefined();
    // No account was ever provisioned on this image: +user has no one to miss.
    expect(find('waagent+user', 'L024')).toBeUndefined();
  });
});

describe.each(tools)('after the real %s, linted with --generalizer none', (g) => {
  it('the tool ran for real', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    const { root, output } = after[g];
    if (g.startsWith('waagent')) {
      expect(output).toContain('WARNING! All SSH host key pairs will be deleted.');
      expect(stateOf(root, '/etc/ssh/ssh_host_ed25519_key')).toBe('absent');
      expect(readFileSync(join(root, 'etc/shadow'), 'utf8')).toMatch(/^root:\*LOCK\*:14600:/);
    } else {
      expect(stateOf(root, '/etc/machine-id')).toBe('absent');
    }
  });

  it('no error or warning is caused by the generalizer itself', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    const before = new Set(findingsOf(installed.none).map(key));
    const caused = findingsOf(after[g].report).filter((f) => f.severity !== 'info' && !before.has(key(f)));
    expect(caused.map((f) => `${key(f)}: ${f.message}`)).toEqual([]);
  });

  it("following preseal's own fixes reaches a clean lint, and a boot afterwards is reported", async ({ skip: skipTest }) => {
    if (skip) return skipTest();
    const { root, report } = after[g];
    const applied = applyFixes(root, report);
    expect(applied.length).toBeGreaterThan(0);
    const clean = await lint(root, 'none', 'info');
    expect(failing(clean.report).map((r) => `${r.ruleId}: ${r.findings.map((f) => f.message).join(' | ')}`)).toEqual([]);
    expect(clean.code).toBe(0);

    // Used again: one boot of the captured image (real cloud-init, real machine-id setup).
    bootOnce(root, pubkey);
    const used = await lint(root, 'none');
    expect(used.code).toBe(1);
    const found = new Set(findingsOf(used.report).map(key));
    for (const k of [
      'L036 /etc/machine-id', // a machine ID again
      'L045 /home/azureuser/.ssh/authorized_keys', // the provisioned user's key
      'L074 /var/lib/cloud/instance', // cloud-init's instance cache
      'L075 /etc/sudoers.d/90-cloud-init-users', // its generated sudoers rule
    ]) expect(found, k).toContain(k);
    const logs = findingsOf(used.report).find((f) => f.ruleId === 'L072');
    expect(logs?.message).toContain('/var/log/cloud-init.log');
    // A deprovisioned VM that booted again is named as such.
    if (g.startsWith('waagent')) expect(found).toContain('L021 /etc/shadow');
  }, 300_000);
});
