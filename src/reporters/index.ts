import { UsageError } from '../errors.js';
import type { Reporter } from './types.js';

/** Reporters by format name, loaded on demand. */
const loaders: Record<string, () => Promise<Reporter>> = {
  pretty: async () => (await import('./pretty.js')).pretty,
  json: async () => (await import('./json.js')).json,
};

export const FORMATS = Object.keys(loaders);

export async function loadReporter(format: string): Promise<Reporter> {
  const load = loaders[format];
  if (!load) throw new UsageError(`unknown format "${format}"`, `use one of: ${FORMATS.join(', ')}`);
  return load();
}
