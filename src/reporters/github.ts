import { appendFileSync } from 'node:fs';
import { capList, displaySafe, moreLine } from '../display.js';
import { humanView } from '../image-paths.js';
import { gates } from '../engine/results.js';
import type { Report, RuleResult, Severity } from '../types.js';
import { markdownSummary } from './markdown.js';
import { pretty } from './pretty.js';
import type { Reporter, ReporterContext } from './types.js';

type Command = 'error' | 'warning' | 'notice';

/** Evidence lines and notes per annotation; GitHub shows annotations in a small box. */
const MAX_ANNOTATION_LINES = 20;

// Escaping as in actions/toolkit packages/core/src/command.ts (escapeData, escapeProperty).
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(command: Command, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

const bySeverity: Record<Severity, Command> = { error: 'error', warning: 'warning', info: 'notice' };
const level: Record<Command, number> = { error: 0, warning: 1, notice: 2 };

function annotation(target: string, r: RuleResult, ctx: ReporterContext): { command: Command; line: string } | undefined {
  const title = `${r.ruleId} ${r.slug} (${target})`;
  const gating = gates(r, ctx.failOn, ctx.allowUnknown);
  let command: Command;
  let message: string;
  if (r.status === 'fail') {
    command = gating ? bySeverity[r.severity] : r.severity === 'error' ? 'warning' : 'notice';
    const waived = r.findings.filter((f) => f.waived).length;
    const { shown, more } = capList(r.evidence, MAX_ANNOTATION_LINES, r.unlisted ?? 0);
    // The problem found, object by object: the title (the rule's wanted state) is on its page.
    message = [
      ...shown.map((e) => displaySafe(e)),
      ...(more ? [moreLine(more - (r.unlisted ?? 0), r.unlisted ?? 0)] : []),
      ...(waived ? [`${waived} more waived`] : []),
      `fix: ${displaySafe(r.remediation, 10_000)}`,
    ].join('\n');
  } else if (r.status === 'unknown') {
    command = gating ? 'error' : 'warning';
    message = `could not check: ${r.title}\n${displaySafe(r.reason ?? r.message)}`;
  } else if (r.status === 'waived') {
    command = 'notice';
    message = `${r.title}\nwaived: ${displaySafe(r.reason ?? '')}`;
  } else {
    return undefined;
  }
  return { command, line: workflowCommand(command, { title }, message) };
}

/**
 * GitHub Actions workflow commands: one annotation per failed, unknown or waived rule (errors
 * first: GitHub shows only the first few of each level per step), then the plain report.
 */
export const github: Reporter = (report, ctx) => {
  const annotations: { command: Command; line: string }[] = [];
  for (const t of report.targets.map(humanView)) {
    if (t.error) {
      const message = `${displaySafe(t.error.message, 2000)}${t.error.hint ? `\nhint: ${displaySafe(t.error.hint, 2000)}` : ''}`;
      annotations.push({ command: 'error', line: workflowCommand('error', { title: `preseal could not lint ${t.target} (${t.error.step})` }, message) });
    }
    for (const r of t.results) {
      const a = annotation(t.target, r, ctx);
      if (a) annotations.push(a);
    }
    const { shown, more } = capList(t.notes ?? [], MAX_ANNOTATION_LINES);
    for (const note of shown)
      annotations.push({ command: 'warning', line: workflowCommand('warning', { title: `preseal note (${t.target})` }, displaySafe(note, 2000)) });
    if (more)
      annotations.push({
        command: 'warning',
        line: workflowCommand('warning', { title: `preseal note (${t.target})` }, `… and ${more} more notes (--format json for all)`),
      });
  }
  const sorted = annotations.map((a, i) => ({ ...a, i })).sort((a, b) => level[a.command] - level[b.command] || a.i - b.i);
  const plain = pretty(report, { ...ctx, color: false });
  return `${sorted.map((a) => a.line).join('\n')}${sorted.length ? '\n' : ''}${plain}`;
};

/**
 * Appends the Markdown summary to the file GitHub names in GITHUB_STEP_SUMMARY, when it is set.
 * Returns the file written, if any. A summary that cannot be written is a warning, not a failed gate.
 */
export function appendStepSummary(
  report: Report,
  ctx: ReporterContext,
  env: NodeJS.ProcessEnv = process.env,
  warn: (m: string) => void = (m) => void process.stderr.write(m),
): string | undefined {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (!file) return undefined;
  try {
    appendFileSync(file, markdownSummary(report, ctx));
    return file;
  } catch (e) {
    warn(`preseal: cannot append the step summary to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return undefined;
  }
}
