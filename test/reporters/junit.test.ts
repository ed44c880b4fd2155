import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { gates } from '../../src/engine/results.js';
import { TargetError } from '../../src/errors.js';
import { buildReport, errorReport } from '../../src/lint.js';
import { junit } from '../../src/reporters/junit.js';
import type { RuleResult } from '../../src/types.js';
import { context, failingTarget, mixedReport } from './real-report.js';

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  textNodeName: '#text',
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
});

function parse(xml: string): { testsuites: Node & { testsuite: (Node & { testcase: Node[] })[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as never;
}

function kindOf(tc: Node): string {
  return tc['failure'] !== undefined ? 'failure' : tc['error'] !== undefined ? 'error' : tc['skipped'] !== undefined ? 'skipped' : 'passed';
}

function expectedKind(r: RuleResult, failOn: 'error' | 'warning' | 'info' | 'none', allowUnknown: boolean): string {
  const gating = gates(r, failOn, allowUnknown);
  if (r.status === 'fail') return gating ? 'failure' : 'passed';
  if (r.status === 'unknown') return gating ? 'error' : 'skipped';
  return r.status === 'pass' ? 'passed' : 'skipped';
}

describe('junit', () => {
  const { report } = mixedReport();

  for (const [failOn, allowUnknown] of [
    ['error', false],
    ['warning', false],
    ['none', true],
  ] as const) {
    it(`has one suite per target and one case per rule, by what gates (--fail-on ${failOn}${allowUnknown ? ', --allow-unknown' : ''})`, () => {
      const doc = parse(junit(report, context({ failOn, allowUnknown })));
      const suites = doc.testsuites.testsuite;
      expect(suites.map((s) => s['@name'])).toEqual(report.targets.map((t) => t.target));
      let totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
      report.targets.forEach((t, i) => {
        const suite = suites[i]!;
        const kinds = suite.testcase.map(kindOf);
        const expected = t.error
          ? ['error']
          : [...t.results].sort((a, b) => a.ruleId.localeCompare(b.ruleId)).map((r) => expectedKind(r, failOn, allowUnknown));
        expect(kinds).toEqual(expected);
        expect(suite.testcase.map((tc) => tc['@name'])).toEqual(
          t.error ? ['lint'] : [...t.results].sort((a, b) => a.ruleId.localeCompare(b.ruleId)).map((r) => `${r.ruleId} ${r.slug}`),
        );
        for (const tc of suite.testcase) expect(tc['@classname']).toBe(`preseal.${t.target}`);
        const count = (k: string) => kinds.filter((x) => x === k).length;
        expect([suite['@tests'], suite['@failures'], suite['@errors'], suite['@skipped']]).toEqual([
          String(kinds.length),
          String(count('failure')),
          String(count('error')),
          String(count('skipped')),
        ]);
        totals = {
          tests: totals.tests + kinds.length,
          failures: totals.failures + count('failure'),
          errors: totals.errors + count('error'),
          skipped: totals.skipped + count('skipped'),
        };
      });
      const top = doc.testsuites;
      expect([top['@tests'], top['@failures'], top['@errors'], top['@skipped']]).toEqual(
        [totals.tests, totals.failures, totals.errors, totals.skipped].map(String),
      );
    });
  }

  it('puts the evidence, the waived findings and the fix in the failure body, and times in seconds', () => {
    const doc = parse(junit(report, context()));
    const linux = doc.testsuites.testsuite[0]!;
    expect(linux['@time']).toBe('1.234');
    const t = report.targets[0]!;
    const failed = t.results.find((r) => r.status === 'fail' && gates(r, 'error', false));
    if (failed) {
      const tc = linux.testcase.find((x) => x['@name'] === `${failed.ruleId} ${failed.slug}`)!;
      const failure = tc['failure'] as Node;
      expect(failure['@message']).toBe(failed.message);
      expect(failure['@type']).toBe(failed.severity);
      for (const e of failed.evidence) expect(failure['#text']).toContain(e);
      expect(failure['#text']).toContain(`fix: ${failed.remediation}`);
    }
    const waived = t.results.find((r) => r.status === 'waived')!;
    const tc = linux.testcase.find((x) => x['@name'] === `${waived.ruleId} ${waived.slug}`)!;
    expect((tc['skipped'] as Node)['@message']).toBe(`waived: ${waived.reason}`);
    expect((tc['skipped'] as Node)['#text']).toContain(`waived: ${waived.findings[0]!.resource}: ${waived.reason}`);
    const partly = t.results.find((r) => r.status === 'fail' && r.findings.some((f) => f.waived))!;
    const failure = linux.testcase.find((x) => x['@name'] === `${partly.ruleId} ${partly.slug}`)!['failure'] as Node;
    expect(failure['#text']).toContain(
      `waived: ${partly.findings.find((f) => f.waived)!.resource}: Rebuilt at first boot | by the "firstboot" unit <ok> (until 2027-01-01)`,
    );
    for (const f of partly.findings.filter((x) => !x.waived)) expect(failure['#text']).toContain(f.resource);
    const notes = linux['system-out'] as string;
    for (const n of t.notes ?? []) expect(notes).toContain(n);
  });

  it('makes a target that could not be linted an error with its step and hint', () => {
    const doc = parse(junit(report, context()));
    const suite = doc.testsuites.testsuite[2]!;
    const error = suite.testcase[0]!['error'] as Node;
    expect(error['@message']).toBe('could not lint (connect): connection refused (ECONNREFUSED)');
    expect(error['@type']).toBe('connect');
    expect(error['#text']).toBe('hint: is sshd running?');
  });

  it('escapes markup and strips characters XML 1.0 forbids, keeping the rest of the text', () => {
    const nasty = 'ssh://a&b<c>"d"\'e\u0001\u001b[31m@host';
    const broken = errorReport(nasty, new TargetError(nasty, 'probe', 'bad output: \u0000\u0007 <xml> & "quotes"\nsecond line', 'line\u000bfeed'), 5);
    const linux = failingTarget('linux', nasty);
    const xml = junit(buildReport([broken, linux], 'error', false), context());
    const doc = parse(xml);
    expect(doc.testsuites.testsuite[0]!['@name']).toBe('ssh://a&b<c>"d"\'e\uFFFD\uFFFD[31m@host');
    const error = doc.testsuites.testsuite[0]!.testcase[0]!['error'] as Node;
    expect(error['@message']).toBe('could not lint (probe): bad output: \uFFFD\uFFFD <xml> & "quotes"\nsecond line');
    expect(error['#text']).toBe('hint: line\uFFFDfeed');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});
