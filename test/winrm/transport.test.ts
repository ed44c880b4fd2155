import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TargetError, UsageError } from '../../src/errors.js';
import { parseTarget } from '../../src/targets.js';
import type { ConnectOptions } from '../../src/transports/options.js';
import { collectOverWinrm } from '../../src/transports/winrm.js';
import { findPwsh, skipWithout } from '../helpers/real.js';
import { makeCertificate } from './helpers.js';
import { startEndpoint, type Endpoint, type EndpointOptions } from './server.js';

const pwsh = findPwsh();
const skip = skipWithout(pwsh, 'WinRM transport against the test endpoint');
const PASSWORD = 'S3cret pass!';
/** The probe takes seconds on an idle machine and much longer on a loaded CI runner. */
const PROBE_TEST_MS = 300_000;
const users = { alice: PASSWORD, 'alice@corp.example': PASSWORD };

function winrm(url: string) {
  const spec = parseTarget(url);
  if (spec.kind !== 'winrm') throw new Error('not a winrm target');
  return spec;
}

function options(extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return { timeoutMs: 240_000, passwordEnv: 'PRESEAL_TEST_WINRM_PASSWORD', auth: 'ntlm', ...extra };
}

async function failure(p: Promise<unknown>): Promise<TargetError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TargetError);
  const t = e as TargetError;
  expect(t.exitCode).toBe(3);
  expect(t.message).not.toContain('\n');
  expect(t.message).not.toContain(PASSWORD);
  expect(t.hint ?? '').not.toContain(PASSWORD);
  return t;
}

describe.skipIf(skip)('WinRM transport with real pwsh behind a WS-Management endpoint', () => {
  const started: Endpoint[] = [];
  let cert: ReturnType<typeof makeCertificate>;
  const start = async (o: Partial<EndpointOptions>) => {
    const e = await startEndpoint({ pwsh: pwsh.path, schemes: ['ntlm'], users, ...o });
    started.push(e);
    return e;
  };

  beforeAll(() => {
    process.env['PRESEAL_TEST_WINRM_PASSWORD'] = PASSWORD;
    cert = makeCertificate();
  });
  afterAll(async () => {
    await Promise.all(started.map((e) => e.close()));
  });

  it('winrm:// with NTLM and message encryption runs the Windows probe and cleans up', { timeout: PROBE_TEST_MS }, async () => {
    const ep = await start({});
    const facts = await collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${ep.port}`), options());
    expect(facts.platform).toBe('windows');
    expect(facts.probe).toMatchObject({ live: true });
    expect(ep.logins).toEqual(['\\alice']);
    expect(ep.actions.slice(0, 3)).toEqual(['Create', 'Command', 'Send']);
    expect(ep.actions.slice(-2)).toEqual(['Signal', 'Delete']);
    expect(ep.liveShells()).toBe(0);
  });

  it('takes DOMAIN\\user and user@domain', { timeout: PROBE_TEST_MS }, async () => {
    const ep = await start({});
    await collectOverWinrm(winrm(`winrm://PRESEAL%5Calice@127.0.0.1:${ep.port}`), options());
    await collectOverWinrm(winrm(`winrm://alice%40corp.example@127.0.0.1:${ep.port}`), options());
    expect(ep.logins).toEqual(['PRESEAL\\alice', '\\alice@corp.example']);
  });

  it('winrms:// with NTLM and channel binding, server certificate checked with --ca', { timeout: PROBE_TEST_MS }, async () => {
    const ep = await start({ tls: cert, cbt: 'strict' });
    const facts = await collectOverWinrm(winrm(`winrms://alice@127.0.0.1:${ep.port}`), options({ ca: cert.certFile }));
    expect(facts.platform).toBe('windows');
    expect(ep.liveShells()).toBe(0);
  });

  it('winrms:// with Basic', { timeout: PROBE_TEST_MS }, async () => {
    const ep = await start({ tls: cert, schemes: ['basic'] });
    const facts = await collectOverWinrm(winrm(`winrms://alice@127.0.0.1:${ep.port}`), options({ ca: cert.certFile, auth: 'basic' }));
    expect(facts.platform).toBe('windows');
    expect(ep.logins).toEqual(['alice']);
  });

  it('winrms:// refuses an untrusted certificate and names the flags', async () => {
    const ep = await start({ tls: cert });
    const e = await failure(collectOverWinrm(winrm(`winrms://alice@127.0.0.1:${ep.port}`), options()));
    expect(e.step).toBe('connect');
    expect(e.message).toMatch(/not trusted/);
    expect(e.hint).toMatch(/--ca FILE.*--insecure-skip-tls-verify/);
    expect(ep.actions).toEqual([]);
  });

  it('--insecure-skip-tls-verify connects and warns on stderr', { timeout: PROBE_TEST_MS }, async () => {
    const ep = await start({ tls: cert });
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      await collectOverWinrm(winrm(`winrms://alice@127.0.0.1:${ep.port}`), options({ insecureSkipTlsVerify: true }));
    } finally {
      spy.mockRestore();
    }
    expect(writes.join('')).toMatch(/warning: .*not verified \(--insecure-skip-tls-verify\)/);
  });

  it('a wrong password is one line with the settings to check', async () => {
    const ep = await start({});
    process.env['PRESEAL_TEST_WRONG'] = 'not the password';
    const e = await failure(collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${ep.port}`), options({ passwordEnv: 'PRESEAL_TEST_WRONG' })));
    expect(e.step).toBe('authenticate');
    expect(e.message).toMatch(/refused the credentials \(HTTP 401\)/);
    expect(e.hint).toMatch(/LocalAccountTokenFilterPolicy/);
    expect(e.hint).toMatch(/winrm get winrm\/config\/service\/auth/);
    expect(e.message + (e.hint ?? '')).not.toContain('not the password');
  });

  it('a scheme the server does not offer is named', async () => {
    const ep = await start({ tls: cert, schemes: ['basic'] });
    const e = await failure(collectOverWinrm(winrm(`winrms://alice@127.0.0.1:${ep.port}`), options({ ca: cert.certFile })));
    expect(e.message).toMatch(/does not accept Negotiate \(NTLM\) authentication \(it offers Basic\)/);
  });

  it('Basic over plain HTTP is refused before connecting, unless allowed', { timeout: PROBE_TEST_MS }, async () => {
    const ep = await start({ schemes: ['basic'], allowUnencrypted: true });
    const e = await failure(collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${ep.port}`), options({ auth: 'basic' })));
    expect(e.step).toBe('authenticate');
    expect(e.hint).toMatch(/--insecure-allow-unencrypted/);
    expect(ep.actions).toEqual([]);
    const facts = await collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${ep.port}`), options({ auth: 'basic', insecureAllowUnencrypted: true }));
    expect(facts.platform).toBe('windows');
  });

  it('the server closing the socket mid-receive is a connect error, and the shell is still deleted', async () => {
    const ep = await start({ closeOnReceive: 1 });
    const e = await failure(collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${ep.port}`), options()));
    expect(e.step).toBe('connect');
    expect(e.message).toMatch(/closed the connection/);
    expect(ep.actions).toContain('Delete');
    expect(ep.liveShells()).toBe(0);
    expect(ep.logins.length).toBe(2);
  });

  it('a fault in the middle gives its code and text, and the shell is deleted', async () => {
    const ep = await start({ faultOnReceive: 1 });
    const e = await failure(collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${ep.port}`), options()));
    expect(e.step).toBe('probe');
    expect(e.message).toBe('Receive: WS-Management fault 2147943515 (w:InternalError): The shell plugin stopped: the service is shutting down.');
    expect(ep.actions.slice(-2)).toEqual(['Signal', 'Delete']);
    expect(ep.liveShells()).toBe(0);
  });

  it('a probe that never ends hits the time limit; the command is signalled and the shell deleted', async () => {
    const ep = await start({ hang: true });
    const e = await failure(collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${ep.port}`), options({ timeoutMs: 4000 })));
    expect(e.step).toBe('probe');
    expect(e.message).toMatch(/within the time limit/);
    expect(ep.actions.filter((a) => a === 'Receive').length).toBeGreaterThanOrEqual(1);
    expect(ep.actions.slice(-2)).toEqual(['Signal', 'Delete']);
    expect(ep.liveShells()).toBe(0);
  });

  it('a refused connection says how to create a listener', async () => {
    const ep = await start({});
    const port = ep.port;
    await ep.close();
    started.splice(started.indexOf(ep), 1);
    const e = await failure(collectOverWinrm(winrm(`winrm://alice@127.0.0.1:${port}`), options()));
    expect(e.message).toBe(`connection refused on 127.0.0.1:${port}: no WinRM listener`);
    expect(e.hint).toMatch(/Enable-PSRemoting -Force.*winrm quickconfig/);
  });

  it('a target without a user is a usage error', async () => {
    await expect(collectOverWinrm(winrm('winrm://127.0.0.1:1'), options())).rejects.toBeInstanceOf(UsageError);
  });
});
