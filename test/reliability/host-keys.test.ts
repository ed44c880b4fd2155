import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { reframe, startFakeSsh, type FakeSsh } from '../helpers/fake-ssh.js';
import { expectLinted, fakeSshSuite, expectNotLinted, runTracked, type TrackedRun } from './helpers.js';

/**
 * Host keys through the built CLI against scripted servers: an unknown, changed or revoked key is
 * refused before anything is sent (no password, no probe), and --accept-new-host-key records keys
 * so that runs recording at once never corrupt known_hosts.
 */
const PASSWORD = 'host-key-test-password';
let tmp: string;
let valid: Buffer;
const servers: FakeSsh[] = [];

fakeSshSuite('preseal-hostkeys-', servers, (s) => {
  ({ tmp, valid } = s);
});

async function server(): Promise<FakeSsh> {
  const s = await startFakeSsh({ password: PASSWORD, onExec: ({ reply, stdin }) => reply(reframe(valid, stdin)) });
  servers.push(s);
  return s;
}

const url = (s: FakeSsh) => `ssh://admin@127.0.0.1:${s.port}`;
const fingerprintOf = (b64: string) => `SHA256:${createHash('sha256').update(Buffer.from(b64, 'base64')).digest('base64').replace(/=+$/, '')}`;
const otherKey = () => ssh2.utils.generateKeyPairSync('ed25519').public.trim().split(/\s+/)[1] as string;

function lint(s: FakeSsh, knownHosts: string, extra: string[] = [], killAfterMs?: number): Promise<TrackedRun> {
  const timeout = extra.includes('--timeout') ? [] : ['--timeout', '20'];
  return runTracked(['lint', url(s), '--known-hosts', knownHosts, '--format', 'json', ...timeout, ...extra], {
    env: { PRESEAL_PASSWORD: PASSWORD },
    ...(killAfterMs ? { killAfterMs } : {}),
  });
}

/** Nothing reached the server beyond the key exchange: no authentication, no command. */
function expectNothingSent(s: FakeSsh): void {
  expect(s.authMethods).toEqual([]);
  expect(s.execs).toEqual([]);
}

describe.concurrent('refused host keys', () => {
  it('unknown: refused, with the offered fingerprint and the file checked', async () => {
    const s = await server();
    const kh = join(tmp, `unknown-${s.port}`);
    writeFileSync(kh, `[127.0.0.1]:1 ssh-ed25519 ${otherKey()}\n`);
    const run = await lint(s, kh);
    expectNotLinted(
      run,
      url(s),
      'host-key',
      new RegExp(`is not known \\(ssh-ed25519 ${fingerprintOf(s.hostPublicKey).replace(/[+/]/g, '\\$&')}; checked ${kh}`),
    );
    expectNothingSent(s);
    expect(readFileSync(kh, 'utf8')).not.toContain(s.hostPublicKey);
  });

  it('changed: refused with both fingerprints, even with --accept-new-host-key, and known_hosts is left alone', async () => {
    const s = await server();
    const kh = join(tmp, `changed-${s.port}`);
    const old = otherKey();
    const text = `# pinned\n[127.0.0.1]:${s.port} ssh-ed25519 ${old}\n`;
    writeFileSync(kh, text);
    for (const extra of [[], ['--accept-new-host-key']]) {
      const run = await lint(s, kh, extra);
      const t = expectNotLinted(run, url(s), 'host-key', /has CHANGED/);
      expect(t.error?.message).toContain(fingerprintOf(s.hostPublicKey));
      expect(t.error?.message).toContain(fingerprintOf(old));
      expect(t.error?.message).toContain(`${kh}:2`);
    }
    expectNothingSent(s);
    expect(readFileSync(kh, 'utf8')).toBe(text);
  });

  it('@revoked: refused even when the same key is also listed as known, and with --accept-new-host-key', async () => {
    const s = await server();
    const kh = join(tmp, `revoked-${s.port}`);
    const text = `${s.knownHostsLine}\n@revoked * ssh-ed25519 ${s.hostPublicKey}\n`;
    writeFileSync(kh, text);
    for (const extra of [[], ['--accept-new-host-key']]) {
      const run = await lint(s, kh, extra);
      expectNotLinted(run, url(s), 'host-key', new RegExp(`marked @revoked in ${kh.replace(/[.]/g, '\\.')}:2`));
    }
    expectNothingSent(s);
    expect(readFileSync(kh, 'utf8')).toBe(text);
  });

  it("a key listed under another port is not this host's key", async () => {
    const s = await server();
    const kh = join(tmp, `other-port-${s.port}`);
    writeFileSync(kh, `127.0.0.1 ssh-ed25519 ${s.hostPublicKey}\n[127.0.0.1]:${s.port + 1} ssh-ed25519 ${s.hostPublicKey}\n`);
    expectNotLinted(await lint(s, kh), url(s), 'host-key', /is not known/);
    expectNothingSent(s);
  });

  it('an unreadable known_hosts file fails closed before connecting', async () => {
    const s = await server();
    const kh = join(tmp, `dir-${s.port}`);
    // A folder in place of the file: read fails with EISDIR, for root too.
    mkdirSync(kh);
    expectNotLinted(await lint(s, kh, ['--accept-new-host-key']), url(s), 'host-key', /cannot read .*EISDIR/);
    expectNothingSent(s);
  });

  it('a known_hosts line with a many-wildcard pattern does not stop the --timeout', async () => {
    const s = await server();
    const kh = join(tmp, `wild-${s.port}`);
    writeFileSync(kh, `${'*'.repeat(40)}x ssh-ed25519 ${otherKey()}\n${s.knownHostsLine}\n`);
    const run = await lint(s, kh, ['--timeout', '3'], 30_000);
    expect(run.signal, 'the CLI hung and had to be killed').toBeNull();
    expectLinted(run, url(s));
  }, 60_000);
});

describe('--accept-new-host-key', () => {
  it('ten runs recording ten new hosts into one file at once leave one whole line per host', async () => {
    const fleet = await Promise.all(Array.from({ length: 10 }, () => server()));
    const kh = join(tmp, 'shared-known-hosts');
    // A file that ends without a newline, as hand edits leave it.
    const first = `# kept\n[10.0.0.9]:22 ssh-ed25519 ${otherKey()}`;
    writeFileSync(kh, first, { mode: 0o640 });
    const modeBefore = statSync(kh).mode;
    const runs = await Promise.all(fleet.map((s) => lint(s, kh, ['--accept-new-host-key'])));
    for (const [i, run] of runs.entries()) expectLinted(run, url(fleet[i] as FakeSsh));
    const lines = readFileSync(kh, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.slice(0, 2)).toEqual(first.split('\n'));
    const added = lines.slice(2);
    expect(added).toHaveLength(10);
    for (const l of added) expect(l).toMatch(/^\[127\.0\.0\.1\]:\d+ ssh-ed25519 [A-Za-z0-9+/]+={0,2}$/);
    expect(new Set(added)).toEqual(new Set(fleet.map((s) => s.knownHostsLine)));
    expect(statSync(kh).mode).toBe(modeBefore);

    // The recorded keys are then trusted without the flag.
    const again = await lint(fleet[0] as FakeSsh, kh);
    expectLinted(again, url(fleet[0] as FakeSsh));
  }, 120_000);

  it('ten runs recording the same new host at once: every line is whole and names that key', async () => {
    const s = await server();
    const kh = join(tmp, 'same-host', 'known_hosts');
    const runs = await Promise.all(Array.from({ length: 10 }, () => lint(s, kh, ['--accept-new-host-key'])));
    for (const run of runs) expectLinted(run, url(s));
    const lines = readFileSync(kh, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toBe(s.knownHostsLine);
    // A file preseal creates is private to its owner, like OpenSSH's.
    expect(statSync(kh).mode & 0o077).toBe(0);
  }, 120_000);
});
