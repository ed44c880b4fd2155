import { readFileSync } from 'node:fs';
import { displaySafe } from '../display.js';
import { UsageError } from '../errors.js';
import { checkDepth, EnvelopeError, validateEnvelope, type FactsEnvelope } from '../facts/envelope.js';

/** Reads a file written by `preseal collect`. An unreadable or invalid file is an input error (exit 2). */
export function readFactsFile(target: string, path: string): FactsEnvelope {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `${target}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'give the file that `preseal collect -o FILE` wrote',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // The parser's message quotes the file: it is target text.
    throw new UsageError(`${target}: ${path} is not JSON: ${displaySafe((e as Error).message, 200)}`, 'give the file that `preseal collect -o FILE` wrote');
  }
  const shape = json as { schemaVersion?: unknown; platform?: unknown; facts?: unknown } | null;
  if (typeof shape !== 'object' || shape === null || Array.isArray(shape) || !('schemaVersion' in shape) || !('facts' in shape)) {
    throw new UsageError(
      `${target}: ${path} is not a preseal facts file (it has no schemaVersion and facts)`,
      'give the file that `preseal collect -o FILE` wrote',
    );
  }
  try {
    checkDepth(json);
    return validateEnvelope(json, { target, collectedAt: '' });
  } catch (e) {
    if (e instanceof EnvelopeError) throw new UsageError(`${target}: ${path}: ${displaySafe(e.message, 500)}`);
    throw e;
  }
}
