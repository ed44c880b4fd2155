import { UsageError } from '../errors.js';
import type { Reporter } from './types.js';

/** Reporters by format name, loaded on demand. */
const loaders: Record<string, () => Promise<Reporter>> = {
  pretty: async () => (await import('./pretty.js')).pretty,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  junit: async () => (await import('./junit.js')).junit,
  markdown: async () => (await import('./markdown.js')).markdown,
  github: async () => {
    const { github, appendStepSummary } = await import('./github.js');
    // The one reporter with a side effect the platform asks for: the job's step summary.
    return (report, context) => {
      appendStepSummary(report, context);
      return github(report, context);
    };
  },
};

export const FORMATS = Object.keys(loaders);

export async function loadReporter(format: string): Promise<Reporter> {
  const load = loaders[format];
  if (!load) throw new UsageError(`unknown format "${format}"`, `use one of: ${FORMATS.join(', ')}`);
  return load();
}
