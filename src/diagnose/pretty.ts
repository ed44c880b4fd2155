import { Chalk } from 'chalk';
import type { DiagnoseResult } from './command.js';
import { capList, displaySafe } from '../display.js';
import { isFollowOn, type Diagnosis } from './match.js';

/** Known causes and unrecognized lines shown per file; the JSON report has them all. */
const MAX_LINES = 20;

/** Human output: per file, the causes first with their fix, the follow-on lines folded under them. */
export function renderPretty(result: DiagnoseResult, color: boolean): string {
  const c = new Chalk(color ? {} : { level: 0 });
  const { report, files, noise } = result;
  const out: string[] = [];
  for (const file of files) {
    const diagnoses = report.diagnoses.filter((d) => d.file === file);
    const unrecognized = report.unrecognized.filter((u) => u.file === file);
    const repeats = result.repeated[file] ?? 0;
    if (diagnoses.length === 0 && unrecognized.length === 0) {
      const note =
        repeats > 0
          ? `${c.gray('=')} its ${repeats} error line${repeats === 1 ? '' : 's'} repeat the setupact.log beside it`
          : `${c.green('✔')} no error lines`;
      out.push(`${c.bold.underline(displaySafe(file, 1000))}`, `  ${note}`, '');
      continue;
    }
    out.push(c.bold.underline(displaySafe(file, 1000)));
    const causes = diagnoses.filter((d) => !isFollowOn(d.signature));
    const followOns = diagnoses.filter((d) => isFollowOn(d.signature));
    // A run whose only known lines are follow-ons still gets them explained.
    const listed = capList(causes.length > 0 ? causes : followOns, MAX_LINES);
    for (const d of listed.shown) out.push(...block(c, d));
    if (listed.more) out.push(`  ${c.gray(`… and ${listed.more} more (--format json for all)`)}`);
    if (causes.length > 0 && followOns.length > 0) {
      const shown = capList(followOns, MAX_LINES);
      const lines = `${shown.shown.map((d) => d.line).join(', ')}${shown.more ? ` and ${shown.more} more` : ''}`;
      out.push(`  ${c.gray(`+ ${followOns.length} follow-on line${followOns.length === 1 ? '' : 's'} of the same failure (lines ${lines})`)}`);
    }
    const odd = capList(unrecognized, MAX_LINES);
    for (const u of odd.shown) out.push(`  ${c.magenta('?')} ${c.gray(`line ${u.line}`)} unrecognized error line`, `      ${c.gray(displaySafe(u.text))}`);
    if (odd.more) out.push(`  ${c.gray(`… and ${odd.more} more unrecognized lines (--format json for all)`)}`);
    out.push('');
  }
  const causeCount = report.diagnoses.filter((d) => !isFollowOn(d.signature)).length;
  const parts = [
    `${causeCount} known cause${causeCount === 1 ? '' : 's'}`,
    `${report.diagnoses.length - causeCount} follow-on`,
    `${report.unrecognized.length} unrecognized`,
  ];
  if (noise > 0) parts.push(`${noise} harmless (seen in healthy runs)`);
  const clean = report.diagnoses.length + report.unrecognized.length === 0;
  out.push(
    `${clean ? c.green('no Sysprep errors found') : c.red('Sysprep errors found')}: ${parts.join(', ')} in ${files.length} file${files.length === 1 ? '' : 's'}`,
  );
  return `${out.join('\n')}\n`;
}

function block(c: InstanceType<typeof Chalk>, d: Diagnosis): string[] {
  const lines = [`  ${c.red('✖')} ${c.bold(displaySafe(d.title))}  ${c.gray(`line ${d.line}`)}${d.ruleId ? `  ${c.cyan(d.ruleId)}` : ''}`];
  if (d.object) lines.push(`      ${c.gray('object:')} ${displaySafe(d.object)}`);
  if (d.provider && d.provider !== d.object) lines.push(`      ${c.gray('provider:')} ${displaySafe(d.provider)}`);
  for (const code of d.codes) lines.push(`      ${c.gray('code:')}   ${code.code}${code.name ? ` ${code.name}` : ''}: ${code.meaning}`);
  if (d.causedBy !== null) lines.push(`      ${c.gray('follows:')} line ${d.causedBy}`);
  // Titles and causes of lines explained by their code or provider quote the log's own text.
  lines.push(`      ${c.gray('cause:')}  ${displaySafe(d.cause, 1000)}`);
  // The package the line names goes into the fix, as the lint's fixes fill in what they know.
  const fix =
    d.object && /^[A-Za-z0-9][A-Za-z0-9._~-]*_[A-Za-z0-9._~-]*_/.test(d.object)
      ? d.remediation.split('<PackageFullName>').join(displaySafe(d.object))
      : d.remediation;
  lines.push(`      ${c.gray('fix:')}    ${fix}`);
  lines.push(`      ${c.gray(displaySafe(d.text))}`);
  return lines;
}
