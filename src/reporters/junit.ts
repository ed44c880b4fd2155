import { gates } from '../engine/results.js';
import type { RuleResult, TargetReport } from '../types.js';
import type { Reporter, ReporterContext } from './types.js';

// XML 1.0 allows tab, LF, CR and these ranges only; remote output may carry other control characters.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Attribute values: line breaks kept as character references, so parsers do not fold them into spaces. */
function attr(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

type Outcome = { kind: 'failure' | 'error' | 'skipped'; message: string; type: string; body?: string } | { kind: 'passed'; out?: string };

function details(r: RuleResult): string {
  const lines = [...r.evidence];
  for (const f of r.findings)
    if (f.waived) lines.push(`waived: ${f.resource}: ${f.waived.justification}${f.waived.expires ? ` (until ${f.waived.expires})` : ''}`);
  lines.push(`fix: ${r.remediation}`);
  return lines.join('\n');
}

/** failure = a rule failed at or above --fail-on; error = it could not be decided; skipped = waived, off or not applicable. */
function outcome(r: RuleResult, ctx: ReporterContext): Outcome {
  const gating = gates(r, ctx.failOn, ctx.allowUnknown);
  switch (r.status) {
    case 'fail':
      if (gating) return { kind: 'failure', message: r.message, type: r.severity, body: details(r) };
      return {
        kind: 'passed',
        out: `${r.severity}${r.cleanedBy ? ` (${r.cleanedBy} cleans this)` : ''}, below --fail-on ${ctx.failOn}: ${r.message}\n${details(r)}`,
      };
    case 'unknown':
      if (gating) return { kind: 'error', message: `could not be checked: ${r.reason ?? r.message}`, type: 'unknown' };
      return { kind: 'skipped', message: `unknown (allowed): ${r.reason ?? r.message}`, type: 'unknown' };
    case 'waived':
      return { kind: 'skipped', message: `waived: ${r.reason ?? ''}`, type: 'waived', body: details(r) };
    case 'skipped':
      return { kind: 'skipped', message: `skipped: ${r.reason ?? r.message}`, type: 'skipped' };
    case 'not-applicable':
      return { kind: 'skipped', message: `not applicable: ${r.reason ?? r.message}`, type: 'not-applicable' };
    case 'pass':
      return { kind: 'passed' };
  }
}

function testcase(classname: string, name: string, o: Outcome): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(name)}" time="0"`;
  if (o.kind === 'passed') return o.out ? `${open}>\n      <system-out>${xmlEscape(o.out)}</system-out>\n    </testcase>` : `${open}/>`;
  const body = o.body ? `${xmlEscape(o.body)}` : '';
  const tag =
    o.kind === 'skipped' && !body
      ? `<skipped message="${attr(o.message)}"/>`
      : `<${o.kind} message="${attr(o.message)}" type="${attr(o.type)}">${body}</${o.kind}>`;
  return `${open}>\n      ${tag}\n    </testcase>`;
}

function suite(t: TargetReport, ctx: ReporterContext): { xml: string; counts: Counts } {
  const classname = `preseal.${t.target}`;
  const cases: string[] = [];
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const add = (name: string, o: Outcome) => {
    counts.tests++;
    if (o.kind === 'failure') counts.failures++;
    else if (o.kind === 'error') counts.errors++;
    else if (o.kind === 'skipped') counts.skipped++;
    cases.push(testcase(classname, name, o));
  };
  if (t.error) {
    add('lint', {
      kind: 'error',
      message: `could not lint (${t.error.step}): ${t.error.message}`,
      type: t.error.step,
      ...(t.error.hint ? { body: `hint: ${t.error.hint}` } : {}),
    });
  }
  for (const r of [...t.results].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0))) add(`${r.ruleId} ${r.slug}`, outcome(r, ctx));
  const props: [string, string][] = [['target', t.target]];
  if (t.platform) props.push(['platform', t.platform]);
  if (t.os) props.push(['os', `${t.os.name} ${t.os.version}`.trim()]);
  const lines = [
    `  <testsuite name="${attr(t.target)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(t.durationMs)}" hostname="${attr(t.target)}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    '    </properties>',
    ...cases,
  ];
  if (t.notes?.length) lines.push(`    <system-out>${xmlEscape(t.notes.map((n) => `note: ${n}`).join('\n'))}</system-out>`);
  lines.push('  </testsuite>');
  return { xml: lines.join('\n'), counts };
}

/**
 * JUnit XML as Azure DevOps PublishTestResults@2 (testResultsFormat: JUnit) and the GitHub test
 * reporters read it: one testsuite per target, one testcase per rule.
 */
export const junit: Reporter = (report, ctx) => {
  const suites = report.targets.map((t) => suite(t, ctx));
  const total = suites.reduce<Counts>(
    (s, x) => ({
      tests: s.tests + x.counts.tests,
      failures: s.failures + x.counts.failures,
      errors: s.errors + x.counts.errors,
      skipped: s.skipped + x.counts.skipped,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  const time = seconds(report.targets.reduce((n, t) => n + t.durationMs, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="preseal" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${time}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
};
