// Bundles the CLI with esbuild into dist/cli/: one file per lazily loaded part instead of hundreds
// of modules, which halves cold start. ssh2 and node-powershell stay external (native addons).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startupPlugin } from './esbuild-startup.mjs';

// No clean first: other processes may be running the CLI from dist/cli while this builds, and
// chunk names carry a content hash. Chunks of earlier builds are removed afterwards, so the npm
// package (files: dist/cli/*.js) holds this build's only.
const outdir = new URL('../dist/cli', import.meta.url).pathname;
const result = await build({
  entryPoints: [new URL('../src/cli.ts', import.meta.url).pathname],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['ssh2', 'node-powershell', 'cpu-features'],
  // Bundled CommonJS dependencies call require(); ESM has none.
  banner: { js: "import { createRequire as __presealRequire } from 'node:module'; const require = __presealRequire(import.meta.url);" },
  plugins: [startupPlugin],
  logLevel: 'warning',
  metafile: true,
});
const current = new Set(Object.keys(result.metafile.outputs).map((o) => basename(o)));
for (const f of readdirSync(outdir)) if (!current.has(f)) rmSync(join(outdir, f), { force: true });
