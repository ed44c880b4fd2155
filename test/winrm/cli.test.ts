import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPwsh, skipWithout } from '../helpers/real.js';
import { makeCertificate } from './helpers.js';
import { startEndpoint, type Endpoint } from './server.js';
import { ensureBuilt } from '../helpers/build.js';
import { runCli } from '../helpers/cli.js';

const pwsh = findPwsh();
const skip = skipWithout(pwsh, 'preseal lint over winrm:// and winrms:// (built CLI)');
const PASSWORD = 'Pa55 w0rd;"quoted"';
const LONG = 400_000;

/** The built CLI through runCli, so test/exe/ runs these tests against the executable too. */
async function preseal(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await runCli(args, { env: { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'], ...env }, timeoutMs: LONG });
  return { code: run.code ?? 1, stdout: run.stdout, stderr: run.stderr };
}

interface Report {
  targets: { target: string; platform: string; error: { step: string; message: string } | null; results: unknown[] }[];
}

describe.skipIf(skip)('preseal lint over WinRM, end to end with real pwsh', () => {
  const endpoints: Endpoint[] = [];
  let cert: ReturnType<typeof makeCertificate>;

  beforeAll(async () => {
    // The CLI runs from dist/, so build what is in the tree now.
    ensureBuilt();
    cert = makeCertificate();
  }, LONG);
  afterAll(async () => {
    await Promise.all(endpoints.map((e) => e.close()));
  });

  const start = async (o: Parameters<typeof startEndpoint>[0] extends infer T ? Partial<T> : never) => {
    const e = await startEndpoint({ pwsh: pwsh.path, schemes: ['ntlm'], users: { alice: PASSWORD }, ...o });
    endpoints.push(e);
    return e;
  };

  const linted = (r: { code: number; stdout: string; stderr: string }, target: string) => {
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.stdout).not.toContain(PASSWORD);
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.targets).toHaveLength(1);
    expect(report.targets[0]).toMatchObject({ target, platform: 'windows', error: null });
    return report;
  };

  it('winrm:// (HTTP, NTLM with message encryption)', { timeout: LONG }, async () => {
    const ep = await start({});
    const target = `winrm://alice@127.0.0.1:${ep.port}`;
    linted(await preseal(['lint', target, '--format', 'json', '--timeout', '300'], { PRESEAL_PASSWORD: PASSWORD }), target);
    expect(ep.actions.slice(-2)).toEqual(['Signal', 'Delete']);
  });

  it('winrms:// (HTTPS, NTLM with channel binding) with --ca', { timeout: LONG }, async () => {
    const ep = await start({ tls: cert, cbt: 'strict' });
    const target = `winrms://alice@127.0.0.1:${ep.port}`;
    linted(await preseal(['lint', target, '--ca', cert.certFile, '--format', 'json', '--timeout', '300'], { PRESEAL_PASSWORD: PASSWORD }), target);
  });

  it('winrms:// with --auth basic, password from --password-env', { timeout: LONG }, async () => {
    const ep = await start({ tls: cert, schemes: ['basic'] });
    const target = `winrms://alice@127.0.0.1:${ep.port}`;
    linted(
      await preseal(['lint', target, '--auth', 'basic', '--ca', cert.certFile, '--password-env', 'VM_PASS', '--format', 'json', '--timeout', '300'], {
        VM_PASS: PASSWORD,
      }),
      target,
    );
    expect(ep.logins).toEqual(['alice']);
  });

  it('a wrong password: exit 3, one line and a hint', { timeout: LONG }, async () => {
    const ep = await start({});
    const target = `winrm://alice@127.0.0.1:${ep.port}`;
    const r = await preseal(['lint', target, '--format', 'json'], { PRESEAL_PASSWORD: 'wrong-password' });
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain('wrong-password');
    const all = r.stderr.trim().split('\n');
    // winrm:// says first that NTLM over HTTP exposes a crackable response to whoever answers.
    expect(all[0]).toMatch(
      new RegExp(`^preseal: warning: ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: NTLM over plain HTTP does not authenticate the server`),
    );
    const lines = all.slice(1);
    expect(lines[0]).toBe(`preseal: ${target}: authenticate: 127.0.0.1:${ep.port} refused the credentials (HTTP 401)`);
    expect(lines[1]).toMatch(/^ {2}hint: .*LocalAccountTokenFilterPolicy/);
    expect(lines).toHaveLength(2);
  });

  it('Basic over plain HTTP without --insecure-allow-unencrypted: exit 3, nothing sent', { timeout: LONG }, async () => {
    const ep = await start({ schemes: ['basic'], allowUnencrypted: true });
    const target = `winrm://alice@127.0.0.1:${ep.port}`;
    const r = await preseal(['lint', target, '--auth', 'basic', '--format', 'json'], { PRESEAL_PASSWORD: PASSWORD });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')[0]).toMatch(
      /^preseal: winrm:\/\/alice@127\.0\.0\.1:\d+: authenticate: Basic authentication over plain HTTP .* refused$/,
    );
    expect(ep.actions).toEqual([]);
    expect(ep.logins).toEqual([]);
  });
});
