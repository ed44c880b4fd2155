import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import type { Hive } from '../../src/windows-offline/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const HIVES = join(here, '../../fixtures/windows-hives');
const DUMP = join(here, 'hivex-dump.py');
const BUILD = join(here, '../../scripts/windows-hives/build-test-hive.py');
export const MAKE_DIRT_LOG = join(here, '../../scripts/windows-hives/make-dirt-log.py');
/** Debian's python, which has python3-hivex (the pyenv python on PATH does not). */
export const PYTHON = '/usr/bin/python3';

/** The oracle must exist: a test that silently skipped it would prove nothing. */
export function requireHivex(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import hivex'], { stdio: 'pipe' });
  } catch {
    throw new Error('python3-hivex is needed as the test oracle: apt-get install -y python3-hivex libhivex-bin');
  }
}

const made: string[] = [];
// Unpacked hives are large (SYSTEM is 11 MB): each test file removes its own when it ends
// (vitest loads this module afresh for every test file, so the hook joins that file's suite).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Gunzips fixture files (names without .gz) into a new temporary directory; returns it. */
export function unpack(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'preseal-hive-'));
  made.push(dir);
  for (const n of names) writeFileSync(join(dir, n), gunzipSync(readFileSync(join(HIVES, `${n}.gz`))));
  return dir;
}

/** One JSON line per key, depth first: {path, values: [name, type, hex]} as hivex-dump.py prints. */
export function hivexDump(path: string): string[] {
  const out = execFileSync(PYTHON, [DUMP, path], { maxBuffer: 1 << 30, encoding: 'utf8' });
  return out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.stringify(JSON.parse(l)));
}

/** The same walk with preseal's reader. */
export function readerDump(hive: Hive): string[] {
  const lines: string[] = [];
  for (const { path, key } of hive.walk()) {
    const values = hive.values(key).map((v) => [v.name, v.type, Buffer.from(v.data).toString('hex')]);
    lines.push(JSON.stringify({ path: path.join('\\'), values }));
  }
  return lines;
}

/** Index of the first line that differs, or -1: lets a failing test print that line only. */
export function firstDifference(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

export interface HiveSpec {
  /** false: edit `base` as it is instead of starting from the emptied BCD store. */
  clear?: boolean;
  keys: { path: string[]; values?: { name: string; type: number; hex: string }[] }[];
}

/** Writes a hive with python3-hivex (scripts/windows-hives/build-test-hive.py); returns its path. */
export function buildHive(spec: HiveSpec, dir: string, name: string, base = join(unpack('BCD'), 'BCD')): string {
  const specPath = join(dir, `${name}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const out = join(dir, name);
  execFileSync(PYTHON, [BUILD, base, specPath, out], { stdio: 'pipe' });
  return out;
}
