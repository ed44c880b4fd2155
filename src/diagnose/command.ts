import { dirname, resolve } from 'node:path';
import { withoutRepeatedErrors } from '../../rules/windows/lib/panther.js';
import { UsageError } from '../errors.js';
import { displaySafe } from '../display.js';
import { classifyEntries, isErrorsOnlyFile, parseEntry, splitEntries, type Diagnosis, type Unrecognized } from './match.js';
import { renderPretty } from './pretty.js';
import { readLog, resolveLogFiles } from './read.js';

export interface DiagnoseReport {
  schemaVersion: 1;
  diagnoses: Diagnosis[];
  unrecognized: Unrecognized[];
}

export interface DiagnoseResult {
  report: DiagnoseReport;
  files: string[];
  noise: number;
  /** Per setuperr.log: error lines left out because the setupact.log beside it has them too. */
  repeated: Record<string, number>;
}

/**
 * Reads the logs behind `paths` and classifies every error line. setuperr.log repeats the error
 * lines of the setupact.log beside it, so those repeats are dropped to report each line once.
 */
export function diagnosePaths(paths: readonly string[]): DiagnoseResult {
  if (paths.length === 0) throw new UsageError('no path given', 'preseal diagnose C:\\Windows\\System32\\Sysprep\\Panther');
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    for (const f of resolveLogFiles(p)) {
      const key = resolve(f);
      if (!seen.has(key)) {
        seen.add(key);
        files.push(f);
      }
    }
  }
  const logs = files.map(readLog);
  checkSetupLogs(logs);
  const report: DiagnoseReport = { schemaVersion: 1, diagnoses: [], unrecognized: [] };
  let noise = 0;
  const repeated: Record<string, number> = {};
  const split = logs.map((log) => ({ path: log.path, entries: splitEntries(log.content) }));
  for (const log of withoutRepeatedErrors(split, (p) => resolve(dirname(p)))) {
    if (log.repeated > 0) repeated[log.path] = log.repeated;
    const c = classifyEntries(log.path, log.entries, isErrorsOnlyFile(log.path));
    report.diagnoses.push(...c.diagnoses);
    report.unrecognized.push(...c.unrecognized);
    noise += c.noise;
  }
  return { report, files, noise, repeated };
}

/**
 * A file with text but not one Setup log line (`<date> <time>, Error …`) is not a Panther log, e.g.
 * /etc/passwd: that is an input error (exit 2), not a clean run. Empty files (a healthy
 * setuperr.log) are fine.
 */
function checkSetupLogs(logs: readonly { path: string; content: string }[]): void {
  const withText = logs.filter((l) => l.content.trim() !== '');
  if (withText.length === 0) return;
  const foreign = withText.filter((l) => !splitEntries(l.content).some((e) => parseEntry(e.text).level !== null));
  if (foreign.length === withText.length) {
    const names = foreign
      .slice(0, 3)
      .map((l) => displaySafe(l.path, 300))
      .join(', ');
    throw new UsageError(
      `found no Setup log lines in ${names}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}`,
      'give the Panther folder or its setupact.log / setuperr.log (C:\\Windows\\System32\\Sysprep\\Panther, C:\\Windows\\Panther)',
    );
  }
}

export async function diagnoseCommand(paths: string[], format: string): Promise<number> {
  if (format !== 'json' && format !== 'pretty') throw new UsageError(`--format ${format} is not supported by diagnose`, 'use pretty or json');
  const result = diagnosePaths(paths);
  const { report } = result;
  if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderPretty(result, process.stdout.isTTY === true));
  return report.diagnoses.length + report.unrecognized.length > 0 ? 1 : 0;
}
