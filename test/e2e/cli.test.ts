import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'preseal-cli-'));

describe('preseal lint of this machine', () => {
  it('prints a report and exits 0 or 1 by the results', async () => {
    const run = await runCli(['lint']);
    expect([0, 1], run.stderr).toContain(run.code);
    expect(run.stdout).toMatch(/^local {2}\S/);
    expect(run.stdout).toMatch(/\d+ failed · \d+ unknown · \d+ passed/);
    expect(run.stdout).toMatch(/(ready|not ready) to generalize/);
  });

  it('--format json is one report object as design.md fixes it', async () => {
    const run = await runCli(['lint', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'preseal' }, summary: { targets: 1 } });
    const [target] = report.targets;
    expect(target).toMatchObject({ target: 'local', platform: 'linux', error: null });
    expect(Object.keys(target.summary).sort()).toEqual(['fail', 'notApplicable', 'pass', 'skipped', 'unknown', 'waived']);
    for (const r of target.results) {
      expect(['pass', 'fail', 'unknown', 'waived', 'skipped', 'not-applicable']).toContain(r.status);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['ruleId', 'slug', 'title', 'severity', 'status', 'message', 'evidence', 'remediation']));
    }
    expect(run.code).toBe(report.summary.failedTargets > 0 ? 1 : 0);
  });

  it('keeps colour off when stdout is not a terminal, and honours FORCE_COLOR', async () => {
    expect((await runCli(['lint'])).stdout).not.toMatch(/\x1b\[/);
    expect((await runCli(['lint'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout).toMatch(/\x1b\[/);
  });
});

describe('exit codes', () => {
  it('a bad flag exits 2 with one line and no stack', async () => {
    const run = await runCli(['lint', '--bogus-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^preseal: Unknown argument: bogus-flag\n/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreadable facts file exits 2', async () => {
    const run = await runCli(['lint', `facts:${join(tmp, 'missing.json')}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read');
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 9, "platform": "linux", "facts": {}}');
    const wrongVersion = await runCli(['lint', `facts:${bad}`]);
    expect(wrongVersion.code).toBe(2);
    expect(wrongVersion.stderr).toContain('the facts file was written by a newer preseal (schema 9)');
  });

  it('an SSH target on a closed port exits 3 with one clear line', async () => {
    const run = await runCli(['lint', 'ssh://root@127.0.0.1:1', '--format', 'json', '--timeout', '10']);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(report.targets[0].error.step).toBe('connect');
    expect(report.targets[0].results).toEqual([]);
    expect(run.stderr.trim().split('\n')[0]).toMatch(/^preseal: ssh:\/\/root@127\.0\.0\.1:1: connect: /);
  });

  it('--fail-on none exits 0 even with failures; an unknown rule name exits 2', async () => {
    expect((await runCli(['lint', '--fail-on', 'none'])).code).toBe(0);
    // The recorded dirty tree fails many rules: a green verdict must still say so.
    const none = await runCli(['lint', 'facts:fixtures/linux/dirty-tree.json', '--fail-on', 'none']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/✔ ready to generalize \(\d+ results? below --fail-on none still failed or unknown\)/);
    const run = await runCli(['lint', '--rule', 'L999']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--rule: no rule "L999"');
  });
});

describe('collect, then lint the saved facts', () => {
  it('gives the same results as a live lint', async () => {
    const file = join(tmp, 'local.json');
    const collect = await runCli(['collect', '-o', file]);
    expect(collect.code, collect.stderr).toBe(0);
    const offline = JSON.parse((await runCli(['lint', `facts:${file}`, '--format', 'json'])).stdout);
    const live = JSON.parse((await runCli(['lint', '--format', 'json'])).stdout);
    const strip = (r: { results: { ruleId: string; status: string }[] }) => r.results.map((x) => `${x.ruleId}:${x.status}`);
    expect(strip(offline.targets[0])).toEqual(strip(live.targets[0]));
  });
});

describe('rules and explain', () => {
  it('lists the rules, filtered by platform, as text and JSON', async () => {
    const text = await runCli(['rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^L002 +kerberos-keytab +linux +any +error/m);
    const json = JSON.parse((await runCli(['rules', '--platform', 'windows', '--format', 'json'])).stdout);
    expect(json.length).toBeGreaterThan(0);
    expect(json.every((r: { platform: string }) => r.platform === 'windows')).toBe(true);
  });

  it('explains a rule by id or alias, and refuses an unknown one', async () => {
    const byId = await runCli(['explain', 'L036']);
    expect(byId.code).toBe(0);
    expect(byId.stdout.split('\n')[0]).toMatch(/^L036 machine-id {2}linux · error$/);
    // Rendered for a terminal: the fix first, no Markdown headings, fences or template placeholders.
    const sections = ['How to fix', 'Why', 'What is read', 'What preseal reports', 'When a waiver is fine', 'References'].map((h) =>
      byId.stdout.indexOf(`\n${h}\n`),
    );
    expect(sections.every((i) => i > 0)).toBe(true);
    expect([...sections].sort((a, b) => a - b)).toEqual(sections);
    expect(byId.stdout).toContain('truncate -s 0 /etc/machine-id');
    expect(byId.stdout).not.toMatch(/^#|```|\{resource\}|\{\w+\}/m);
    expect((await runCli(['explain', 'machine-id'])).stdout).toBe(byId.stdout);
    expect((await runCli(['explain', 'nope'])).code).toBe(2);
  });
});
