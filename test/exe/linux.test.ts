// The Linux executable runs the same end-to-end suites as the npm CLI (local, root:, ssh:// against a
// real sshd, winrm:// against a WS-Man endpoint, facts:, every exit code): each imported test file
// registers its tests here, and runCli starts dist-exe/preseal-linux-x64 instead of node.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPwsh, skipWithout } from '../helpers/real.js';
import { repoRoot, runCli, useCliExecutable } from '../helpers/cli.js';
import { buildExecutables, linuxExe } from './build.js';

let alone = '';
let noNode: NodeJS.ProcessEnv = {};
let nodeCalled = '';
beforeAll(() => {
  buildExecutables();
  useCliExecutable(linuxExe);
  // A copy in an empty folder, run with a PATH that has no node: it needs nothing beside itself.
  alone = join(mkdtempSync(join(tmpdir(), 'preseal-exe-')), 'preseal');
  copyFileSync(linuxExe, alone);
  // A `node` first on PATH that only records that it was called: the executable must never need one.
  const fake = mkdtempSync(join(tmpdir(), 'preseal-exe-fake-node-'));
  nodeCalled = join(fake, 'called');
  writeFileSync(join(fake, 'node'), `#!/bin/sh\necho "$@" >> '${nodeCalled}'\nexit 99\n`, { mode: 0o755 });
  noNode = { PATH: `${fake}:${process.env['PATH'] ?? '/usr/bin:/bin'}` };
}, 600_000);

describe('dist-exe/preseal-linux-x64 on its own', () => {
  it('is one ELF file that runs with nothing beside it and never calls a node', async () => {
    expect(readFileSync(alone).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    expect(statSync(alone).mode & 0o111).not.toBe(0);
    useCliExecutable(alone);
    try {
      const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
      const dir = mkdtempSync(join(tmpdir(), 'preseal-exe-cwd-'));
      const version = await runCli(['--version'], { cwd: dir, env: noNode });
      expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
      const lint = await runCli(['lint', `facts:${join(repoRoot, 'fixtures/linux/dirty-tree.json')}`, '--format', 'json'], { cwd: dir, env: noNode });
      expect(lint.code, lint.stderr).toBe(1);
      expect(JSON.parse(lint.stdout).tool).toMatchObject({ name: 'preseal', version: pkg.version });
      // The probe is embedded: a live lint of this machine runs it from the executable.
      const local = await runCli(['lint', '--format', 'json', '--rule', 'L036'], { cwd: dir, env: noNode });
      expect([0, 1], local.stderr).toContain(local.code);
      expect(JSON.parse(local.stdout).targets[0]).toMatchObject({ platform: 'linux', error: null });
      expect(existsSync(nodeCalled), 'the executable ran node').toBe(false);
    } finally {
      useCliExecutable(linuxExe);
    }
  });

  it('writes every format, and its SARIF names the version and repository of package.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-exe-formats-'));
    const facts = join(repoRoot, 'fixtures/linux/dirty-tree.json');
    const files = ['sarif', 'junit', 'markdown', 'json'].map((f) => `${f}=${join(dir, `out.${f}`)}`);
    const run = await runCli(['lint', `facts:${facts}`, '--format', 'pretty', ...files.flatMap((f) => ['--format', f])], { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(run.code, run.stderr).toBe(1);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: 'preseal', version: pkg.version });
    expect(readFileSync(join(dir, 'out.junit'), 'utf8')).toMatch(/^<\?xml/);
    expect(readFileSync(join(dir, 'out.markdown'), 'utf8')).toMatch(/not ready to generalize/);
    const github = await runCli(['lint', `facts:${facts}`, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(github.stdout).toMatch(/^::error title=/m);
  });

  it('init writes a config that its own lint accepts; diagnose reads a Panther log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-exe-init-'));
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const lint = await runCli(['lint', `facts:${join(repoRoot, 'fixtures/linux/dirty-tree.json')}`], { cwd: dir });
    expect(lint.code, lint.stderr).toBe(1);
    const diagnose = await runCli(['diagnose', join(repoRoot, 'fixtures/panther/appx-failure'), '--format', 'json']);
    expect([0, 1], diagnose.stderr).toContain(diagnose.code);
    expect(diagnose.stdout).toContain('Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe');
  });

  // The Windows local transport (node-powershell) as bundled in the executables: on Linux the
  // process is told it runs on win32 (a preload through NODE_OPTIONS, which the executable honours
  // like node), and PRESEAL_POWERSHELL points at real pwsh instead of powershell.exe.
  const pwsh = findPwsh();
  it.skipIf(skipWithout(pwsh, 'the bundled Windows local transport under pwsh'))(
    'runs the embedded Windows probe locally through the bundled node-powershell',
    async () => {
      const preload = join(mkdtempSync(join(tmpdir(), 'preseal-exe-win32-')), 'win32.cjs');
      writeFileSync(preload, "Object.defineProperty(process, 'platform', { value: 'win32' });\n");
      const run = await runCli(['lint', '--format', 'json', '--timeout', '120', '--debug'], {
        env: { NODE_OPTIONS: `--require ${preload}`, PRESEAL_POWERSHELL: pwsh.path },
      });
      expect([0, 1], run.stderr).toContain(run.code);
      expect(run.stderr).toContain(`running the Windows probe through node-powershell (${pwsh.path})`);
      const target = JSON.parse(run.stdout).targets[0];
      expect(target).toMatchObject({ target: 'local', platform: 'windows', error: null });
      // Windows-only sources do not exist here: unknown, never a pass.
      expect(target.summary.unknown).toBeGreaterThan(0);
    },
    180_000,
  );
});

await import('../e2e/cli.test.js');
await import('../linux/cli.test.js');
await import('../ssh/cli.test.js');
await import('../winrm/cli.test.js');
