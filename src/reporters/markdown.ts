import { gates } from '../results.js';
import type { Report, RuleResult, Severity, TargetReport } from '../types.js';
import { ruleDocsUrl } from './sarif.js';
import type { Reporter, ReporterContext } from './types.js';

const MAX_ROWS = 50;
const MAX_EVIDENCE = 10;

/** Text for a GFM table cell: no raw HTML, no pipes that end the cell, line breaks as <br>. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function order(r: RuleResult): number {
  if (r.status === 'fail') return severityRank[r.severity];
  return r.status === 'unknown' ? 3 : 4;
}

function icon(r: RuleResult, gating: boolean): string {
  if (r.status === 'waived') return '➖';
  if (r.status === 'unknown') return gating ? '❓' : '❔';
  if (!gating) return 'ℹ️';
  return r.severity === 'error' ? '❌' : '⚠️';
}

function findingText(r: RuleResult): string {
  if (r.status === 'unknown') return `could not be checked: ${r.reason ?? r.message}`;
  const lines: string[] = [];
  if (r.status === 'fail') {
    lines.push(...r.evidence.slice(0, MAX_EVIDENCE));
    if (r.evidence.length > MAX_EVIDENCE) lines.push(`… and ${r.evidence.length - MAX_EVIDENCE} more`);
  }
  const waived = r.findings.filter((f) => f.waived);
  for (const f of waived.slice(0, MAX_EVIDENCE)) lines.push(`waived: ${f.resource}: ${f.waived?.justification ?? ''}${f.waived?.expires ? ` (until ${f.waived.expires})` : ''}`);
  if (r.status === 'waived' && waived.length === 0) lines.push(`waived: ${r.reason ?? ''}`);
  return lines.join('\n');
}

function severityText(r: RuleResult, gating: boolean): string {
  const base = r.cleanedBy ? `${r.severity} (${r.cleanedBy} cleans this)` : r.severity;
  return r.status === 'fail' && !gating ? `${base}, does not gate` : base;
}

function targetSection(t: TargetReport, ctx: ReporterContext): string[] {
  const lines = [`### \`${t.target.replace(/`/g, "'")}\``, ''];
  if (t.error) {
    lines.push(`❌ **could not lint** (${cell(t.error.step)}): ${cell(t.error.message)}`);
    if (t.error.hint) lines.push('', `hint: ${cell(t.error.hint)}`);
    lines.push('');
    return lines;
  }
  const shown = t.results
    .filter((r) => r.status === 'fail' || r.status === 'unknown' || r.status === 'waived')
    .sort((a, b) => order(a) - order(b) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  if (shown.length === 0) {
    lines.push(`✅ every rule passed or does not apply (${t.summary.pass} passed, ${t.summary.notApplicable} not applicable, ${t.summary.skipped} skipped)`, '');
  } else {
    lines.push('| | rule | severity | finding | fix |', '| --- | --- | --- | --- | --- |');
    for (const r of shown.slice(0, MAX_ROWS)) {
      const gating = gates(r, ctx.failOn, ctx.allowUnknown);
      const fix = r.status === 'fail' || r.status === 'unknown' ? cell(r.remediation) : '';
      lines.push(`| ${icon(r, gating)} | [${r.ruleId} ${r.slug}](${ruleDocsUrl(r.slug)})<br>${cell(r.title)} | ${severityText(r, gating)} | ${cell(findingText(r))} | ${fix} |`);
    }
    if (shown.length > MAX_ROWS) lines.push('', `… and ${shown.length - MAX_ROWS} more; see the full report.`);
    lines.push('');
  }
  for (const note of t.notes ?? []) lines.push(`> **Note:** ${cell(note)}`, '');
  return lines;
}

function targetRow(t: TargetReport, ctx: ReporterContext): string {
  const os = t.os ? `${t.os.name} ${t.os.version}`.trim() : t.platform ?? '';
  const gating = t.results.filter((r) => gates(r, ctx.failOn, ctx.allowUnknown)).length;
  const verdict = t.error ? '❌ could not lint' : gating ? `❌ ${gating} gating` : '✅ ready';
  const s = t.summary;
  return `| \`${t.target.replace(/`/g, "'")}\` | ${cell(os)} | ${verdict} | ${s.fail} | ${s.unknown} | ${s.waived} | ${s.pass} | ${s.skipped} | ${s.notApplicable} |`;
}

/** A GitHub-flavoured Markdown summary for pull-request comments and job step summaries. */
export function markdownSummary(report: Report, ctx: ReporterContext): string {
  const failed = report.summary.failedTargets;
  const total = report.summary.targets;
  const verdict = failed === 0
    ? `✅ ${total === 1 ? 'ready to generalize' : `all ${total} targets ready to generalize`}`
    : `❌ ${total === 1 ? 'not ready to generalize' : `${failed} of ${total} targets not ready to generalize`}`;
  const lines = [
    `## preseal: ${verdict}`,
    '',
    `Fails on: ${ctx.failOn}${ctx.failOn === 'none' ? '' : ' and above'}${ctx.allowUnknown ? '' : ', and on rules that could not be checked'}.`,
    '',
    '| target | OS | result | failed | unknown | waived | passed | skipped | not applicable |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.targets.map((t) => targetRow(t, ctx)),
    '',
  ];
  for (const t of report.targets) lines.push(...targetSection(t, ctx));
  lines.push(`<sub>preseal ${report.tool.version}</sub>`, '');
  return lines.join('\n');
}

export const markdown: Reporter = (report, ctx) => markdownSummary(report, ctx);
