import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gates } from '../../src/engine/results.js';
import { appendStepSummary, escapeData, escapeProperty, github, workflowCommand } from '../../src/reporters/github.js';
import { loadReporter } from '../../src/reporters/index.js';
import { markdownSummary } from '../../src/reporters/markdown.js';
import { context, mixedReport } from './real-report.js';

// The runner's side of the escaping (actions/runner ActionCommand.Unescape), to read our output back.
function runnerUnescape(text: string, property: boolean): string {
  let out = text.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  if (property) out = out.replace(/%3A/g, ':').replace(/%2C/g, ',');
  return out.replace(/%25/g, '%');
}

function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } | undefined {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = runnerUnescape(pair.slice(eq + 1), true);
  }
  return { command: m[1]!, properties, message: runnerUnescape(m[3]!, false) };
}

describe('github workflow commands', () => {
  it('escape data and property values like actions/toolkit', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
    expect(escapeData('%0A')).toBe('%250A');
    expect(workflowCommand('warning', { title: 'L036 (ssh://h:22)' }, 'a\nb')).toBe('::warning title=L036 (ssh%3A//h%3A22)::a%0Ab');
    expect(workflowCommand('notice', {}, 'x')).toBe('::notice::x');
  });

  const { report } = mixedReport();
  const ctx = context();
  const lines = github(report, ctx).split('\n');
  const commands = lines.map(parseCommand).filter((c) => c !== undefined);

  it('annotates every failed, unknown and waived rule, errors first, and each reads back whole', () => {
    const expected = report.targets.flatMap((t) =>
      t.results.filter((r) => ['fail', 'unknown', 'waived'].includes(r.status)).map((r) => `${r.ruleId} ${r.slug} (${t.target})`),
    );
    const titles = commands.map((c) => c.properties['title']);
    for (const title of expected) expect(titles).toContain(title);
    const order = { error: 0, warning: 1, notice: 2 } as Record<string, number>;
    const ranks = commands.map((c) => order[c.command]);
    expect(ranks).toEqual([...ranks].sort());
    for (const t of report.targets) {
      for (const r of t.results) {
        const c = commands.find((x) => x.properties['title'] === `${r.ruleId} ${r.slug} (${t.target})`);
        if (r.status === 'fail') {
          expect(c?.command).toBe(
            gates(r, ctx.failOn, ctx.allowUnknown)
              ? { error: 'error', warning: 'warning', info: 'notice' }[r.severity]
              : r.severity === 'error'
                ? 'warning'
                : 'notice',
          );
          expect(r.evidence.length).toBeLessThanOrEqual(21);
          expect(c?.message).toBe(
            [
              ...r.evidence,
              ...(r.findings.some((f) => f.waived) ? [`${r.findings.filter((f) => f.waived).length} more waived`] : []),
              `fix: ${r.remediation}`,
            ].join('\n'),
          );
        }
        // An unknown gates like a failure of its rule (an info rule's unknown does not gate under --fail-on error).
        if (r.status === 'unknown')
          expect(c).toMatchObject({
            command: gates(r, ctx.failOn, ctx.allowUnknown) ? 'error' : 'warning',
            message: `could not check: ${r.title}\n${r.reason}`,
          });
        if (r.status === 'waived') expect(c).toMatchObject({ command: 'notice', message: `${r.title}\nwaived: ${r.reason}` });
      }
    }
  });

  it('annotates a target that could not be linted and the notes', () => {
    expect(commands).toContainEqual({
      command: 'error',
      properties: { title: 'preseal could not lint ssh://nobody@192.0.2.1 (connect)' },
      message: 'connection refused (ECONNREFUSED)\nhint: is sshd running?',
    });
    const notes = report.targets.flatMap((t) => t.notes ?? []);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(commands.some((c) => c.command === 'warning' && c.message === n)).toBe(true);
  });

  it('never lets a message break out of its line', () => {
    for (const line of lines.filter((l) => l.startsWith('::'))) expect(parseCommand(line)).toBeDefined();
    expect(lines.filter((l) => l.startsWith('::')).length).toBe(commands.length);
  });
});

describe('the step summary', () => {
  const saved = process.env['GITHUB_STEP_SUMMARY'];
  afterEach(() => {
    if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
    else process.env['GITHUB_STEP_SUMMARY'] = saved;
  });
  const { report } = mixedReport();
  const ctx = context();

  it('is appended to the file GITHUB_STEP_SUMMARY names, after what the job wrote before', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'preseal-summary-')), 'step_summary');
    writeFileSync(file, '# build\n');
    expect(appendStepSummary(report, ctx, { GITHUB_STEP_SUMMARY: file })).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(`# build\n${markdownSummary(report, ctx)}`);
  });

  it('is not written when GITHUB_STEP_SUMMARY is unset, and a write failure is a warning only', () => {
    expect(appendStepSummary(report, ctx, {})).toBeUndefined();
    const warnings: string[] = [];
    expect(appendStepSummary(report, ctx, { GITHUB_STEP_SUMMARY: '/nonexistent-dir/x/summary' }, (m) => void warnings.push(m))).toBeUndefined();
    expect(warnings).toEqual(['preseal: cannot append the step summary to /nonexistent-dir/x/summary: ENOENT\n']);
  });

  it('is written by the registered github format', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'preseal-summary-')), 'step_summary');
    process.env['GITHUB_STEP_SUMMARY'] = file;
    const reporter = await loadReporter('github');
    const out = reporter(report, ctx);
    expect(out).toBe(github(report, ctx));
    expect(readFileSync(file, 'utf8')).toBe(markdownSummary(report, ctx));
  });
});
