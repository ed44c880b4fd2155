import { Chalk, type ChalkInstance } from 'chalk';
import { capList, displaySafe, moreLine } from '../display.js';
import { humanView } from '../image-paths.js';
import { gates, sortForDisplay } from '../engine/results.js';
import type { Report, RuleResult, RunContext, RunSetting, TargetReport } from '../types.js';
import type { Reporter, ReporterContext } from './types.js';

/** Evidence lines per rule in the terminal; the rest is counted (the JSON report has them all). */
export const MAX_EVIDENCE = 5;
/** Notes per target in the terminal. */
const MAX_NOTES = 10;

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

/** A capped list of bullet lines with the "… and N more" line. */
function bullets(c: ChalkInstance, items: readonly string[], unlisted = 0): string[] {
  const { shown, more } = capList(items, MAX_EVIDENCE, unlisted);
  const lines = shown.map((e) => `    ${c.gray('•')} ${displaySafe(e)}`);
  if (more > 0) lines.push(`    ${c.gray(moreLine(more - unlisted, unlisted))}`);
  return lines;
}

function resultLines(c: ChalkInstance, r: RuleResult, ctx: ReporterContext): string[] {
  const gating = gates(r, ctx.failOn, ctx.allowUnknown);
  const lines = ['', `  ${marker(c, r)} ${c.bold(r.ruleId)} ${c.dim(r.slug)}  ${label(c, r)}${gating ? '' : c.gray('  (does not gate)')}`];
  if (r.status === 'fail') {
    // The problem found, object by object; the rule's title is the state it wants.
    lines.push(...bullets(c, r.evidence.length ? r.evidence : [r.message], r.unlisted ?? 0));
    const waived = r.findings.filter((f) => f.waived).length;
    if (waived) lines.push(`    ${c.gray(`(${waived} more waived)`)}`);
    lines.push(`    ${c.cyan('fix:')} ${displaySafe(r.remediation, 10_000)}`);
  } else if (r.status === 'waived') {
    const waived = r.findings.filter((f) => f.waived);
    lines.push(...bullets(c, waived.length ? waived.map((f) => `${f.resource}: ${f.waived?.justification ?? ''}`) : [r.reason ?? '']));
  } else if (r.status === 'unknown') {
    lines.push(`    could not check: ${r.title}`, `    ${c.gray(displaySafe(r.reason ?? r.message))}`);
  } else {
    lines.push(`    ${r.title}`, `    ${c.gray(displaySafe(r.reason ?? r.message))}`);
  }
  return lines;
}

/** One line for a result that does not gate: the marker, the rule and the problem found. */
function briefLine(c: ChalkInstance, r: RuleResult): string {
  const what = r.status === 'unknown' ? `could not check: ${r.reason ?? r.message}` : r.message;
  const head = `  ${marker(c, r)} ${c.bold(r.ruleId)} ${c.dim(r.slug)}  ${label(c, r)}  `;
  const room = Math.max(40, 116 - `${r.ruleId} ${r.slug}  ${r.severity}`.length - 6);
  const text = displaySafe(what, 2000);
  return `${head}${text.length > room ? `${text.slice(0, room - 1).replace(/[\ud800-\udbff]$/, '')}…` : text}`;
}

function summaryLine(c: ChalkInstance, t: TargetReport, ctx: ReporterContext): string {
  const s = t.summary;
  const gating = t.results.filter((r) => gates(r, ctx.failOn, ctx.allowUnknown)).length;
  const parts = [
    gating ? c.red.bold(`${gating} gating`) : c.green(`${gating} gating`),
    s.fail ? c.red(`${s.fail} failed`) : `${s.fail} failed`,
    s.unknown ? c.magenta(`${s.unknown} unknown`) : `${s.unknown} unknown`,
    c.green(`${s.pass} passed`),
    `${s.waived} waived`,
    `${s.skipped} skipped`,
    `${s.notApplicable} not applicable`,
  ];
  return `  ${parts.join(c.gray(' · '))}`;
}

/** What the rules were judged against, so a detected generalizer or cloud is never a silent guess. */
function contextLines(c: ChalkInstance, context: RunContext, verbose: boolean): string[] {
  const setting = (name: string, s: RunSetting) => `${name} ${displaySafe(s.value, 40)} (${s.source})`;
  const lines = [`  ${c.gray(`judged for ${setting('generalizer', context.generalizer)} · ${setting('cloud', context.cloud)}`)}`];
  if (verbose) for (const e of context.cloud.evidence ?? []) lines.push(`    ${c.gray(`cloud evidence: ${displaySafe(e, 300)}`)}`);
  return lines;
}

function targetBlock(c: ChalkInstance, report: TargetReport, ctx: ReporterContext): string[] {
  const t = humanView(report);
  const os = t.os ? displaySafe(`${t.os.name} ${t.os.version}`.trim(), 100) : (t.platform ?? '');
  const title = t.name !== undefined ? `${c.bold.underline(t.name)}  ${t.target}` : c.bold.underline(t.target);
  const lines = [`${title}${os ? `  ${c.gray(os)}` : ''}  ${c.gray(`${t.durationMs} ms`)}`];
  if (t.error) {
    lines.push(`  ${c.red('✖')} ${c.red(`could not lint (${t.error.step}):`)} ${displaySafe(t.error.message, 2000)}`);
    if (t.error.hint) lines.push(`    ${c.gray('hint:')} ${displaySafe(t.error.hint, 2000)}`);
    return lines;
  }
  if (t.context && !ctx.quiet) lines.push(...contextLines(c, t.context, ctx.verbose === true));
  const shown = sortForDisplay(t.results, ctx.failOn, ctx.allowUnknown).filter((r) =>
    ctx.quiet ? gates(r, ctx.failOn, ctx.allowUnknown) : r.status === 'fail' || r.status === 'unknown' || r.status === 'waived' || ctx.verbose,
  );
  // What gates is shown in full; what does not, one line each (--verbose for its evidence and fix),
  // so that the gating failures stay on the screen that ends with the verdict.
  const brief = shown.filter((r) => !ctx.verbose && (r.status === 'fail' || r.status === 'unknown') && !gates(r, ctx.failOn, ctx.allowUnknown));
  for (const r of shown) if (!brief.includes(r)) lines.push(...resultLines(c, r, ctx));
  if (brief.length) {
    lines.push('', `  ${c.gray(`does not gate (--verbose for evidence and fixes):`)}`);
    for (const r of brief) lines.push(briefLine(c, r));
  }
  if (!ctx.quiet) {
    const { shown: notes, more } = capList(t.notes ?? [], MAX_NOTES);
    for (const note of notes) lines.push('', `  ${c.yellow('note:')} ${displaySafe(note, 2000)}`);
    if (more) lines.push(`  ${c.gray(`… and ${more} more notes (--format json for all)`)}`);
  }
  lines.push('', summaryLine(c, t, ctx));
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
    return [
      t.name ?? t.target,
      t.platform ?? '-',
      String(t.summary.fail),
      String(t.summary.unknown),
      String(t.summary.pass),
      `${(t.durationMs / 1000).toFixed(1)} s`,
      status,
    ];
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
  const below = report.targets.reduce(
    (n, t) => n + t.results.filter((r) => (r.status === 'fail' || r.status === 'unknown') && !gates(r, ctx.failOn, ctx.allowUnknown)).length,
    0,
  );
  const belowNote = below ? c.yellow(` (${below} ${below === 1 ? 'result' : 'results'} below --fail-on ${ctx.failOn} still failed or unknown)`) : '';
  const verdict =
    failed === 0
      ? `${c.green.bold(`✔ ${total === 1 ? 'ready to generalize' : `all ${total} targets ready to generalize`}`)}${belowNote}`
      : total === 1 && unreachable === 1
        ? c.magenta.bold('✖ not linted: preseal could not check this target')
        : c.red.bold(
            `✖ ${total === 1 ? 'not ready to generalize' : `${failed} of ${total} targets not ready to generalize`}${unreachable && total > 1 ? ` (${unreachable} not linted)` : ''}`,
          );
  const table = total > 1 ? `${fleetTable(c, report.targets, ctx).join('\n')}\n\n` : '';
  return `${table}${verdict}\n`;
}

/** One target's block, as printed when that target finishes. */
export function prettyTarget(t: TargetReport, ctx: ReporterContext): string {
  return `${targetBlock(new Chalk({ level: ctx.color ? 1 : 0 }), t, ctx).join('\n')}\n\n`;
}

export const pretty: Reporter = (report, ctx) => `${report.targets.map((t) => prettyTarget(t, ctx)).join('')}${prettyTail(report, ctx)}`;
