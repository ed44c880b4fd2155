/**
 * The Linux rules judged against the real generalizers (issue 17). The tree is a Debian 12 root with
 * the packages of a Debian Azure image (scripts/build-debian-azure-tree.sh: waagent 2.7.3, cloud-init
 * 22.4.2 from bookworm), cached between runs. Two starting points: the tree as installed, and the
 * build VM, that tree after one provisioning boot by the real cloud-init. On overlayfs copies of
 * each, the real `waagent -deprovision[+user] -force` and `cloud-init clean --logs --machine-id
 * --seed` run in a chroot (own UTS, IPC, network, PID and mount namespaces; no service starts), and
 * everything is linted through the built CLI with root:. Checked: what each --generalizer is said to
 * leave or clean against what the tool did; that the tool causes no error or warning preseal did not
 * announce; that preseal's own fixes reach a clean lint; and that a later boot is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Generalizer, RuleResult, TargetReport } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { type TreeCopy, copyTree, debianAzureTree, inChroot, packageVersion, removeTree, stateOf } from '../helpers/debian-azure-tree.js';
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
  const run = await runCli(['lint', `root:${root}`, '--generalizer', generalizer, '--cloud', 'azure', '--format', 'json', '--fail-on', failOn], {
    timeoutMs: 120_000,
  });
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
const findingsOf = (report: TargetReport): (Finding & { ruleId: string })[] =>
  failing(report).flatMap((r) => r.findings.map((f) => ({ ...f, ruleId: r.ruleId })));
const key = (f: { ruleId: string; resource: string }): string => `${f.ruleId} ${f.resource}`;
/** Absolute paths a finding names: its resource, and the examples its message lists. */
const pathsOf = (f: Finding): string[] => [
  ...new Set([f.resource, ...(f.message.match(/\/(?:etc|var|home|root|boot|usr|srv|opt)\/[^\s,;:()'"]+/g) ?? [])].filter((p) => p.startsWith('/'))),
];

function run(root: string, argv: string[], proc = false): string {
  const r = inChroot(root, argv, { proc });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} in ${root} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/**
 * The fixes preseal itself prescribes for what the generalizers leave on this image, as a user would
 * type them, in the order a user would (logs last). `says` must appear in the rule's remediation, so
 * the test follows preseal's own advice; `sh` gets the failing result to name the objects.
 */
const grubAdd = (args: string): string =>
  `f=/etc/default/grub; [ -f $f ] || echo 'GRUB_CMDLINE_LINUX=""' > $f; sed -i 's/^GRUB_CMDLINE_LINUX="\\(.*\\)"/GRUB_CMDLINE_LINUX="\\1 ${args}"/' $f`;
const paths = (r: RuleResult): string => [...new Set(r.findings.map((f) => `'${f.resource}'`))].join(' ');
const fixes: { id: string; says: string; sh: (r: RuleResult) => string }[] = [
  { id: 'L042', says: 'userdel -r <user>', sh: (r) => r.findings.map((f) => `userdel -r ${f.resource} 2>/dev/null`).join('; ') },
  {
    id: 'L024',
    says: 'userdel -r <builder>',
    sh: (r) => r.findings.map((f) => `for u in ${f.data['accounts'] ?? ''}; do id "$u" >/dev/null 2>&1 && userdel -r "$u" 2>/dev/null; done`).join('; '),
  },
  { id: 'L045', says: 'rm -f /root/.ssh/authorized_keys', sh: (r) => `rm -f ${paths(r)}` },
  { id: 'L044', says: 'rm -f /root/.bash_history', sh: (r) => `rm -f ${paths(r)}` },
  { id: 'L047', says: 'Delete the stale line or file', sh: (r) => `rm -f ${paths(r)}` },
  { id: 'L020', says: 'never copy /var/lib/waagent into an image', sh: (r) => `rm -f ${paths(r)}` },
  { id: 'L074', says: 'cloud-init clean --logs --seed', sh: () => 'cloud-init clean --logs --seed' },
  { id: 'L076', says: 'cloud-init clean --seed', sh: () => 'cloud-init clean --logs --seed' },
  { id: 'L075', says: 'rm -f', sh: (r) => `rm -f ${paths(r)}` },
  {
    id: 'L032',
    says: 'ResourceDisk.Format=n',
    sh: () => "sed -i 's/ResourceDisk.Format=y/ResourceDisk.Format=n/; s/ResourceDisk.EnableSwap=y/ResourceDisk.EnableSwap=n/' /etc/waagent.conf",
  },
  { id: 'L036', says: 'truncate -s 0 /etc/machine-id', sh: () => 'truncate -s 0 /etc/machine-id' },
  // hostnamectl needs systemd-hostnamed; on a stopped tree the same change is the file itself.
  { id: 'L053', says: 'hostnamectl set-hostname localhost', sh: () => 'echo localhost > /etc/hostname' },
  { id: 'L055', says: 'rm /etc/resolv.conf', sh: () => 'rm -f /etc/resolv.conf' },
  { id: 'L061', says: 'console=ttyS0 earlyprintk=ttyS0', sh: () => grubAdd('console=ttyS0 earlyprintk=ttyS0') },
  { id: 'L062', says: 'rootdelay=300', sh: () => grubAdd('rootdelay=300') },
  { id: 'L083', says: 'ClientAliveInterval 180', sh: () => "echo 'ClientAliveInterval 180' >> /etc/ssh/sshd_config" },
  { id: 'L072', says: 'find /var/log -type f -exec truncate -s 0 {} +', sh: () => 'find /var/log -type f -exec truncate -s 0 {} +' },
];

/** Applies preseal's fixes for every failing rule; a rule without a known fix fails the test. */
function applyFixes(root: string, report: TargetReport): string[] {
  const byId = new Map(failing(report).map((r) => [r.ruleId, r]));
  const unknown = [...byId.keys()].filter((id) => !fixes.some((f) => f.id === id));
  expect(unknown, `failing rules with no fix in this test: ${unknown.join(', ')}`).toEqual([]);
  const applied: string[] = [];
  for (const fix of fixes) {
    const result = byId.get(fix.id);
    if (!result) continue;
    expect(result.remediation, `${fix.id}'s remediation`).toContain(fix.says);
    run(root, ['sh', '-c', fix.sh(result)], true);
    applied.push(fix.id);
  }
  return applied;
}

/**
 * One boot on Azure, by the real tools: cloud-init's init-local and init stages with a NoCloud seed
 * (Azure's datasource needs the wireserver; the modules that run are the same: users-groups creates
 * the provisioned user, its authorized_keys and sudoers rule, ssh deletes and regenerates the host
 * keys, set-hostname writes /etc/hostname, and the instance cache and logs are written), then
 * systemd-machine-id-setup, as systemd does at first boot with an empty machine-id. What the Azure
 * datasource adds, ovf-env.xml in /var/lib/waagent naming the user, is written by cloud-init's own
 * DataSourceAzure.write_files (password redacted, 0600 in a 0700 directory), from a document shaped as
 * WALinuxAgent's tests/data/ovf-env.xml. The NoCloud seed and datasource override are removed
 * afterwards: they do not exist on Azure.
 */
function bootOnce(root: string, pubkey: string, vm: { hostname: string; instanceId: string }): void {
  const seed = join(root, 'var/lib/cloud/seed/nocloud');
  mkdirSync(seed, { recursive: true });
  writeFileSync(join(seed, 'meta-data'), `instance-id: ${vm.instanceId}\nlocal-hostname: ${vm.hostname}\n`);
  writeFileSync(
    join(seed, 'user-data'),
    `#cloud-config\nusers:\n  - name: azureuser\n    sudo: ALL=(ALL) NOPASSWD:ALL\n    ssh_authorized_keys: ["${pubkey}"]\n`,
  );
  const override = join(root, 'etc/cloud/cloud.cfg.d/99-preseal-test-nocloud.cfg');
  writeFileSync(override, 'datasource_list: [ NoCloud, None ]\n');
  run(root, ['cloud-init', 'init', '--local'], true);
  run(root, ['cloud-init', 'init'], true);
  rmSync(seed, { recursive: true, force: true });
  rmSync(override);
  run(root, ['systemd-machine-id-setup']);
  const ovfEnv =
    '<?xml version="1.0" encoding="utf-8"?><Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:wa="http://schemas.microsoft.com/windowsazure">' +
    '<wa:ProvisioningSection><wa:Version>1.0</wa:Version><LinuxProvisioningConfigurationSet xmlns="http://schemas.microsoft.com/windowsazure">' +
    `<ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType><HostName>${vm.hostname}</HostName><UserName>azureuser</UserName>` +
    '<UserPassword>redacted-by-cloud-init</UserPassword><DisableSshPasswordAuthentication>true</DisableSshPasswordAuthentication>' +
    '</LinuxProvisioningConfigurationSet></wa:ProvisioningSection><wa:PlatformSettingsSection><wa:Version>1.0</wa:Version><wa:PlatformSettings>' +
    '<wa:KmsServerHostname>kms.core.windows.net</wa:KmsServerHostname><wa:ProvisionGuestAgent>true</wa:ProvisionGuestAgent>' +
    '<wa:PreprovisionedVm>false</wa:PreprovisionedVm></wa:PlatformSettings></wa:PlatformSettingsSection></Environment>';
  run(root, [
    'python3',
    '-c',
    'import sys\nfrom cloudinit.sources.DataSourceAzure import write_files\nwrite_files("/var/lib/waagent", {"ovf-env.xml": sys.argv[1]}, dirmode=0o700)',
    ovfEnv,
  ]);
}

/**
 * What a generalizer is said to leave or clean, against what it did: a finding marked cleaned by `g`
 * must name an object the run changed or removed; any other finding must name objects the run left
 * as they were (paths by content, accounts by their /etc/passwd entry).
 */
function misjudged(g: Tool, report: TargetReport, before: string, after: string): string[] {
  const account = (root: string, name: string): string =>
    readFileSync(join(root, 'etc/passwd'), 'utf8').match(new RegExp(`^${name}:.*$`, 'm'))?.[0] ?? 'absent';
  const state = (root: string, res: string): string => (res.startsWith('/') ? stateOf(root, res) : account(root, res));
  const wrong: string[] = [];
  for (const f of findingsOf(report)) {
    if (f.cleanedBy === g) {
      if (state(after, f.resource) === state(before, f.resource)) wrong.push(`${key(f)} is marked cleaned by ${g}, but ${g} left it as it was`);
    } else {
      const objects = f.resource.startsWith('/') ? pathsOf(f) : [f.resource];
      for (const o of objects) if (state(after, o) !== state(before, o)) wrong.push(`${key(f)} is reported as left, but ${g} changed ${o}`);
    }
  }
  return wrong;
}

let pristine = '';
let built: TreeCopy;
let pubkey = '';
let skip = false;
/** The installed tree linted with each --generalizer (and none). */
const installed = {} as Record<Tool | 'none', TargetReport>;
/** The build VM: the installed tree after one provisioning boot, linted with each --generalizer (and none). */
const provisioned = {} as Record<Tool | 'none', TargetReport>;
type After = { copy: TreeCopy; root: string; output: string; report: TargetReport };
/** Per tool: a copy of the installed tree after the real tool ran, what it printed, and its lint with none. */
const after = {} as Record<Tool, After>;
/** The same from the provisioned build VM. */
const afterBuilt = {} as Record<Tool, After>;

async function generalize(from: string | TreeCopy, g: Tool, label: string): Promise<After> {
  const copy = copyTree(from, label);
  const output = run(copy.root, commands[g]);
  return { copy, root: copy.root, output, report: (await lint(copy.root, 'none')).report };
}

beforeAll(async () => {
  const part = debianAzureTree();
  skip = skipWithout(part, 'generalizers-real');
  if (skip) return;
  pristine = part.path;
  const keyDir = mkdtempSync(join(tmpdir(), 'preseal-real-key-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'azureuser@admin', '-f', join(keyDir, 'id')]);
  pubkey = readFileSync(join(keyDir, 'id.pub'), 'utf8').trim();
  rmSync(keyDir, { recursive: true, force: true });
  built = copyTree(pristine, 'built');
  bootOnce(built.root, pubkey, { hostname: 'build-vm', instanceId: 'iid-build-vm' });
  for (const g of [...tools, 'none'] as const) {
    installed[g] = (await lint(pristine, g)).report;
    provisioned[g] = (await lint(built.root, g)).report;
  }
  for (const g of tools) {
    after[g] = await generalize(pristine, g, `installed-${g.replace('+', '-')}`);
    afterBuilt[g] = await generalize(built, g, `built-${g.replace('+', '-')}`);
  }
}, 30 * 60_000);

afterAll(() => {
  for (const g of tools) {
    removeTree(after[g]?.copy);
    removeTree(afterBuilt[g]?.copy);
  }
  removeTree(built);
}, 300_000);

describe('the tree carries the Debian tools the rule pages cite', () => {
  it('waagent 2.7.3 and cloud-init 22.4.2 (bookworm)', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    expect(packageVersion(pristine, 'waagent')).toMatch(/^2\.7\.3\./);
    expect(packageVersion(pristine, 'cloud-init')).toMatch(/^22\.4\.2-/);
  });
});

describe.each([
  ['as installed', () => ({ reports: installed, from: pristine, runs: after })],
  ['provisioned once by cloud-init (the build VM)', () => ({ reports: provisioned, from: built.root, runs: afterBuilt })],
] as const)('%s: what each generalizer is said to leave or clean, checked against the real run', (_name, scenario) => {
  for (const g of tools) {
    it(`--generalizer ${g}: every finding it leaves survives \`${commands[g].join(' ')}\`, every one it cleans does not`, ({ skip: skipTest }) => {
      if (skip) return skipTest();
      const { reports, from, runs } = scenario();
      for (const r of failing(reports[g])) expect(r.findings.length, `${r.ruleId} fails without naming an object`).toBeGreaterThan(0);
      expect(misjudged(g, reports[g], from, runs[g].root)).toEqual([]);
      // A generalizer-aware rule must not gate on what the tool cleans: such findings are info.
      for (const f of findingsOf(reports[g]).filter((x) => x.cleanedBy)) expect(f.severity, key(f)).toBe('info');
    });
  }
});

describe('the verdicts that differ between the generalizers match the real tools', () => {
  const find = (reports: Record<string, TargetReport>, g: Tool, id: string) => findingsOf(reports[g] as TargetReport).find((f) => f.ruleId === id);

  it('machine-id: waagent keeps it (deprovision/default.py has no such action), cloud-init clean --machine-id deletes it', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    expect(find(installed, 'waagent', 'L036')).toMatchObject({ resource: '/etc/machine-id', severity: 'error' });
    expect(find(installed, 'waagent', 'L036')?.cleanedBy).toBeUndefined();
    expect(stateOf(after.waagent.root, '/etc/machine-id')).toBe(stateOf(pristine, '/etc/machine-id'));
    expect(find(installed, 'cloud-init', 'L036')).toMatchObject({ resource: '/etc/machine-id', severity: 'info', cleanedBy: 'cloud-init' });
    expect(stateOf(after['cloud-init'].root, '/etc/machine-id')).toBe('absent');
  });

  it('hostname: waagent resets it to localhost.localdomain, cloud-init clean does not touch it', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    expect(find(provisioned, 'waagent', 'L053')).toMatchObject({ resource: '/etc/hostname', cleanedBy: 'waagent' });
    expect(readFileSync(join(afterBuilt.waagent.root, 'etc/hostname'), 'utf8')).toBe('localhost.localdomain');
    expect(find(provisioned, 'cloud-init', 'L053')?.cleanedBy).toBeUndefined();
    expect(readFileSync(join(afterBuilt['cloud-init'].root, 'etc/hostname'), 'utf8')).toBe('build-vm\n');
  });

  it('+user deletes the account ovf-env.xml names; on an image with no account it has no one to miss', ({ skip: skipTest }) => {
    if (skip) return skipTest();
    expect(find(installed, 'waagent+user', 'L024')).toBeUndefined();
    expect(find(provisioned, 'waagent+user', 'L045')).toMatchObject({ resource: '/home/azureuser/.ssh/authorized_keys', cleanedBy: 'waagent+user' });
    expect(stateOf(afterBuilt['waagent+user'].root, '/home/azureuser')).toBe('absent');
    expect(find(provisioned, 'waagent', 'L045')).toMatchObject({ resource: '/home/azureuser/.ssh/authorized_keys', severity: 'error' });
    expect(stateOf(afterBuilt.waagent.root, '/home/azureuser/.ssh/authorized_keys')).not.toBe('absent');
  });
});

describe.each([
  ['installed', () => ({ base: installed, runs: after })],
  ['provisioned', () => ({ base: provisioned, runs: afterBuilt })],
] as const)('%s, then the real generalizer, linted with --generalizer none', (_name, scenario) => {
  describe.each(tools)('%s', (g) => {
    it('the tool ran for real', ({ skip: skipTest }) => {
      if (skip) return skipTest();
      const { root, output } = scenario().runs[g];
      if (g.startsWith('waagent')) {
        expect(output).toContain('WARNING! All SSH host key pairs will be deleted.');
        expect(stateOf(root, '/etc/ssh/ssh_host_ed25519_key')).toBe('absent');
        expect(readFileSync(join(root, 'etc/shadow'), 'utf8')).toMatch(/^root:\*LOCK\*:14600:/);
      } else {
        expect(stateOf(root, '/etc/machine-id')).toBe('absent');
        expect(stateOf(root, '/var/lib/cloud/instance')).toBe('absent');
      }
    });

    it(`no error or warning is caused by the generalizer that preseal did not announce with --generalizer ${g}`, ({ skip: skipTest }) => {
      if (skip) return skipTest();
      const { base, runs } = scenario();
      const before = new Set(findingsOf(base[g]).map(key));
      const caused = findingsOf(runs[g].report).filter((f) => f.severity !== 'info' && !before.has(key(f)));
      expect(caused.map((f) => `${key(f)}: ${f.message}`)).toEqual([]);
    });

    it("following preseal's own fixes reaches a clean lint, and a boot afterwards is reported", async ({ skip: skipTest }) => {
      if (skip) return skipTest();
      const { root, report } = scenario().runs[g];
      const applied = applyFixes(root, report);
      expect(applied.length).toBeGreaterThan(0);
      const clean = await lint(root, 'none', 'info');
      expect(failing(clean.report).map((r) => `${r.ruleId}: ${r.findings.map((f) => f.message).join(' | ')}`)).toEqual([]);
      expect(clean.code).toBe(0);

      // Used again: one boot of the captured image (real cloud-init, real machine-id setup).
      bootOnce(root, pubkey, { hostname: 'clone-vm-1', instanceId: 'iid-clone-vm-1' });
      const used = await lint(root, 'none');
      expect(used.code).toBe(1);
      const found = new Set(findingsOf(used.report).map(key));
      for (const k of [
        'L036 /etc/machine-id', // a machine ID again
        'L045 /home/azureuser/.ssh/authorized_keys', // the provisioned user's key
        'L074 /var/lib/cloud/instance', // cloud-init's instance cache
        'L075 /etc/sudoers.d/90-cloud-init-users', // its generated sudoers rule
      ])
        expect(found, k).toContain(k);
      const logs = findingsOf(used.report).find((f) => f.ruleId === 'L072');
      expect(logs?.message).toContain('/var/log/cloud-init.log');
      // A deprovisioned VM that booted again is named as such.
      if (g.startsWith('waagent')) expect(found).toContain('L021 /etc/shadow');
    }, 300_000);
  });
});
