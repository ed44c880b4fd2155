import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPwsh, skipWithout, type RealPart } from '../helpers/real.js';
import { endpointScript, startEndpointProcess, type EndpointProcess } from './endpoint-process.js';

// Interop proof: an independent client, Debian's python3-winrm (pywinrm 0.3.0 with
// python3-requests-ntlm and python3-ntlm-auth), runs commands against scripts/winrm-endpoint in
// the three modes a Windows listener offers.

/** Debian's interpreter, which has python3-winrm (the `python3` on PATH may be another one); PRESEAL_TEST_PYTHON overrides it. */
const PYTHON = process.env['PRESEAL_TEST_PYTHON'] ?? '/usr/bin/python3';
const CLIENT = join(import.meta.dirname, 'pywinrm-client.py');
const USER = 'winrm-interop';
const PASSWORD = 'Interop pa55;"x"';
const LONG = 300_000;

function findPywinrm(): RealPart {
  const why = `Debian python3-winrm not importable by ${PYTHON} (install: apt-get install -y python3-winrm python3-requests-ntlm)`;
  if (!existsSync(PYTHON)) return { available: false, path: '', why };
  try {
    execFileSync(PYTHON, ['-c', 'import winrm, requests_ntlm, ntlm_auth'], { stdio: 'pipe' });
    return { available: true, path: PYTHON, why: '' };
  } catch {
    return { available: false, path: '', why };
  }
}

const pwsh = findPwsh();
const pywinrm = findPywinrm();
const skip = skipWithout(pwsh, 'pywinrm interop against the test endpoint') || skipWithout(pywinrm, 'pywinrm interop against the test endpoint');

interface CaseResult {
  out?: string;
  err?: string;
  code?: number;
  error?: string;
}

/**
 * OpenSSL 3 moved MD4, which NTLM needs, to the legacy provider: ntlm-auth calls hashlib's md4,
 * so the client runs with a configuration that loads it next to the default provider.
 */
function legacyOpensslConf(): string {
  const dir = mkdtempSync(join(tmpdir(), 'preseal-openssl-'));
  const file = join(dir, 'openssl.cnf');
  writeFileSync(
    file,
    [
      'openssl_conf = openssl_init',
      '[openssl_init]',
      'providers = provider_sect',
      '[provider_sect]',
      'default = default_sect',
      'legacy = legacy_sect',
      '[default_sect]',
      'activate = 1',
      '[legacy_sect]',
      'activate = 1',
      '',
    ].join('\n'),
  );
  return file;
}

function runClient(endpoint: string, transport: string, opensslConf: string): Promise<Record<string, CaseResult>> {
  // requests takes REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE over server_cert_validation='ignore', so they go.
  const env: NodeJS.ProcessEnv = { ...process.env, OPENSSL_CONF: opensslConf, PRESEAL_TEST_USER: USER, PRESEAL_TEST_PASSWORD: PASSWORD };
  delete env['REQUESTS_CA_BUNDLE'];
  delete env['CURL_CA_BUNDLE'];
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [CLIENT, endpoint, transport], { env, timeout: LONG - 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`pywinrm client failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as Record<string, CaseResult>);
    });
  });
}

describe.skipIf(skip)('pywinrm (Debian python3-winrm) against scripts/winrm-endpoint', () => {
  const running: EndpointProcess[] = [];
  let opensslConf: string;

  beforeAll(() => {
    opensslConf = legacyOpensslConf();
  });
  afterAll(async () => {
    await Promise.all(running.map((e) => e.stop()));
  }, 30_000);

  const start = async (args: string[]) => {
    const e = await startEndpointProcess(args, { PRESEAL_TEST_USER: USER, PRESEAL_TEST_PASSWORD: PASSWORD });
    running.push(e);
    return e;
  };

  const checkCases = (r: Record<string, CaseResult>) => {
    expect(r['cmd']).toEqual({ out: 'hello 42\n', err: '', code: 3 });
    // run_ps: `powershell -encodedcommand …` (no .exe), its CLIXML stderr cleaned by pywinrm itself.
    expect(r['ps']?.out).toBe('out: 2\n');
    expect(r['ps']?.code).toBe(0);
    expect(r['ps']?.err).toMatch(/bad thing/);
    expect(r['ps']?.err).not.toMatch(/#< CLIXML|\u001b|_x001B_/);
    // 300 kB of output cannot fit one 153600-byte envelope: it arrives over several Receives, whole.
    expect(r['unicode']?.error).toBeUndefined();
    expect(r['unicode']?.out).toBe(`café   ${'x'.repeat(300_000)}\n`);
  };

  it('scripts/winrm-endpoint is executable and prints one JSON line', { timeout: LONG }, async () => {
    expect(statSync(endpointScript).mode & 0o111).not.toBe(0);
    const e = await start(['--port', '0', '--mode', 'https-ntlm']);
    expect(e.port).toBeGreaterThan(0);
    expect(readFileSync(e.certFile!, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(await e.stop()).toBe(0);
  });

  it('HTTP with NTLM and message encryption', { timeout: LONG }, async () => {
    const e = await start(['--mode', 'http-ntlm']);
    expect(e.certFile).toBeNull();
    checkCases(await runClient(`http://127.0.0.1:${e.port}/wsman`, 'ntlm', opensslConf));
  });

  it('HTTPS with Basic', { timeout: LONG }, async () => {
    const e = await start(['--mode', 'https-basic']);
    checkCases(await runClient(`https://127.0.0.1:${e.port}/wsman`, 'basic', opensslConf));
  });

  it('HTTPS with NTLM and channel binding (strict), the first SOAP body sent with AUTHENTICATE', { timeout: LONG }, async () => {
    const e = await start(['--mode', 'https-ntlm', '--cbt', 'strict']);
    checkCases(await runClient(`https://127.0.0.1:${e.port}/wsman`, 'ntlm', opensslConf));
  });

  it('a wrong password is refused', { timeout: LONG }, async () => {
    const e = await start(['--mode', 'http-ntlm']);
    const env = { ...process.env, OPENSSL_CONF: opensslConf, PRESEAL_TEST_USER: USER, PRESEAL_TEST_PASSWORD: 'wrong' };
    const out = execFileSync(PYTHON, [CLIENT, `http://127.0.0.1:${e.port}/wsman`, 'ntlm'], { env, encoding: 'utf8' });
    expect(JSON.parse(out)['cmd'].error).toMatch(/InvalidCredentialsError/);
  });
});
