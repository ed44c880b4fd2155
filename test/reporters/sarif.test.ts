import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { collectFacts } from '../../src/collect.js';
import { buildReport } from '../../src/lint.js';
import { packageRoot } from '../../src/paths.js';
import { sarif, targetPath } from '../../src/reporters/sarif.js';
import { context, mixedReport, rules, targetReport } from './real-report.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const schema = JSON.parse(readFileSync(join(packageRoot, 'test/reporters/fixtures/sarif-2.1.0.json'), 'utf8')) as object;
const validate = addFormats(new Ajv2020({ strict: false, allErrors: true })).compile(schema);

function check(log: unknown): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
}

describe('sarif', () => {
  const { report } = mixedReport();
  const log = JSON.parse(sarif(report, context())) as Log;
  const run = log.runs[0]!;
  const results = run.results ?? [];

  it('validates against the SARIF 2.1.0 schema', () => {
    check(log);
  });

  it('the schema check itself rejects an invalid level (it can fail)', () => {
    const bad = structuredClone(log);
    (bad.runs[0]!.results![0] as { level: string }).level = 'critical';
    expect(validate(bad)).toBe(false);
  });

  it('carries a rule table with title, rationale, remediation and a link to docs/rules/<alias>.md', () => {
    const table = run.tool.driver.rules ?? [];
    expect(table.map((r) => r.id)).toEqual(rules.map((r) => r.id).sort());
    for (const d of table) {
      const rule = rules.find((r) => r.id === d.id)!;
      expect(d.name).toBe(rule.alias);
      expect(d.shortDescription?.text).toBe(rule.title);
      expect(d.fullDescription?.text).toBe(rule.rationale);
      expect(d.help?.text).toContain(rule.remediation);
      expect(d.help?.markdown).toContain(rule.remediation);
      expect(d.helpUri).toMatch(new RegExp(`/docs/rules/${rule.alias}\\.md$`));
      expect(existsSync(join(packageRoot, 'docs/rules', `${rule.alias}.md`))).toBe(true);
      expect(d.defaultConfiguration?.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[rule.severity]);
    }
  });

  it('has one result per finding of a failed or waived rule, and one per unknown rule', () => {
    const expected = report.targets.flatMap((t) =>
      t.results.flatMap((r) => {
        if (r.status === 'unknown') return [`${t.target}|${r.ruleId}|`];
        if (r.status !== 'fail' && r.status !== 'waived') return [];
        return r.findings.length ? r.findings.map((f) => `${t.target}|${r.ruleId}|${f.resource}`) : [`${t.target}|${r.ruleId}|`];
      }),
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(results.map((r) => r.partialFingerprints?.['preseal/v1'])).toEqual(expected);
    for (const r of results) expect(run.tool.driver.rules?.[r.ruleIndex!]?.id).toBe(r.ruleId);
  });

  it('levels each finding by its own (or its configured) severity and marks unknown rules for review', () => {
    for (const t of report.targets) {
      for (const r of t.results) {
        const mine = results.filter((x) => x.properties?.['target'] === t.target && x.ruleId === r.ruleId);
        if (r.status === 'fail')
          expect(mine.filter((x) => !x.suppressions).map((x) => [x.kind, x.level])).toEqual(
            r.findings.filter((f) => !f.waived).map((f) => ['fail', { error: 'error', warning: 'warning', info: 'note' }[f.severity]]),
          );
        if (r.status === 'unknown') expect(mine.map((x) => [x.kind, x.level])).toEqual([['review', 'none']]);
      }
    }
    // The fixture re-levels one rule to warning in the config: the SARIF level follows.
    expect(results.some((x) => x.level === 'warning')).toBe(true);
  });

  it('reports waived findings with their justification as an accepted external suppression', () => {
    const waivedFindings = report.targets.flatMap((t) => t.results.flatMap((r) => r.findings.filter((f) => f.waived).map((f) => f.waived!.justification)));
    const wholeWaived = report.targets.flatMap((t) => t.results.filter((r) => r.status === 'waived' && r.findings.length === 0).map((r) => r.reason));
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.suppressions?.[0]?.justification).sort()).toEqual([...waivedFindings, ...wholeWaived].sort());
    expect(suppressed.length).toBeGreaterThanOrEqual(2);
    for (const r of suppressed) expect(r.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: expect.any(String) }]);
  });

  it('anchors each result to a repository-relative path and names the machine in a logical location', () => {
    for (const r of results as Result[]) {
      const loc = r.locations?.[0];
      const uri = loc?.physicalLocation?.artifactLocation?.uri ?? '';
      expect(uri).toMatch(/^preseal\/[A-Za-z0-9._@/-]+$/);
      expect(uri).not.toMatch(/^[a-z]+:/i);
      expect(loc?.logicalLocations?.[0]).toMatchObject({ fullyQualifiedName: r.properties?.['target'], kind: 'module' });
      if (r.properties?.['resource']) expect(loc?.logicalLocations?.[1]).toMatchObject({ name: r.properties['resource'], kind: 'resource' });
      expect((r.message.text ?? '').startsWith(`${String(r.properties?.['target'])}: `)).toBe(true);
    }
    expect(targetPath('ssh://root@10.0.0.4:22')).toBe('preseal/ssh/root@10.0.0.4_22');
    expect(targetPath('facts:/tmp/web01.json')).toBe('preseal/facts_/tmp/web01.json');
    expect(targetPath('winrms://[fe80::1]:5986')).toBe('preseal/winrms/_fe80__1__5986');
  });

  it('records a target that could not be linted, and the notes, as tool execution notifications', () => {
    const inv = run.invocations?.[0];
    expect(inv?.executionSuccessful).toBe(false);
    const texts = (inv?.toolExecutionNotifications ?? []).map((n) => [n.level, n.message.text]);
    expect(texts).toContainEqual(['error', 'ssh://nobody@192.0.2.1: could not lint (connect): connection refused (ECONNREFUSED) (hint: is sshd running?)']);
    const notes = report.targets.flatMap((t) => (t.notes ?? []).map((n) => ['warning', `${t.target}: ${n}`]));
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(texts).toContainEqual(n);
  });

  it('is deterministic', () => {
    expect(sarif(mixedReport().report, context())).toBe(sarif(mixedReport().report, context()));
  });

  it('validates for an empty report and a single target, with a per-target category', () => {
    check(JSON.parse(sarif(buildReport([], 'error', false), context())));
    const one = JSON.parse(sarif(buildReport([report.targets[0]!], 'error', false), context())) as Log;
    check(one);
    expect(one.runs[0]?.automationDetails?.id).toBe('preseal/ssh/root@10.0.0.4_22/');
  });

  it.runIf(process.platform === 'linux')('validates for this machine, collected by the real probe', async () => {
    const envelope = await collectFacts(
      { kind: 'local', raw: 'local' },
      {
        timeoutMs: 60_000,
        acceptNewHostKey: false,
        sudo: false,
        passwordEnv: 'PRESEAL_PASSWORD',
        auth: 'ntlm',
        insecureSkipTlsVerify: false,
        insecureAllowUnencrypted: false,
      },
    );
    const real = buildReport([targetReport('local', envelope)], 'error', false);
    const text = sarif(real, context());
    check(JSON.parse(text));
    const failures = real.targets[0]!.results.filter((r) => r.status === 'fail').flatMap((r) => r.findings);
    expect((JSON.parse(text) as Log).runs[0]?.results?.filter((r) => r.kind === 'fail')).toHaveLength(failures.length);
  });
});
