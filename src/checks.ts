import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displaySafe } from './display.js';
import { UsageError } from './errors.js';
import type { TargetSpec } from './targets.js';

/** An input file named by a flag must exist and be a readable file: said plainly, not as ENOENT. */
export function checkInputFile(flag: string, file: string): void {
  const shown = displaySafe(file, 300);
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${flag} ${shown}: no such file` : `${flag} ${shown}: cannot read it (${code ?? (e as Error).message})`);
  }
  if (!isFile) throw new UsageError(`${flag} ${shown}: not a file`);
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new UsageError(`${flag} ${shown}: not readable (permission denied)`);
  }
}

/** The same file, whether or not it exists yet. */
function identity(file: string): string {
  const full = resolve(file);
  try {
    return realpathSync(full);
  } catch {
    try {
      return resolve(realpathSync(dirname(full)), full.slice(dirname(full).length + 1));
    } catch {
      return full;
    }
  }
}

function checkWritable(file: string): void {
  const shown = displaySafe(file, 300);
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new UsageError(`--output ${shown} is a folder, not a file`);
    try {
      accessSync(file, constants.W_OK);
    } catch {
      throw new UsageError(`--output ${shown}: cannot write it (permission denied)`);
    }
    return;
  }
  const dir = dirname(resolve(file));
  if (!existsSync(dir)) throw new UsageError(`--output ${shown}: the folder ${displaySafe(dir, 300)} does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--output ${shown}: cannot create it in ${displaySafe(dir, 300)} (permission denied)`);
  }
}

/**
 * Checks every output file before anything is linted: it can be written, no two formats share a
 * file (one would silently overwrite the other), and none is a facts: file being read.
 */
export function checkOutputs(outputs: readonly { format: string; file?: string | undefined }[], targets: readonly TargetSpec[]): void {
  const seen = new Map<string, string>();
  const inputs = new Map(targets.flatMap((t) => (t.kind === 'facts' ? [[identity(t.path), t.raw] as const] : [])));
  for (const o of outputs) {
    if (!o.file) continue;
    const id = identity(o.file);
    const other = seen.get(id);
    if (other !== undefined)
      throw new UsageError(`--format ${other} and --format ${o.format} would both write ${displaySafe(o.file, 300)}`, 'give each format its own file');
    const input = inputs.get(id);
    if (input !== undefined)
      throw new UsageError(
        `--output ${displaySafe(o.file, 300)} is the facts file being linted (${displaySafe(input, 300)})`,
        'write the report to another file',
      );
    seen.set(id, o.format);
    checkWritable(o.file);
  }
}
