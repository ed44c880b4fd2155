import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const builtCli = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'cli.js');

/** The CLI tests run bin/preseal.js, which runs the bundle test/global-setup.ts builds before any test. */
export function ensureBuilt(): void {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: the vitest global setup (node scripts/build.mjs) did not build it`);
}
