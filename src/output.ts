import { writeFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import { FORMATS, loadReporter } from './reporters/index.js';
import type { ReporterContext } from './reporters/types.js';
import type { Report } from './types.js';

export interface OutputSpec {
  format: string;
  /** A file, or undefined for stdout. */
  file?: string;
}

/**
 * Pairs --format and --output by position (the i-th --output belongs to the i-th --format);
 * `--format sarif=out.sarif` names both at once. At most one format may go to stdout.
 */
export function pairOutputs(formats: readonly string[], outputs: readonly string[]): OutputSpec[] {
  const specs: OutputSpec[] = [];
  const files = [...outputs];
  for (const raw of formats.length ? formats : ['pretty']) {
    const eq = raw.indexOf('=');
    const format = eq >= 0 ? raw.slice(0, eq) : raw;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"`, `use one of: ${FORMATS.join(', ')}`);
    const file = eq >= 0 ? raw.slice(eq + 1) : files.shift();
    specs.push(file && file !== '-' ? { format, file } : { format });
  }
  if (files.length)
    throw new UsageError(
      `--output ${files.join(', ')} has no --format to go with it`,
      'give one --format per --output, e.g. --format sarif --output out.sarif',
    );
  if (specs.filter((s) => !s.file).length > 1)
    throw new UsageError('more than one format would go to standard output', 'give each extra format an --output FILE');
  return specs;
}

/** Colour only on a terminal; NO_COLOR turns it off, FORCE_COLOR on (https://no-color.org). */
export function wantColor(toTerminal: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return toTerminal;
}

export async function writeReports(report: Report, specs: readonly OutputSpec[], context: Omit<ReporterContext, 'color'>): Promise<void> {
  for (const spec of specs) {
    const reporter = await loadReporter(spec.format);
    const text = reporter(report, { ...context, color: wantColor(spec.file === undefined && process.stdout.isTTY === true) && spec.format === 'pretty' });
    if (spec.file) {
      try {
        writeFileSync(spec.file, text);
      } catch (e) {
        throw new UsageError(`cannot write ${spec.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    } else {
      process.stdout.write(text);
    }
  }
}
