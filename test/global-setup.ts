import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Bundles the CLI once (esbuild, a second or two) so every end-to-end test runs the current sources. */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
