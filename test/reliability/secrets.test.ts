import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reframe, startFakeSsh, type FakeSsh } from '../helpers/fake-ssh.js';
import { findPwsh, skipWithout } from '../helpers/real.js';
import { cleanSpec, makeTree, OVF_ENV, PASSWD, removeTree } from '../linux/trees.js';
import { startEndpoint, type Endpoint } from '../winrm/server.js';
import { ensureBuilt, jsonReport, probeOutput, runTracked, type TrackedRun } from './helpers.js';

/**
 * A canary password must never come out of preseal: not in any report format, log line, error,
 * --debug output or saved facts file; and what `collect` meets on a target (passwords in answer
 * files, keys, cloud credentials, shell history) is recorded as present and where, never its value.
 */
const CANARY = 'Canary-7f3e9a1c!';
/** Every canary planted below contains this, so one search finds any of them. */
const MARK = '7f3e9a1c';
const FORMATS = ['json', 'sarif', 'junit', 'markdown', 'github'] as const;

let tmp: string;
let probeRoot: string;
let valid: Buffer;
const servers: FakeSsh[] = [];

beforeAll(async () => {
  await ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'preseal-secrets-'));
  probeRoot = makeTree(cleanSpec());
  valid = await probeOutput(probeRoot);
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (probeRoot) removeTree(probeRoot);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Every encoding a leak could take in our outputs: plain, JSON/XML-escaped, base64, hex, UTF-16. */
function leakForms(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/!/g, '&#33;'),
    Buffer.from(secret).toString('base64').slice(0, 16),
    Buffer.from(secret).toString('hex'),
  ];
}

function expectNoLeak(what: string, text: string, secret = MARK): void {
  for (const form of leakForms(secret)) {
    const at = text.indexOf(form);
    expect(at, `${what} holds the secret: …${text.slice(Math.max(0, at - 80), at + 80)}…`).toBe(-1);
  }
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** A lint writing every format at once (pretty on stdout), --debug on, the GitHub step summary to a file. */
async function lintAllFormats(target: string, outDir: string, extra: string[], env: NodeJS.ProcessEnv): Promise<TrackedRun> {
  const timeout = extra.includes('--timeout') ? [] : ['--timeout', '60'];
  const args = [
    'lint',
    target,
    '--format',
    'pretty',
    ...FORMATS.flatMap((f) => ['--format', `${f}=${join(outDir, `report.${f}`)}`]),
    '--debug',
    ...timeout,
    ...extra,
  ];
  return runTracked(args, { env: { GITHUB_STEP_SUMMARY: join(outDir, 'step-summary.md'), ...env } });
}

function expectNoLeakAnywhere(run: TrackedRun, outDir: string, secret = MARK): void {
  expectNoLeak('stdout', run.stdout, secret);
  expectNoLeak('stderr (with --debug)', run.stderr, secret);
  for (const f of filesIn(outDir)) expectNoLeak(f, readFileSync(f, 'utf8'), secret);
}

describe.concurrent('the SSH password', () => {
  it('authenticates, then appears in no report format, no --debug line and no step summary', async () => {
    const s = await startFakeSsh({ password: CANARY, onExec: ({ reply, stdin }) => reply(reframe(valid, stdin)) });
    servers.push(s);
    const out = mkdtempSync(join(tmp, 'ok-'));
    const kh = join(out, '..', `kh-${s.port}`);
    s.writeKnownHosts(kh);
    const run = await lintAllFormats(`ssh://admin@127.0.0.1:${s.port}`, out, ['--known-hosts', kh], { PRESEAL_PASSWORD: CANARY });
    expect([0, 1], run.stderr).toContain(run.code);
    expect(s.passwordAccepted).toBe(true);
    // Every format was written, so the search below covers them all.
    for (const f of FORMATS) expect(existsSync(join(out, `report.${f}`)), f).toBe(true);
    expect(run.stderr).toMatch(/^debug: /m);
    expectNoLeakAnywhere(run, out);
  });

  it('a wrong password: exit 3 at the authenticate step, and neither the error nor --debug shows it', async () => {
    const s = await startFakeSsh({ password: 'the-right-one', onExec: ({ reply, stdin }) => reply(reframe(valid, stdin)) });
    servers.push(s);
    const out = mkdtempSync(join(tmp, 'bad-'));
    const kh = join(out, '..', `kh-${s.port}`);
    s.writeKnownHosts(kh);
    const run = await lintAllFormats(`ssh://admin@127.0.0.1:${s.port}`, out, ['--known-hosts', kh], { PRESEAL_PASSWORD: CANARY });
    expect(run.code, run.stderr).toBe(3);
    expect(s.passwordAccepted).toBe(false);
    expect(s.authMethods).toContain('password');
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).targets[0].error.step).toBe('authenticate');
    expectNoLeakAnywhere(run, out);
  });

  it('collect --debug with password auth saves no trace of it', async () => {
    const s = await startFakeSsh({ password: CANARY, onExec: ({ reply, stdin }) => reply(reframe(valid, stdin)) });
    servers.push(s);
    const out = mkdtempSync(join(tmp, 'collect-'));
    const kh = join(out, '..', `kh-${s.port}`);
    s.writeKnownHosts(kh);
    const run = await runTracked(
      ['collect', `ssh://admin@127.0.0.1:${s.port}`, '--known-hosts', kh, '--debug', '--timeout', '60', '-o', join(out, 'facts.json')],
      { env: { PRESEAL_PASSWORD: CANARY } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(s.passwordAccepted).toBe(true);
    expectNoLeakAnywhere(run, out);
  });

  it('there is no flag that takes a password on the command line', async () => {
    const s = await startFakeSsh({ password: CANARY, onExec: ({ reply, stdin }) => reply(reframe(valid, stdin)) });
    servers.push(s);
    const kh = join(tmp, `kh-argv-${s.port}`);
    s.writeKnownHosts(kh);
    for (const flag of ['--password', '--pass', '-p']) {
      const run = await runTracked(['lint', `ssh://admin@127.0.0.1:${s.port}`, '--known-hosts', kh, flag, CANARY, '--format', 'json', '--timeout', '20']);
      expect(run.code, `${flag}: ${run.stderr}`).toBe(2);
    }
    expect(s.authMethods).toEqual([]);
  });

  it('a password written into the target URL is refused, not sent and not echoed', async () => {
    const s = await startFakeSsh({ password: CANARY, onExec: ({ reply, stdin }) => reply(reframe(valid, stdin)) });
    servers.push(s);
    const out = mkdtempSync(join(tmp, 'url-'));
    const kh = join(out, '..', `kh-${s.port}`);
    s.writeKnownHosts(kh);
    const run = await lintAllFormats(`ssh://admin:${CANARY}@127.0.0.1:${s.port}`, out, ['--known-hosts', kh], {});
    expect(s.passwordAccepted).toBe(false);
    expectNoLeakAnywhere(run, out);
    expect(run.code, run.stderr).toBe(2);
    expect(s.authMethods).toEqual([]);
  });
});

const pwsh = findPwsh();
const noPwsh = skipWithout(pwsh, 'the WinRM password canary');

describe.skipIf(noPwsh)('the WinRM password', () => {
  const endpoints: Endpoint[] = [];
  afterAll(async () => {
    await Promise.all(endpoints.map((e) => e.close()));
  });

  it('a wrong password: exit 3, and no format, --debug line or error shows it', async () => {
    const e = await startEndpoint({ pwsh: pwsh.path, schemes: ['ntlm'], users: { alice: 'the-right-one' } });
    endpoints.push(e);
    const out = mkdtempSync(join(tmp, 'winrm-bad-'));
    const run = await lintAllFormats(`winrm://alice@127.0.0.1:${e.port}`, out, [], { PRESEAL_PASSWORD: CANARY });
    expect(run.code, run.stderr).toBe(3);
    expect(e.logins).toEqual([]);
    expectNoLeakAnywhere(run, out);
  });

  it('authenticates with NTLM and runs the probe; the password appears nowhere', async () => {
    const e = await startEndpoint({ pwsh: pwsh.path, schemes: ['ntlm'], users: { alice: CANARY } });
    endpoints.push(e);
    const out = mkdtempSync(join(tmp, 'winrm-ok-'));
    const run = await lintAllFormats(`winrm://alice@127.0.0.1:${e.port}`, out, ['--timeout', '280'], { PRESEAL_PASSWORD: CANARY });
    expect(e.logins.length, run.stderr).toBeGreaterThan(0);
    expect([0, 1], run.stderr).toContain(run.code);
    expectNoLeakAnywhere(run, out);
  }, 300_000);
});

describe('collect of a root tree that holds secrets', () => {
  const secrets = {
    unattend: `Canary-${MARK}-unattend`,
    privateKey: `Canary${MARK}PrivateKeyBody`,
    aws: `Canary-${MARK}-aws-secret`,
    history: `Canary-${MARK}-history-token`,
    shadow: `Canary${MARK}ShadowHash`,
    fstab: `Canary-${MARK}-cifs`,
    cloudInit: `Canary-${MARK}-cloud-init`,
    networkManager: `Canary-${MARK}-wifi-psk`,
  };
  let root: string;
  let out: string;
  let run: TrackedRun;
  let facts: Record<string, unknown>;

  beforeAll(async () => {
    const spec = cleanSpec();
    root = makeTree({
      ...spec,
      'etc/passwd': `${PASSWD}alice:x:1002:1002::/home/alice:/bin/bash\n`,
      'etc/shadow': { content: `root:*:19700:0:99999:7:::\nalice:$6$salt$${secrets.shadow}:19700:0:99999:7:::\n`, mode: 0o640 },
      'etc/fstab': `UUID=0b7f8e43-52b5-4d37-a2a8-1d6c7cbf0a10 / ext4 errors=remount-ro 0 1\n//files.corp.example/share /mnt/share cifs username=svc,password=${secrets.fstab},vers=3.0 0 0\n`,
      'var/lib/waagent': { dir: true, mode: 0o700 },
      'var/lib/waagent/ovf-env.xml': {
        content: OVF_ENV.replace('<ns1:UserPassword>*</ns1:UserPassword>', `<ns1:UserPassword>${secrets.unattend}</ns1:UserPassword>`),
        mode: 0o600,
      },
      'etc/cloud/cloud.cfg.d/99-user.cfg': `#cloud-config\npassword: ${secrets.cloudInit}\nchpasswd:\n  expire: false\n  users:\n    - name: alice\n      password: ${secrets.cloudInit}\n      type: text\n`,
      'etc/NetworkManager/system-connections/office.nmconnection': {
        content: `[connection]\nid=office\ntype=wifi\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=${secrets.networkManager}\n`,
        mode: 0o600,
      },
      'root/.ssh/id_ed25519': { content: `-----BEGIN OPENSSH PRIVATE KEY-----\n${secrets.privateKey}\n-----END OPENSSH PRIVATE KEY-----\n`, mode: 0o600 },
      'home/alice/.ssh/deploy_key': { content: `-----BEGIN RSA PRIVATE KEY-----\n${secrets.privateKey}\n-----END RSA PRIVATE KEY-----\n`, mode: 0o600 },
      'home/alice/.aws/credentials': { content: `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${secrets.aws}\n`, mode: 0o600 },
      'home/alice/.bash_history': `ls\nexport API_TOKEN=${secrets.history}\nmysql -u root -p'${secrets.history}'\n`,
    });
    out = mkdtempSync(join(tmp, 'collect-root-'));
    run = await runTracked(['collect', `root:${root}`, '--debug', '--timeout', '120', '-o', join(out, 'facts.json')]);
    facts = (JSON.parse(readFileSync(join(out, 'facts.json'), 'utf8')) as { facts: Record<string, unknown> }).facts;
  }, 300_000);

  afterAll(() => {
    if (root) removeTree(root);
  });

  it('the facts file, stdout and --debug hold none of the secret values', () => {
    expect(run.code, run.stderr).toBe(0);
    const saved = readFileSync(join(out, 'facts.json'), 'utf8');
    // All leaks at once, by which planted secret and which fact group holds it.
    const groups = Object.entries(facts);
    const leaks = Object.entries(secrets).flatMap(([name, value]) => [
      ...groups.filter(([, v]) => JSON.stringify(v).includes(value)).map(([g]) => `${name} in facts.${g}`),
      ...(run.stderr.includes(value) ? [`${name} in --debug output`] : []),
    ]);
    expect(leaks).toEqual([]);
    expectNoLeak('facts file', saved);
    expectNoLeakAnywhere(run, out);
  });

  it('yet the facts record that each secret exists, and where', () => {
    const text = JSON.stringify(facts);
    for (const path of [
      '/root/.ssh/id_ed25519',
      '/home/alice/.ssh/deploy_key',
      '/home/alice/.aws/credentials',
      '/home/alice/.bash_history',
      '/var/lib/waagent/ovf-env.xml',
    ]) {
      expect(text, path).toContain(JSON.stringify(path));
    }
    const homes = facts['homeFiles'] as { secrets: { path: string; kind: string }[]; history: { path: string }[] };
    expect(homes.secrets.map((s) => s.path)).toEqual(
      expect.arrayContaining(['/root/.ssh/id_ed25519', '/home/alice/.ssh/deploy_key', '/home/alice/.aws/credentials']),
    );
    expect(homes.history.map((h) => h.path)).toContain('/home/alice/.bash_history');
    const shadow = facts['passwordHashes'] as { entries: { name: string; state: string }[] };
    expect(shadow.entries).toContainEqual({ name: 'alice', state: 'hash' });
  });

  it('a lint of the same tree in every format holds none of them either', async () => {
    const lintOut = mkdtempSync(join(tmp, 'lint-root-'));
    const lint = await lintAllFormats(`root:${root}`, lintOut, ['--verbose'], {});
    expect([0, 1], lint.stderr).toContain(lint.code);
    expect(jsonReport({ ...lint, stdout: readFileSync(join(lintOut, 'report.json'), 'utf8') }).targets[0]?.error).toBeNull();
    expectNoLeakAnywhere(lint, lintOut);
  }, 180_000);
});
