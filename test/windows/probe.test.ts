import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsFor } from '../../src/facts/catalog.js';
import { extractEnvelope, validateEnvelope } from '../../src/facts/envelope.js';
import { windowsFacts, windowsFactTopics } from '../../src/facts/windows/index.js';
import { deriveLiveGroups, LIVE_DERIVED, LIVE_DERIVED_GROUPS } from '../../src/platforms/windows/live.js';
import { bootstrapCommand, efsBudgetSeconds, encodedBootstrap, probePayload, windowsProbeScript } from '../../src/probes/windows.js';
import { collectWindowsLocal, LocalPowerShell, localProbeCommand } from '../../src/transports/local-windows.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { findPwsh, skipWithout } from '../helpers/real.js';

const pwsh = findPwsh();
const skip = skipWithout(pwsh, 'Windows probe under real pwsh');
const checker = join(import.meta.dirname, 'ps51-syntax.ps1');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'preseal-winprobe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ps51Problems(script: string): Promise<string[]> {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.ps1`);
  writeFileSync(file, script);
  const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', checker, '-Path', file], '', { timeoutMs: 120_000 });
  expect(run.code, run.stderr.toString()).toBe(0);
  return JSON.parse(run.stdout.toString('utf8')) as string[];
}

describe.skipIf(skip)('the Windows probe under real pwsh', () => {
  it('the syntax check finds each PowerShell 7-only construct', async () => {
    const sample = [
      '$a = $true ? 1 : 2',
      '$b = $null ?? 3',
      '$c ??= 4',
      '$d = ${e}?.Name',
      '${e}?[0]',
      'Get-Date && Get-Date',
      '1..3 | ForEach-Object -Parallel { $_ }',
      'function f { begin {} clean {} }',
      "'x' | ConvertFrom-Json -AsHashtable",
      '[IO.Path]::Join("a", "b")',
      'Join-String -InputObject 1',
    ].join('\n');
    const found = (await ps51Problems(sample)).join('\n');
    for (const what of [
      'ternary',
      '??',
      '??=',
      'member access ?.',
      'index ?[]',
      '&& or ||',
      '-Parallel',
      'clean {}',
      '-AsHashtable',
      'IO.Path]::Join',
      'Join-String',
    ]) {
      expect(found).toContain(what);
    }
    expect(await ps51Problems('$x = if ($true) { 1 } else { 2 }\n$y = @(1,2) | ForEach-Object { $_ }')).toEqual([]);
  }, 120_000);

  it('the assembled probe parses and uses only Windows PowerShell 5.1 syntax', async () => {
    expect(await ps51Problems(windowsProbeScript())).toEqual([]);
  }, 120_000);

  it('runs through node-powershell and prints a complete, valid envelope', async () => {
    const envelope = await collectWindowsLocal('local', { timeoutMs: 120_000 }, pwsh.path);
    expect(envelope.platform).toBe('windows');
    expect(envelope.probe?.live).toBe(true);
    const reported = new Set([...Object.keys(envelope.facts), ...Object.keys(envelope.errors), ...Object.keys(envelope.notApplicable)]);
    for (const group of groupsFor('windows')) expect(reported.has(group), group).toBe(true);
    for (const [group, why] of Object.entries(envelope.errors)) expect(why, group).not.toBe('not reported by the probe');
    // This host is not Windows: every group of W001–W022 must be an error or not applicable, never a fact.
    for (const group of Object.keys(windowsFacts)) {
      expect(Object.hasOwn(envelope.facts, group), `${group} must not be reported as a fact on ${process.platform}`).toBe(false);
      expect(Object.hasOwn(envelope.errors, group) || Object.hasOwn(envelope.notApplicable, group), group).toBe(true);
    }
    for (const group of ['computerSystem', 'identity', 'entraJoin', 'sysprepState', 'efsScan']) expect(envelope.errors[group], group).toMatch(/\S/);
    for (const why of Object.values(envelope.errors)) expect(why).not.toMatch(/[\r\n]/);
  }, 180_000);

  it('keeps each collector isolated and reports errors, not-applicable groups and partial scans', async () => {
    const probeDir = join(import.meta.dirname, '../../src/probes/windows');
    const script = [
      "$PresealProbeVersion = 'test'",
      '$PresealSchemaVersion = 2',
      "$PresealGroups = @('Good', 'Denied', 'Na', 'Nothing', 'Multiline', 'Partial', 'AfterAll')",
      "$PresealAdminGroups = @('Denied')",
      readFileSync(join(probeDir, 'lib.ps1'), 'utf8'),
      "function Get-PresealGood { [ordered]@{ a = 1; list = @('x') } }",
      "function Get-PresealDenied { throw (New-Object UnauthorizedAccessException('Access is denied.')) }",
      "function Get-PresealNa { New-PresealNotApplicable 'not on this SKU' }",
      'function Get-PresealNothing { }',
      'function Get-PresealMultiline { throw "first line`r`nsecond line" }',
      "function Get-PresealPartial { Set-PresealPartial 'partial' 'cut short'; [ordered]@{ truncated = $true } }",
      "function Get-PresealAfterAll { Write-Progress -Activity 'x' -Status 'y'; Write-Warning 'w'; [ordered]@{ ok = 'ünïcödé' } }",
      readFileSync(join(probeDir, 'main.ps1'), 'utf8'),
    ].join('\n');
    const file = join(dir, 'contract.ps1');
    writeFileSync(file, script);
    const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', file], '', { timeoutMs: 120_000 });
    expect(run.code, run.stderr.toString()).toBe(0);
    const env = extractEnvelope(run.stdout.toString('utf8')) as {
      facts: Record<string, unknown>;
      errors: Record<string, string>;
      notApplicable: Record<string, string>;
      probe: { partial?: Record<string, string>; elevated?: boolean; version?: string };
    };
    expect(env.facts['good']).toEqual({ a: 1, list: ['x'] });
    expect(env.errors['denied']).toMatch(/^access denied; this group needs an elevated Administrator session: Access is denied\.$/);
    expect(env.notApplicable['na']).toBe('not on this SKU');
    expect(env.errors['nothing']).toMatch(/returned nothing/);
    expect(env.errors['multiline']).toBe('first line second line');
    expect(env.facts['partial']).toEqual({ truncated: true });
    expect(env.probe.partial).toEqual({ partial: 'cut short' });
    expect(env.facts['afterAll']).toEqual({ ok: 'ünïcödé' });
    expect(env.probe.elevated).toBe(false);
    expect(run.stderr.toString('utf8')).toBe('');
  }, 120_000);

  it('gives the EFS scan a share of the target time limit', () => {
    const decoded = (o: Parameters<typeof probePayload>[0]) => Buffer.from(probePayload(o).trim(), 'base64').toString('utf8');
    expect(decoded({ timeoutMs: 30_000 }).split('\n')[0]).toBe('$PresealEfsMaxSeconds = 10');
    expect(decoded({}).split('\n')[0]).toMatch(/^\$PresealProbeVersion/);
    expect(efsBudgetSeconds(300_000)).toBe(90);
    expect(efsBudgetSeconds(1000)).toBe(1);
  });

  it('sends the probe to node-powershell as one line', () => {
    const command = localProbeCommand();
    expect(command).not.toMatch(/[\r\n]/);
    expect(command.length).toBeGreaterThan(1000);
  });

  it('disposes a timed-out shell and answers from a fresh one', async () => {
    const ps = new LocalPowerShell(pwsh.path, 30_000);
    try {
      await expect(ps.run('Start-Sleep -Seconds 120; "late"')).rejects.toThrow(/no answer within 30 s/);
      const next = await ps.run("[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false); 'fresh ✓'; [Console]::Error.WriteLine('a warning')");
      expect(next.stdout.toString('utf8')).toContain('fresh ✓');
      expect(next.stdout.toString('utf8')).not.toContain('late');
      expect(next.stderr.toString('utf8')).toContain('a warning');
    } finally {
      await ps.dispose();
    }
  }, 240_000);

  it('names a missing PowerShell executable', async () => {
    await expect(collectWindowsLocal('local', { timeoutMs: 30_000 }, join(dir, 'no-such-pwsh'))).rejects.toThrow(/was not found/);
  }, 60_000);

  it('runs through the stdin bootstrap that SSH and WinRM use', async () => {
    const args = bootstrapCommand('pwsh').split(' ').slice(1);
    expect(args.at(-1)).toBe(encodedBootstrap());
    const run = await spawnWithInput(pwsh.path, args, probePayload(), { timeoutMs: 180_000 });
    expect(run.code, run.stderr.toString()).toBe(0);
    const envelope = validateEnvelope(deriveLiveGroups(extractEnvelope(run.stdout.toString('utf8'))), { target: 'stdin', collectedAt: 'x' });
    expect(Object.keys(envelope.errors)).toEqual(expect.arrayContaining(['computerSystem', 'sysprepState', 'answerFiles']));
    // The groups derived from raw reads are errors because the registry could not be read here, not because they went missing.
    for (const group of LIVE_DERIVED_GROUPS) expect(envelope.errors[group], group).toMatch(/could not be read/);
    expect(run.stderr.toString('utf8')).not.toMatch(/CLIXML|progress/i);
  }, 240_000);

  it('prints an ASCII-only envelope whatever the console encoding: non-ASCII text arrives as \\uXXXX escapes', async () => {
    const probeDir = join(import.meta.dirname, '../../src/probes/windows');
    const script = [
      "$PresealProbeVersion = 'test'; $PresealGroups = @('Unicode'); $PresealAdminGroups = @()",
      readFileSync(join(probeDir, 'lib.ps1'), 'utf8'),
      'function Get-PresealUnicode { [ordered]@{ name = "Jos$([char]0xE9) $([char]0x5C71)$([char]0x7530) $([char]0xD83D)$([char]0xDE00)" } }',
      readFileSync(join(probeDir, 'main.ps1'), 'utf8'),
    ].join('\n');
    const file = join(dir, 'unicode.ps1');
    writeFileSync(file, script);
    const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', file], '', { timeoutMs: 120_000 });
    expect(run.code, run.stderr.toString()).toBe(0);
    expect([...run.stdout].filter((b) => b > 0x7f)).toEqual([]);
    const envelope = extractEnvelope(run.stdout.toString('latin1')) as { facts: { unicode: { name: string } } };
    expect(envelope.facts.unicode.name).toBe('Jos\u00e9 \u5c71\u7530 \u{1F600}');
  }, 120_000);
});

describe('the Windows facts and collectors, by topic', () => {
  const collectors = join(import.meta.dirname, '../../src/probes/windows/collectors');
  // A topic's groups: its collector's Get-Preseal<Group> functions and the groups derived in TypeScript from its raw reads.
  const groupsOf = (topic: string) =>
    [
      ...(readdirSync(collectors).includes(`${topic}.ps1`)
        ? [...readFileSync(join(collectors, `${topic}.ps1`), 'utf8').matchAll(/^function Get-Preseal(\w+)\b/gm)].map(
            (m) => (m[1] as string).charAt(0).toLowerCase() + (m[1] as string).slice(1),
          )
        : []),
      ...(LIVE_DERIVED[topic] ?? []).map((d) => d.group),
    ].sort();

  it("src/facts/windows/<topic>.ts declares exactly the groups of collectors/<topic>.ps1 and of the topic's live derivations", () => {
    const topics = Object.entries(windowsFactTopics).map(([topic, groups]) => [topic, [...groups].sort()]);
    expect(topics.map(([topic]) => topic).sort()).toEqual(
      [
        ...new Set([
          ...readdirSync(collectors)
            .filter((f) => f.endsWith('.ps1') && !['os.ps1', 'cloud.ps1'].includes(f))
            .map((f) => f.replace(/\.ps1$/, '')),
          ...Object.keys(LIVE_DERIVED),
        ]),
      ].sort(),
    );
    for (const [topic, groups] of topics) expect(groupsOf(String(topic)), String(topic)).toEqual(groups);
  });

  it('derives no group in TypeScript that a collector also yields (one interpretation)', () => {
    const fromCollectors = readdirSync(collectors).flatMap((f) =>
      [...readFileSync(join(collectors, f), 'utf8').matchAll(/^function Get-Preseal(\w+)\b/gm)].map(
        (m) => (m[1] as string).charAt(0).toLowerCase() + (m[1] as string).slice(1),
      ),
    );
    const derived = Object.values(LIVE_DERIVED).flatMap((ds) => ds.map((d) => d.group));
    expect(derived.length).toBeGreaterThan(0);
    expect(derived.filter((g) => fromCollectors.includes(g))).toEqual([]);
  });

  it('has one probe library: no collector defines a helper that lib.ps1 also defines', () => {
    const names = (text: string) => [...text.matchAll(/^function ([\w-]+)/gm)].map((m) => m[1] as string);
    const lib = new Set(names(readFileSync(join(collectors, '..', 'lib.ps1'), 'utf8')));
    const clashes = readdirSync(collectors).flatMap((f) =>
      names(readFileSync(join(collectors, f), 'utf8'))
        .filter((n) => lib.has(n))
        .map((n) => `${f}: ${n}`),
    );
    expect(clashes).toEqual([]);
  });
});

describe('the order of the Windows collectors', () => {
  it('runs Servicing before any other group, so that no CIM query of the probe can have started TrustedInstaller (W027)', () => {
    const groups = /^\$PresealGroups = @\((.*)\)$/m.exec(windowsProbeScript())?.[1]?.split(', ') ?? [];
    expect(groups[0]).toBe("'Servicing'");
    expect(groups).toContain("'ServerFeatures'");
    expect(new Set(groups).size).toBe(groups.length);
  });
});
