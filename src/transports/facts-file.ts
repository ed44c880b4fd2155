import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { checkDepth, EnvelopeError, validateEnvelope, type FactsEnvelope } from '../facts/envelope.js';

/** Reads a file written by `preseal collect`. An unreadable or invalid file is an input error (exit 2). */
export function readFactsFile(target: string, path: string): FactsEnvelope {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${target}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'give the file that `preseal collect -o FILE` wrote');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${target}: ${path} is not JSON: ${(e as Error).message}`);
  }
  try {
    checkDepth(json);
    return validateEnvelope(json, { target, collectedAt: '' });
  } catch (e) {
    if (e instanceof EnvelopeError) throw new UsageError(`${target}: ${path}: ${e.message}`);
    throw e;
  }
}
