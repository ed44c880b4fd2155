import { Chalk, type ChalkInstance } from 'chalk';
import { gates } from '../config.js';
import type { RuleResult, Severity, TargetReport } from '../types.js';
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

export const pretty: Reporter = (report, ctx) => {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const blocks = report.targets.map((t) => targetBlock(c, t, ctx).join('\n'));
  const failed = report.summary.failedTargets;
  const total = report.summary.targets;
  const verdict = failed === 0
    ? c.green.bold(`✔ ${total === 1 ? 'ready to generalize' : `all ${total} targets ready to generalize`}`)
    : c.red.bold(`✖ ${total === 1 ? 'not ready to generalize' : `${failed} of ${total} targets not ready to generalize`}`);
  return `${blocks.join('\n\n')}\n\n${verdict}\n`;
};
