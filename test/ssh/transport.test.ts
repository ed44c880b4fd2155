import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { TargetError } from '../../src/errors.js';
import { lintTarget } from '../../src/lint.js';
import { fingerprint } from '../../src/ssh/known-hosts.js';
import { parseTarget } from '../../src/targets.js';
import { collectOverSsh } from '../../src/transports/ssh.js';
import type { ConnectOptions } from '../../src/transports/options.js';
import { findSshd, skipWithout } from '../helpers/real.js';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { targetError } from '../helpers/target-error.js';

const skip = skipWithout(findSshd(), 'SSH transport against a real sshd');

function sshSpec(url: string) {
  const spec = parseTarget(url);
  if (spec.kind !== 'ssh') throw new Error(`${url} is not an ssh target`);
  return spec;
}

function oneLine(e: TargetError): void {
  expect(e.message).not.toMatch(/\n/);
  expect(e.hint ?? '').not.toMatch(/\n/);
}

describe.skipIf(skip)('ssh:// against a real OpenSSH sshd', () => {
  let sshd: Sshd;
  let url: string;
  let base: ConnectOptions;

  beforeAll(async () => {
    sshd = await startSshd();
    url = `ssh://${sshd.user}@127.0.0.1:${sshd.port}`;
    base = { timeoutMs: 60_000, identity: sshd.userKeyPath, knownHosts: sshd.knownHostsPath, passwordEnv: 'PRESEAL_TEST_NO_PASSWORD' };
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  afterEach(() => {
    delete process.env['PRESEAL_SSH_CONFIG'];
  });

  it('lints this machine end to end with exactly one exec channel', async () => {
    const before = sshd.execRequests();
    const report = await lintTarget(sshSpec(url), {
      rules,
      config: {},
      selection: { only: [], skip: [] },
      settings: { generalizer: 'auto', cloud: 'auto' },
      connect: base,
    });
    expect(report.error).toBeNull();
    expect(report.platform).toBe('linux');
    expect(report.os?.name).toBeTruthy();
    expect(report.results.length).toBeGreaterThan(0);
    expect(sshd.execRequests() - before).toBe(1);
  });

  it('refuses an unknown host key with both the fingerprint and the flag to accept it, before any exec', async () => {
    const before = sshd.execRequests();
    const empty = sshd.file('known_hosts', '');
    const e = await targetError(collectOverSsh(sshSpec(url), { ...base, knownHosts: empty }));
    expect(e.step).toBe('host-key');
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(`[127.0.0.1]:${sshd.port}`);
    expect(e.message).toContain(fingerprint(Buffer.from(sshd.hostPublicKey, 'base64')));
    expect(e.hint).toContain('--accept-new-host-key');
    oneLine(e);
    expect(sshd.execRequests() - before).toBe(0);
  });

  it('records a new key with --accept-new-host-key, and the next run trusts it without the flag', async () => {
    const file = join(sshd.dir, 'fresh', 'known_hosts');
    const envelope = await collectOverSsh(sshSpec(url), { ...base, knownHosts: file, acceptNewHostKey: true });
    expect(envelope.platform).toBe('linux');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(sshd.hostPublicKey);
    // OpenSSH itself finds the recorded line.
    expect(execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', file], { encoding: 'utf8' })).toContain(sshd.hostPublicKey);
    await expect(collectOverSsh(sshSpec(url), { ...base, knownHosts: file })).resolves.toMatchObject({ platform: 'linux' });
  });

  it('two runs accepting the same new key at once leave a valid known_hosts', async () => {
    mkdirSync(join(sshd.dir, 'both'));
    const file = join(sshd.dir, 'both', 'known_hosts');
    const runs = await Promise.all([0, 1].map(() => collectOverSsh(sshSpec(url), { ...base, knownHosts: file, acceptNewHostKey: true })));
    expect(runs.map((r) => r.platform)).toEqual(['linux', 'linux']);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(new RegExp(`^\\S+ ${sshd.hostKeyType} ${sshd.hostPublicKey.replace(/\+/g, '\\+')}$`));
    await expect(collectOverSsh(sshSpec(url), { ...base, knownHosts: file })).resolves.toMatchObject({ platform: 'linux' });
  });

  it('refuses a changed key even with --accept-new-host-key, showing both fingerprints', async () => {
    const other = join(sshd.dir, 'other_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other], { stdio: 'ignore' });
    const otherB64 = readFileSync(`${other}.pub`, 'utf8').split(/\s+/)[1] as string;
    const file = sshd.file('known_hosts', `[127.0.0.1]:${sshd.port} ssh-ed25519 ${otherB64}\n`);
    const e = await targetError(collectOverSsh(sshSpec(url), { ...base, knownHosts: file, acceptNewHostKey: true }));
    expect(e.step).toBe('host-key');
    expect(e.message).toMatch(/CHANGED/);
    expect(e.message).toContain(fingerprint(Buffer.from(sshd.hostPublicKey, 'base64')));
    expect(e.message).toContain(fingerprint(Buffer.from(otherB64, 'base64')));
    expect(e.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}(?!=)/);
    expect(e.hint).toContain('ssh-keygen -R');
    oneLine(e);
    expect(readFileSync(file, 'utf8')).not.toContain(sshd.hostPublicKey);
  });

  it('accepts a hashed entry written by ssh-keygen -H', async () => {
    const file = sshd.file('known_hosts', `${sshd.knownHostsLine}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
    await expect(collectOverSsh(sshSpec(url), { ...base, knownHosts: file })).resolves.toMatchObject({ platform: 'linux' });
  });

  it('refuses a key marked @revoked, even when a plain entry also lists it', async () => {
    const file = sshd.file('known_hosts', `${sshd.knownHostsLine}\n@revoked * ${sshd.hostKeyType} ${sshd.hostPublicKey}\n`);
    const e = await targetError(collectOverSsh(sshSpec(url), { ...base, knownHosts: file, acceptNewHostKey: true }));
    expect(e.step).toBe('host-key');
    expect(e.message).toContain('@revoked');
    oneLine(e);
  });

  it('fails closed when known_hosts cannot be read', async () => {
    const e = await targetError(collectOverSsh(sshSpec(url), { ...base, knownHosts: sshd.dir, acceptNewHostKey: true }));
    expect(e.step).toBe('host-key');
    expect(e.message).toContain(`cannot read ${sshd.dir}`);
  });

  it('reports a closed port in one line', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
      });
    });
    const e = await targetError(collectOverSsh(sshSpec(`ssh://root@127.0.0.1:${closed}`), base));
    expect(e.step).toBe('connect');
    expect(e.message).toBe(`connection refused by 127.0.0.1:${closed}`);
    expect(e.hint).toMatch(/sshd running/);
  });

  it('gives up on a port that never speaks SSH within the time limit, settling once', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => {
        const a = silent.address();
        resolve(typeof a === 'object' && a ? a.port : 1);
      }),
    );
    try {
      const e = await targetError(collectOverSsh(sshSpec(`ssh://root@127.0.0.1:${port}`), { ...base, timeoutMs: 1500 }));
      expect(e.step).toBe('connect');
      expect(e.message).toMatch(/no SSH handshake from 127\.0\.0\.1:\d+ within/);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('reports a key the server does not accept as an authentication failure naming what was tried', async () => {
    const wrong = join(sshd.dir, 'wrong_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong], { stdio: 'ignore' });
    const e = await targetError(collectOverSsh(sshSpec(url), { ...base, identity: wrong }));
    expect(e.step).toBe('authenticate');
    expect(e.message).toContain(`key ${wrong}`);
    expect(e.message).toContain('the server accepts publickey');
    oneLine(e);
  });

  it('asks for the passphrase of an encrypted --identity, and says why when it cannot', async () => {
    const enc = join(sshd.dir, 'encrypted_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', enc], { stdio: 'ignore' });
    writeFileSync(join(sshd.dir, 'authorized_keys'), `${sshd.userPublicKey}\n${readFileSync(`${enc}.pub`, 'utf8')}`);
    const e = await targetError(collectOverSsh(sshSpec(url), { ...base, identity: enc }));
    expect(e.step).toBe('authenticate');
    expect(e.message).toMatch(/encrypted/);
    expect(e.hint).toMatch(/ssh-agent/);
    const questions: string[] = [];
    const prompt = async (q: string) => {
      questions.push(q);
      return 'open sesame';
    };
    await expect(collectOverSsh(sshSpec(url), { ...base, identity: enc, prompt })).resolves.toMatchObject({ platform: 'linux' });
    expect(questions).toEqual([`Passphrase for ${enc}: `]);
  });

  it('resolves a bare name through the ssh config (PRESEAL_SSH_CONFIG)', async () => {
    process.env['PRESEAL_SSH_CONFIG'] = sshd.file(
      'ssh_config',
      ['Host preseal-test-vm', '  HostName 127.0.0.1', `  Port ${sshd.port}`, `  User ${sshd.user}`, `  IdentityFile ${sshd.userKeyPath}`, ''].join('\n'),
    );
    const { identity: _, ...noIdentity } = base;
    await expect(collectOverSsh(sshSpec('preseal-test-vm'), noIdentity)).resolves.toMatchObject({ platform: 'linux' });
  });

  it('follows ProxyJump, checking the jump host against its own known_hosts entry, with one exec in all', async () => {
    process.env['PRESEAL_SSH_CONFIG'] = sshd.file(
      'ssh_config',
      [
        'Host preseal-behind-jump',
        // The target as the jump host sees it: sshd forwards to its own loopback address.
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  ProxyJump jumper`,
        'Host jumper',
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${sshd.userKeyPath}`,
        '',
      ].join('\n'),
    );
    const before = sshd.execRequests();
    await expect(collectOverSsh(sshSpec('preseal-behind-jump'), base)).resolves.toMatchObject({ platform: 'linux' });
    expect(sshd.execRequests() - before).toBe(1);
    expect(sshd.log()).toMatch(/direct-tcpip/);
    const empty = sshd.file('known_hosts', '');
    const e = await targetError(collectOverSsh(sshSpec('preseal-behind-jump'), { ...base, knownHosts: empty }));
    expect(e.step).toBe('host-key');
    expect(e.message).toMatch(/^jump host jumper: the host key of \[127\.0\.0\.1\]:\d+ is not known/);
  });

  it('reports a host name that does not resolve', async () => {
    const e = await targetError(collectOverSsh(sshSpec('ssh://root@preseal-no-such-host.invalid'), base));
    expect(e.step).toBe('resolve');
    expect(e.message).toMatch(/^cannot resolve the host name preseal-no-such-host\.invalid/);
  });

  it('authenticates with a key held by ssh-agent (SSH_AUTH_SOCK)', async () => {
    const sock = join(sshd.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    const saved = process.env['SSH_AUTH_SOCK'];
    try {
      for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', [sshd.userKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      process.env['SSH_AUTH_SOCK'] = sock;
      process.env['PRESEAL_SSH_CONFIG'] = sshd.file('ssh_config', '');
      const { identity: _, ...noIdentity } = base;
      await expect(collectOverSsh(sshSpec(url), noIdentity)).resolves.toMatchObject({ platform: 'linux' });
    } finally {
      if (saved === undefined) delete process.env['SSH_AUTH_SOCK'];
      else process.env['SSH_AUTH_SOCK'] = saved;
      agent.kill();
    }
  });

  it('uses a default key under ~/.ssh when nothing else is given', async () => {
    const home = join(sshd.dir, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    copyFileSync(sshd.userKeyPath, join(home, '.ssh', 'id_ed25519'));
    const saved = { HOME: process.env['HOME'], SSH_AUTH_SOCK: process.env['SSH_AUTH_SOCK'] };
    try {
      process.env['HOME'] = home;
      delete process.env['SSH_AUTH_SOCK'];
      process.env['PRESEAL_SSH_CONFIG'] = sshd.file('ssh_config', '');
      const { identity: _, ...noIdentity } = base;
      await expect(collectOverSsh(sshSpec(url), noIdentity)).resolves.toMatchObject({ platform: 'linux' });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
