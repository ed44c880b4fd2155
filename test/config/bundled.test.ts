import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';

// scripts/build.mjs bundles the CLI with esbuild; there, yaml's CommonJS build reaches a dynamic
// import as a default export, and a YAML config once failed with "parse is not a function".
describe('config under the esbuild bundle', () => {
  it('parses a YAML config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-bundle-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, `export { parseConfig } from ${JSON.stringify(join(packageRoot, 'src/config.ts'))};\n`);
    await build({
      entryPoints: [entry],
      outdir: join(dir, 'out'),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outExtension: { '.js': '.mjs' },
      banner: { js: "import { createRequire as __presealRequire } from 'node:module'; const require = __presealRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const { parseConfig } = (await import(pathToFileURL(join(dir, 'out', 'entry.mjs')).href)) as typeof import('../../src/config.js');
    expect(await parseConfig('failOn: warning\nwaivers:\n  - rule: L036\n    justification: ok\n', 'c.yaml')).toEqual({
      failOn: 'warning',
      waivers: [{ rule: 'L036', justification: 'ok' }],
    });
  });
});
