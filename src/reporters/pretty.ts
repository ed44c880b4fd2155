import { Chalk, type ChalkInstance } from 'chalk';
import { gates } from '../results.js';
import type { Report, RuleResult, Severity, TargetReport } from '../types.js';
import type { Reporter, ReporterContext } from './types.js';

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function order(r: RuleResult): number {
  switch (r.status) {
    case 'fail': return severityRank[r.severity];
    case 'unknown': return 3;
    case 'waived': return 4;
    case 'skipped': return 5;
    case 'not-applicable': return 6;
    case 'pass': return 7;
  }
}

function marker(c: ChalkInstance, r: RuleResult): string {
  if (r.status === 'unknown') return c.magenta('?');
  if (r.status === 'waived') return c.gray('~');
  if (r.status === 'pass') return c.green('✔');
  if (r.status !== 'fail') return c.gray('-');
  return r.severity === 'error' ? c.red('✖') : r.severity === 'warning' ? c.yellow('⚠') : c.blue('ℹ');
}

function label(c: ChalkInstance, r: RuleResult): string {
  if (r.status === 'unknown') return c.magenta('unknown');
  if (r.status === 'waived') return c.gray('waived');
  if (r.status !== 'fail') return c.gray(r.status);
  const text = r.cleanedBy ? `info, ${r.cleanedBy} cleans this` : r.severity;
  return r.severity === 'error' ? c.red(text) : r.severity === 'warning' ? c.yellow(text) : c.blue(text);
}

function targetBlock(c: ChalkInstance, t: TargetReport, ctx: ReporterContext): string[] {
  const os = t.os ? `${t.os.name} ${t.os.version}`.trim() : t.platform ?? '';
  const lines = [`${c.bold.underline(t.target)}${os ? `  ${c.gray(os)}` : ''}  ${c.gray(`${t.durationMs} ms`)}`];
  if (t.error) {
    lines.push(`  ${c.red('✖')} ${c.red(`could not lint (${t.error.step}):`)} ${t.error.message}`);
    if (t.error.hint) lines.push(`    ${c.gray('hint:')} ${t.error.hint}`);
    return lines;
  }
  const shown = t.results
    .filter((r) => r.status === 'fail' || r.status === 'unknown' || r.status === 'waived' || ctx.verbose)
    .sort((a, b) => order(a) - order(b) || a.ruleId.localeCompare(b.ruleId));
  for (const r of shown) {
    lines.push('', `  ${marker(c, r)} ${c.bold(r.ruleId)} ${c.dim(r.slug)}  ${label(c, r)}${gates(r, ctx.failOn, ctx.allowUnknown) ? '' : c.gray('  (does not gate)')}`);
    if (r.status === 'fail') {
      lines.push(`    ${r.title}`);
      for (const e of r.evidence) lines.push(`    ${c.gray('•')} ${e}`);
      lines.push(`    ${c.cyan('fix:')} ${r.remediation}`);
    } else if (r.status === 'waived') {
      for (const f of r.findings) lines.push(`    ${c.gray('•')} ${f.resource}: ${f.waived?.justification ?? ''}`);
    } else {
      lines.push(`    ${r.title}`, `    ${c.gray(r.reason ?? r.message)}`);
    }
  }
  for (const note of t.notes ?? []) lines.push('', `  ${c.yellow('note:')} ${note}`);
  const s = t.summary;
  const parts = [
    s.fail ? c.red(`${s.fail} failed`) : `${s.fail} failed`,
    s.unknown ? c.magenta(`${s.unknown} unknown`) : `${s.unknown} unknown`,
    c.green(`${s.pass} passed`),
    `${s.waived} waived`,
    `${s.skipped} skipped`,
    `${s.notApplicable} not applicable`,
  ];
  lines.push('', `  ${parts.join(c.gray(' · '))}`);
  return lines;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A table of every target, for runs of more than one. */
function fleetTable(c: ChalkInstance, targets: readonly TargetReport[], ctx: ReporterContext): string[] {
  const rows = targets.map((t) => {
    const gating = t.results.filter((r) => gates(r, ctx.failOn, ctx.allowUnknown)).length;
    const status = t.error ? 'not linted' : gating > 0 ? 'not ready' : 'ready';
    return [t.target, t.platform ?? '-', String(t.summary.fail), String(t.summary.unknown), String(t.summary.pass), `${(t.durationMs / 1000).toFixed(1)} s`, status];
  });
  const head = ['target', 'platform', 'failed', 'unknown', 'passed', 'time', 'status'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => pad(cell, widths[i] as number)).join('  ')}`.trimEnd();
  const colour = (status: string, text: string) => (status === 'ready' ? c.green(text) : status === 'not ready' ? c.red(text) : c.magenta(text));
  return [c.bold(line(head)), ...rows.map((r) => colour(r[6] as string, line(r)))];
}

/** What follows the target blocks: the fleet table (several targets) and the verdict line. */
export function prettyTail(report: Report, ctx: ReporterContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const failed = report.summary.failedTargets;
  const total = report.summary.targets;
  const unreachable = report.targets.filter((t) => t.error).length;
  // Failures below --fail-on do not gate, but a green line must not hide them.
  const below = report.targets.reduce((n, t) => n + t.results.filter((r) => (r.status === 'fail' || r.status === 'unknown') && !gates(r, ctx.failOn, ctx.allowUnknown)).length, 0);
  const belowNote = below ? c.yellow(` (${below} ${below === 1 ? 'result' : 'results'} below --fail-on ${ctx.failOn} still failed or unknown)`) : '';
  const verdict = failed === 0
    ? `${c.green.bold(`✔ ${total === 1 ? 'ready to generalize' : `all ${total} targets ready to generalize`}`)}${belowNote}`
    : c.red.bold(`✖ ${total === 1 ? 'not ready to generalize' : `${failed} of ${total} targets not ready to generalize`}${unreachable && total > 1 ? ` (${unreachable} not linted)` : ''}`);
  const table = total > 1 ? `${fleetTable(c, report.targets, ctx).join('\n')}\n\n` : '';
  return `${table}${verdict}\n`;
}

/** One target's block, as printed when that target finishes. */
export function prettyTarget(t: TargetReport, ctx: ReporterContext): string {
  return `${targetBlock(new Chalk({ level: ctx.color ? 1 : 0 }), t, ctx).join('\n')}\n\n`;
}

export const pretty: Reporter = (report, ctx) => `${report.targets.map((t) => prettyTarget(t, ctx)).join('')}${prettyTail(report, ctx)}`;
