import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsFor } from '../../src/facts/catalog.js';
import { windowsProbeScript } from '../../src/probes/windows.js';
import { collectOverSsh } from '../../src/transports/ssh.js';
import { parseTarget } from '../../src/targets.js';
import { runCli } from '../helpers/cli.js';
import { findPwsh, findSshd, skipWithout } from '../helpers/real.js';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { ensureBuilt } from '../helpers/build.js';

const skip = skipWithout(findSshd(), 'preseal lint ssh:// through the CLI');

/** `npm run build`: the CLI runs from dist/. Type errors elsewhere in the tree do not stop tsc emitting. */
function build(): void {
  ensureBuilt();
}

/** The lines preseal wrote to stderr, without debug output. */
function stderrLines(text: string): string[] {
  return text.split('\n').filter((l) => l && !l.startsWith('debug:'));
}

describe.skipIf(skip)('preseal lint ssh:// (built CLI, real sshd)', () => {
  let sshd: Sshd;
  let url: string;
  beforeAll(async () => {
    build();
    sshd = await startSshd();
    url = `ssh://${sshd.user}@127.0.0.1:${sshd.port}`;
  }, 240_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('lints this machine over SSH: a full Linux report, exit 0 or 1 by the results', async () => {
    const run = await runCli(['lint', url, '--identity', sshd.userKeyPath, '--known-hosts', sshd.knownHostsPath, '--format', 'json']);
    expect([0, 1], run.stderr).toContain(run.code);
    const report = JSON.parse(run.stdout);
    const [target] = report.targets;
    expect(target).toMatchObject({ target: url, platform: 'linux', error: null });
    expect(target.os.name).toBeTruthy();
    expect(target.results.length).toBeGreaterThan(0);
    expect(run.code).toBe(report.summary.failedTargets > 0 ? 1 : 0);

    const pretty = await runCli(['lint', url, '--identity', sshd.userKeyPath, '--known-hosts', sshd.knownHostsPath]);
    expect([0, 1], pretty.stderr).toContain(pretty.code);
    expect(pretty.stdout).toContain(url);
  });

  it('refuses an unknown host key (exit 3, one line and a hint), then accepts and records it with the flag', async () => {
    const file = join(sshd.dir, 'cli-known-hosts');
    const refused = await runCli(['lint', url, '--identity', sshd.userKeyPath, '--known-hosts', file, '--format', 'json']);
    expect(refused.code).toBe(3);
    const lines = stderrLines(refused.stderr);
    expect(lines[0]).toMatch(
      new RegExp(`^preseal: ${url.replace(/[.]/g, '\\.')}: host-key: the host key of \\[127\\.0\\.0\\.1\\]:${sshd.port} is not known \\(ssh-ed25519 SHA256:`),
    );
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}hint: .*--accept-new-host-key/)]);
    expect(JSON.parse(refused.stdout).targets[0].error).toMatchObject({ step: 'host-key' });

    const accepted = await runCli(['lint', url, '--identity', sshd.userKeyPath, '--known-hosts', file, '--accept-new-host-key', '--format', 'json']);
    expect([0, 1], accepted.stderr).toContain(accepted.code);
    expect(readFileSync(file, 'utf8')).toContain(sshd.hostPublicKey);
    const again = await runCli(['lint', url, '--identity', sshd.userKeyPath, '--known-hosts', file, '--format', 'json']);
    expect([0, 1], again.stderr).toContain(again.code);
  });

  it('a closed port exits 3 with one line', async () => {
    const run = await runCli(['lint', 'ssh://root@127.0.0.1:1', '--known-hosts', sshd.knownHostsPath, '--format', 'json']);
    expect(run.code).toBe(3);
    expect(stderrLines(run.stderr)).toEqual([
      'preseal: ssh://root@127.0.0.1:1: connect: connection refused by 127.0.0.1:1',
      '  hint: is sshd running there, and is the port right?',
    ]);
  });

  it('lints a bare ssh config name', async () => {
    const config = sshd.file(
      'ssh_config',
      `Host preseal-cli-vm\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`,
    );
    const run = await runCli(['lint', 'preseal-cli-vm', '--known-hosts', sshd.knownHostsPath, '--format', 'json'], { env: { PRESEAL_SSH_CONFIG: config } });
    expect([0, 1], run.stderr).toContain(run.code);
    expect(JSON.parse(run.stdout).targets[0]).toMatchObject({ target: 'preseal-cli-vm', platform: 'linux', error: null });
  });
});

const skipWindows = skip || skipWithout(findPwsh(), 'the Windows probe over SSH (real pwsh behind sshd)');

describe.skipIf(skipWindows)('Windows over SSH: powershell.exe mapped to real pwsh behind a loopback sshd', () => {
  let sshd: Sshd;
  let url: string;
  beforeAll(async () => {
    sshd = await startSshd({ powershell: findPwsh().path });
    url = `ssh://${sshd.user}@127.0.0.1:${sshd.port}`;
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('runs the whole Windows probe in one exec: a valid, complete envelope', async () => {
    const spec = parseTarget(url);
    if (spec.kind !== 'ssh') throw new Error('not ssh');
    const before = sshd.execRequests();
    const envelope = await collectOverSsh(spec, { timeoutMs: 120_000, identity: sshd.userKeyPath, knownHosts: sshd.knownHostsPath, platform: 'windows' });
    expect(sshd.execRequests() - before).toBe(1);
    expect(envelope.platform).toBe('windows');
    expect(envelope.probe?.version).toBeTruthy();
    const probed = [...windowsProbeScript().matchAll(/^function Get-Preseal(\w+)\b/gm)].map(
      (m) => (m[1] as string).charAt(0).toLowerCase() + (m[1] as string).slice(1),
    );
    expect(probed.length).toBeGreaterThan(0);
    for (const group of groupsFor('windows')) {
      const where = [group in envelope.facts, group in envelope.errors, group in envelope.notApplicable].filter(Boolean).length;
      expect(where, group).toBe(1);
      // Each group the probe has a collector for was answered by the probe itself.
      if (probed.includes(group)) expect(envelope.errors[group], group).not.toBe('not reported by the probe');
    }
    // Windows-only sources do not exist on Linux: those groups are errors, not silent passes.
    expect(Object.keys(envelope.errors).length).toBeGreaterThan(0);
  });

  it('preseal lint --platform windows gives a Windows report (exit 0 or 1, never 3)', async () => {
    const run = await runCli(['lint', url, '--platform', 'windows', '--identity', sshd.userKeyPath, '--known-hosts', sshd.knownHostsPath, '--format', 'json']);
    expect([0, 1], run.stderr).toContain(run.code);
    const target = JSON.parse(run.stdout).targets[0];
    expect(target).toMatchObject({ target: url, platform: 'windows', error: null });
    expect(target.results.length).toBeGreaterThan(0);
  });
});
