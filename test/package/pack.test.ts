// The npm package as it would be published: exactly what the CLI needs, installable into an empty
// folder from the tarball alone, and runnable from there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

interface Pkg {
  name: string;
  version: string;
  license: string;
  engines: { node: string };
  bin: Record<string, string>;
  files: string[];
  repository: { type: string; url: string };
  dependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Pkg;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

let tarball = '';
let packed: string[] = [];
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'preseal-pack-'));
  // dist/ is built by the test run's global setup; the package's `prepare` script would build it again.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info!.filename);
  packed = info!.files.map((f) => f.path).sort();
}, 120_000);

describe('package.json', () => {
  it('names the licence, the repository, the bin and the Node.js versions its dependencies support', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/preseal/preseal.git' });
    expect(pkg.bin).toEqual({ preseal: 'bin/preseal.js' });
    expect(readFileSync(join(repoRoot, pkg.bin['preseal']!), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    // The strictest dependency sets the floor: yargs 18 supports ^20.19.0 || ^22.12.0 || >=23.
    const yargs = JSON.parse(readFileSync(join(repoRoot, 'node_modules/yargs/package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(yargs.engines.node);
  });

  it('has a CHANGELOG entry for its version', () => {
    expect(readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8')).toContain(`## [${pkg.version}]`);
  });
});

describe(`npm pack`, () => {
  it('holds exactly the CLI, its probes, the config schema and the package documents', () => {
    const rel = (p: string) => relative(repoRoot, p).split('\\').join('/');
    const expected = [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'bin/preseal.js',
      'schema/preseal.config.schema.json',
      ...walk(join(repoRoot, 'dist/cli'))
        .filter((f) => f.endsWith('.js'))
        .map(rel),
      ...walk(join(repoRoot, 'src/probes'))
        .filter((f) => /\.(sh|ps1)$/.test(f))
        .map(rel),
    ].sort();
    expect(packed).toEqual(expected);
    expect(packed).toContain('dist/cli/cli.js');
    expect(packed.filter((f) => /\.(ts|map)$/.test(f) || f.startsWith('test/') || f.startsWith('docs/'))).toEqual([]);
  });

  it('installs into an empty folder and runs from there: --version matches package.json, lint facts: and explain work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-install-'));
    writeFileSync(join(dir, 'package.json'), '{ "name": "preseal-install-check", "private": true }\n');
    // Dependencies come from the npm cache when they are there (`npm ci` filled it), else the registry.
    const install = spawnSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    expect(install.status, install.stderr).toBe(0);
    const bin = join(dir, 'node_modules', '.bin', 'preseal');
    expect(existsSync(bin)).toBe(true);
    const run = (args: string[]) => spawnSync(bin, args, { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(run(['--version'])).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
    const lint = run(['lint', `facts:${join(repoRoot, 'fixtures/linux/dirty-tree.json')}`, '--format', 'json']);
    expect(lint.status, lint.stderr).toBe(1);
    const report = JSON.parse(lint.stdout) as { tool: { version: string }; targets: { platform: string; error: unknown; results: unknown[] }[] };
    expect(report.tool.version).toBe(pkg.version);
    expect(report.targets[0]).toMatchObject({ platform: 'linux', error: null });
    expect(report.targets[0]!.results.length).toBeGreaterThan(0);
    const explain = run(['explain', 'L036']);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain('L036 machine-id');
    // The installed probe runs: a root: lint of a minimal Debian tree (os-release as Debian 12 ships it) reports.
    const root = mkdtempSync(join(tmpdir(), 'preseal-install-root-'));
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/os-release'), 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n');
    const rootLint = run(['lint', `root:${root}`, '--format', 'json', '--rule', 'L036']);
    expect([0, 1], rootLint.stderr).toContain(rootLint.status);
    expect((JSON.parse(rootLint.stdout) as { targets: { error: unknown }[] }).targets[0]!.error).toBeNull();
  }, 360_000);
});
