import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { findSshd, skipWithout } from '../helpers/real.js';
import { startSshd, type Sshd } from '../helpers/sshd.js';

const skip = skipWithout(findSshd(), 'the Packer SSH gate against a real sshd');

/** The strings of a `name = [ "…", … ]` list inside one provisioner block, unescaped as HCL does. */
function hclList(block: string, name: string): string[] {
  const list = new RegExp(`^\\s*${name}\\s*=\\s*\\[([\\s\\S]*?)^\\s*\\]`, 'm').exec(block)?.[1] ?? '';
  return [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(["\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)));
}

describe.skipIf(skip)('the Packer Linux example, run as Packer runs its shell-local provisioner, against a real sshd', () => {
  let sshd: Sshd;
  const template = readFileSync(join(packageRoot, 'docs/integrations/examples/packer-linux.pkr.hcl'), 'utf8');
  const block = /provisioner "shell-local" \{[\s\S]*?\n {2}\}/.exec(template)?.[0] ?? '';
  beforeAll(async () => {
    sshd = await startSshd();
  }, 120_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  /** Packer writes the inline lines to a script run by `/bin/sh -e`, with environment_vars set and build.* filled in. */
  function runProvisioner(port: number): { status: number | null; stdout: string; stderr: string; cwd: string; tmp: string } {
    const build = { User: sshd.user, Host: '127.0.0.1', Port: String(port), SSHPrivateKey: readFileSync(sshd.userKeyPath, 'utf8') };
    const fill = (s: string) => s.replace(/\$\{build\.(\w+)\}/g, (whole, key: string) => build[key as keyof typeof build] ?? whole);
    const cwd = mkdtempSync(join(tmpdir(), 'preseal-packer-'));
    const tmp = join(cwd, 'tmp');
    mkdirSync(tmp);
    const shim = join(cwd, 'preseal.mjs');
    writeFileSync(
      shim,
      `import { main } from ${JSON.stringify(pathToFileURL(join(packageRoot, 'src/cli.ts')).href)};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
    );
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
    // This test machine runs as root without sudo; the Azure VM of the example has it.
    const inline = hclList(block, 'inline')
      .map(fill)
      .map((l) => (existsSync('/usr/bin/sudo') ? l : l.replace(' --sudo', '')));
    const script = [`preseal() { node --import=${tsx} ${shim} "$@"; }`, ...inline].join('\n');
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    for (const pair of hclList(block, 'environment_vars').map(fill)) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    const run = spawnSync('/bin/sh', ['-e', '-c', script], { cwd, env, encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, cwd, tmp };
  }

  it('lints the VM over SSH with the build key, records its new host key, writes the reports and cleans up', () => {
    expect(hclList(block, 'inline').some((l) => l.includes('preseal lint ssh://${build.User}@${build.Host}:${build.Port}'))).toBe(true);
    const run = runProvisioner(sshd.port);
    // 0 or 1 by what this machine holds; anything else means the gate itself broke.
    expect([0, 1], `${run.stdout}\n${run.stderr}`).toContain(run.status);
    expect(run.stdout).toContain(`ssh://${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(XMLValidator.validate(readFileSync(join(run.cwd, 'preseal-linux.xml'), 'utf8'))).toBe(true);
    expect((JSON.parse(readFileSync(join(run.cwd, 'preseal-linux.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
    // The key and the throw-away known_hosts are gone once the provisioner ends (tsx-* is the test shim's compile cache).
    expect(readdirSync(run.tmp).filter((f) => !f.startsWith('tsx-'))).toEqual([]);
  });

  it('fails the build (exit 3) when the VM cannot be reached', () => {
    const run = runProvisioner(1);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(3);
    expect(readdirSync(run.tmp).filter((f) => !f.startsWith('tsx-'))).toEqual([]);
  });
});
