import { capList, mdCode, mdTrusted, moreLine } from '../display.js';
import { humanView } from '../image-paths.js';
import { gates, sortForDisplay } from '../engine/results.js';
import type { Report, RuleResult, TargetReport } from '../types.js';
import { ruleDocsUrl } from './sarif.js';
import type { Reporter, ReporterContext } from './types.js';

const MAX_ROWS = 50;
const MAX_EVIDENCE = 10;

/**
 * Target text for a GFM table cell: each line an inert code span (no links, images, autolinks,
 * @mentions or HTML render), control characters as visible escapes, lines joined with <br>.
 */
export function cell(text: string): string {
  return text
    .split('\n')
    .map((line) => mdCode(line))
    .join('<br>');
}

function icon(r: RuleResult, gating: boolean): string {
  if (r.status === 'waived') return '➖';
  if (r.status === 'unknown') return gating ? '❓' : '❔';
  if (!gating) return 'ℹ️';
  return r.severity === 'error' ? '❌' : '⚠️';
}

/** The finding cell: capped evidence with a correct count of the rest, waivers, or why unknown. */
function findingCell(r: RuleResult): string {
  if (r.status === 'unknown') return `could not be checked: ${mdCode(r.reason ?? r.message)}`;
  const lines: string[] = [];
  if (r.status === 'fail') {
    const unlisted = r.unlisted ?? 0;
    const { shown, more } = capList(r.evidence, MAX_EVIDENCE, unlisted);
    lines.push(...shown.map((e) => mdCode(e)));
    if (more) lines.push(moreLine(more - unlisted, unlisted));
  }
  const waived = r.findings.filter((f) => f.waived);
  const { shown, more } = capList(waived, MAX_EVIDENCE);
  for (const f of shown)
    lines.push(`waived: ${mdCode(f.resource)}: ${mdCode(`${f.waived?.justification ?? ''}${f.waived?.expires ? ` (until ${f.waived.expires})` : ''}`)}`);
  if (more) lines.push(`… and ${more} more waived (--format json for all)`);
  if (r.status === 'waived' && waived.length === 0) lines.push(`waived: ${mdCode(r.reason ?? '')}`);
  return lines.join('<br>');
}

function severityText(r: RuleResult, gating: boolean): string {
  const base = r.cleanedBy ? `${r.severity} (${r.cleanedBy} cleans this)` : r.severity;
  return r.status === 'fail' && !gating ? `${base}, does not gate` : base;
}

function targetSection(report: TargetReport, ctx: ReporterContext): string[] {
  const t = humanView(report);
  const lines = [`### ${mdCode(t.target)}`, ''];
  if (t.error) {
    lines.push(`❌ **could not lint** (${t.error.step}): ${mdCode(t.error.message, 2000)}`);
    if (t.error.hint) lines.push('', `hint: ${mdCode(t.error.hint, 2000)}`);
    lines.push('');
    return lines;
  }
  const shown = sortForDisplay(t.results, ctx.failOn, ctx.allowUnknown).filter((r) => r.status === 'fail' || r.status === 'unknown' || r.status === 'waived');
  if (shown.length === 0) {
    lines.push(
      `✅ every rule passed or does not apply (${t.summary.pass} passed, ${t.summary.notApplicable} not applicable, ${t.summary.skipped} skipped)`,
      '',
    );
  } else {
    lines.push('| | rule | severity | finding | fix |', '| --- | --- | --- | --- | --- |');
    for (const r of shown.slice(0, MAX_ROWS)) {
      const gating = gates(r, ctx.failOn, ctx.allowUnknown);
      const fix = r.status === 'fail' || r.status === 'unknown' ? mdTrusted(r.remediation) : '';
      lines.push(
        `| ${icon(r, gating)} | [${r.ruleId} ${r.slug}](${ruleDocsUrl(r.slug)})<br>${mdTrusted(r.title)} | ${severityText(r, gating)} | ${findingCell(r)} | ${fix} |`,
      );
    }
    if (shown.length > MAX_ROWS) lines.push('', `… and ${shown.length - MAX_ROWS} more results (--format json for all)`);
    lines.push('');
  }
  const notes = capList(t.notes ?? [], MAX_EVIDENCE);
  for (const note of notes.shown) lines.push(`> **Note:** ${cell(note)}`, '');
  if (notes.more) lines.push(`> … and ${notes.more} more notes (--format json for all)`, '');
  return lines;
}

function targetRow(t: TargetReport, ctx: ReporterContext): string {
  const os = t.os ? `${t.os.name} ${t.os.version}`.trim() : (t.platform ?? '');
  const gating = t.results.filter((r) => gates(r, ctx.failOn, ctx.allowUnknown)).length;
  const verdict = t.error ? '❌ could not lint' : gating ? `❌ ${gating} gating` : '✅ ready';
  const s = t.summary;
  return `| ${mdCode(t.target)} | ${mdCode(os, 100)} | ${verdict} | ${s.fail} | ${s.unknown} | ${s.waived} | ${s.pass} | ${s.skipped} | ${s.notApplicable} |`;
}

/** A GitHub-flavoured Markdown summary for pull-request comments and job step summaries. */
export function markdownSummary(report: Report, ctx: ReporterContext): string {
  const failed = report.summary.failedTargets;
  const total = report.summary.targets;
  const verdict =
    failed === 0
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
