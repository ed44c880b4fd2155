import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type Connection, type ServerChannel } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probePayload } from '../../src/probes/windows.js';
import { parseTarget } from '../../src/targets.js';
import { collectOverSsh, platformFromIdent } from '../../src/transports/ssh.js';
import type { ConnectOptions } from '../../src/transports/options.js';
import { framedFor, probeNonce, usableEd25519KeyPair } from '../helpers/fake-ssh.js';
import { targetError } from '../helpers/target-error.js';

/**
 * ssh2's own Server, in process, for what a loopback sshd cannot show without a real account
 * password or a Windows host: password and keyboard-interactive auth, the Windows identification
 * string, a missing exit status, a runaway output.
 */
type Behaviour = {
  ident?: string;
  methods: ('password' | 'keyboard-interactive')[];
  password: string;
  onExec: (command: string, stdin: Buffer, channel: ServerChannel) => void;
};

const PASSWORD = 'correct horse battery staple';
const tmp = mkdtempSync(join(tmpdir(), 'preseal-fake-ssh-'));
const hostKey = usableEd25519KeyPair();

/** An empty envelope, framed with the markers of the probe the client sent on stdin. */
function envelopeText(platform: 'linux' | 'windows', stdin: Buffer): Buffer {
  const env = { schemaVersion: 2, platform, probe: { version: 'test' }, facts: {}, errors: {}, notApplicable: {} };
  return framedFor(stdin, JSON.stringify(env));
}

async function startFake(b: Behaviour): Promise<{ port: number; knownHosts: string; execs: string[]; stop: () => Promise<void> }> {
  const execs: string[] = [];
  const conns: Connection[] = [];
  const server = new ssh2.Server({ hostKeys: [hostKey.private], ...(b.ident ? { ident: b.ident } : {}) }, (client) => {
    conns.push(client);
    // A client that rejects the host key makes the server side emit an error; never crash on it.
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && b.methods.includes('password') && ctx.password === b.password) return ctx.accept();
      if (ctx.method === 'keyboard-interactive' && b.methods.includes('keyboard-interactive')) {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], 'login', (answers) => {
          if (answers[0] === b.password) ctx.accept();
          else ctx.reject(b.methods);
        });
        return;
      }
      ctx.reject(b.methods);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          execs.push(info.command);
          const channel = acceptExec();
          const input: Buffer[] = [];
          channel.on('data', (d: Buffer) => input.push(d));
          channel.on('end', () => b.onExec(info.command, Buffer.concat(input), channel));
        });
      });
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', function (this: { address(): { port: number } }) {
      resolve(this.address().port);
    }),
  );
  const pub = hostKey.public.trim().split(/\s+/);
  const knownHosts = join(tmp, `known_hosts_${port}`);
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${pub[0]} ${pub[1]}\n`);
  return {
    port,
    knownHosts,
    execs,
    stop: () =>
      new Promise((resolve) => {
        for (const c of conns) c.end();
        server.close(() => resolve());
      }),
  };
}

function spec(port: number, user = 'admin') {
  const s = parseTarget(`ssh://${user}@127.0.0.1:${port}`);
  if (s.kind !== 'ssh') throw new Error('not ssh');
  return s;
}

const replyLinux = (_c: string, input: Buffer, ch: ServerChannel) => {
  ch.write(envelopeText('linux', input), () => {
    ch.exit(0);
    ch.end();
  });
};

describe('ssh:// against ssh2 Server in process', () => {
  const env = 'PRESEAL_TEST_SSH_PASSWORD';
  let debugLines: string[] = [];
  let base: ConnectOptions;
  beforeAll(() => {
    // No stray keys or agent of the person running the tests.
    process.env['PRESEAL_SSH_NO_CLIENT'] = '1';
    process.env['PRESEAL_SSH_CONFIG'] = join(tmp, 'no-config');
    delete process.env['SSH_AUTH_SOCK'];
  });
  afterAll(() => {
    delete process.env['PRESEAL_SSH_NO_CLIENT'];
    delete process.env['PRESEAL_SSH_CONFIG'];
  });
  afterEach(() => {
    delete process.env[env];
    // The password never reaches debug output.
    expect(debugLines.join('\n')).not.toContain(PASSWORD);
    debugLines = [];
  });
  const options = (knownHosts: string, extra: Partial<ConnectOptions> = {}): ConnectOptions => {
    base = { timeoutMs: 20_000, knownHosts, passwordEnv: env, debug: (m) => debugLines.push(m), ...extra };
    return base;
  };

  it('authenticates with a password from the environment variable', async () => {
    const fake = await startFake({ methods: ['password'], password: PASSWORD, onExec: replyLinux });
    try {
      process.env[env] = PASSWORD;
      await expect(collectOverSsh(spec(fake.port), options(fake.knownHosts))).resolves.toMatchObject({ platform: 'linux' });
      expect(fake.execs).toEqual(['echo preseal-shell-started; sh -s --']);
    } finally {
      await fake.stop();
    }
  });

  it('answers keyboard-interactive with the password', async () => {
    const fake = await startFake({ methods: ['keyboard-interactive'], password: PASSWORD, onExec: replyLinux });
    try {
      process.env[env] = PASSWORD;
      await expect(collectOverSsh(spec(fake.port), options(fake.knownHosts))).resolves.toMatchObject({ platform: 'linux' });
    } finally {
      await fake.stop();
    }
  });

  it('asks the prompt when the variable is empty, and a wrong password fails without showing it', async () => {
    const fake = await startFake({ methods: ['password', 'keyboard-interactive'], password: PASSWORD, onExec: replyLinux });
    try {
      const asked: string[] = [];
      const prompt = async (q: string) => {
        asked.push(q);
        return PASSWORD;
      };
      await expect(collectOverSsh(spec(fake.port), options(fake.knownHosts, { prompt }))).resolves.toMatchObject({ platform: 'linux' });
      expect(asked).toEqual(['Password for admin@127.0.0.1: ']);

      process.env[env] = `${PASSWORD}-wrong`;
      const e = await targetError(collectOverSsh(spec(fake.port), options(fake.knownHosts)));
      expect(e.step).toBe('authenticate');
      expect(e.message).toBe(
        `authentication as admin failed: tried password (from $${env}), keyboard-interactive (from $${env}); the server accepts password, keyboard-interactive`,
      );
      expect(`${e.message} ${e.hint}`).not.toContain(PASSWORD);
    } finally {
      await fake.stop();
    }
  });

  it('says nothing was available when there is no key, agent or password', async () => {
    const fake = await startFake({ methods: ['password'], password: PASSWORD, onExec: replyLinux });
    try {
      const e = await targetError(collectOverSsh(spec(fake.port), options(fake.knownHosts)));
      expect(e.step).toBe('authenticate');
      expect(e.message).toMatch(/tried nothing/);
    } finally {
      await fake.stop();
    }
  });

  it('runs the PowerShell bootstrap with the payload on stdin when the server is Windows OpenSSH', async () => {
    let stdin = '';
    const fake = await startFake({
      ident: 'OpenSSH_for_Windows_9.5',
      methods: ['password'],
      password: PASSWORD,
      onExec: (_c, input, ch) => {
        stdin = input.toString('utf8');
        ch.write(envelopeText('windows', input), () => {
          ch.exit(0);
          ch.end();
        });
      },
    });
    try {
      process.env[env] = PASSWORD;
      await expect(collectOverSsh(spec(fake.port), options(fake.knownHosts))).resolves.toMatchObject({ platform: 'windows' });
      expect(fake.execs).toHaveLength(1);
      expect(fake.execs[0]).toMatch(/^powershell\.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/);
      // The payload is the probe with this run's nonce for its envelope markers.
      const nonce = probeNonce(Buffer.from(stdin));
      expect(nonce).toMatch(/^[0-9a-f]{32}$/);
      expect(stdin).toBe(probePayload({ timeoutMs: 20_000, nonce: nonce as string }));
    } finally {
      await fake.stop();
    }
  });

  it('tells Windows from the identification string', () => {
    expect(platformFromIdent('OpenSSH_for_Windows_9.5')).toBe('windows');
    expect(platformFromIdent('OpenSSH_9.2p1')).toBe('linux');
    expect(platformFromIdent(undefined)).toBe('linux');
  });

  it('runs the probe through sudo -n with --sudo', async () => {
    const fake = await startFake({ methods: ['password'], password: PASSWORD, onExec: replyLinux });
    try {
      process.env[env] = PASSWORD;
      await collectOverSsh(spec(fake.port), options(fake.knownHosts, { sudo: true }));
      expect(fake.execs).toEqual(['echo preseal-shell-started; sudo -n sh -s --']);
    } finally {
      await fake.stop();
    }
  });

  it('a probe that prints no envelope and sends no exit status is a probe error', async () => {
    const fake = await startFake({
      methods: ['password'],
      password: PASSWORD,
      onExec: (_c, _i, ch) => {
        ch.stderr.write('sh: 1: syntax error\n');
        ch.end();
      },
    });
    try {
      process.env[env] = PASSWORD;
      const e = await targetError(collectOverSsh(spec(fake.port), options(fake.knownHosts)));
      expect(e.step).toBe('probe');
      expect(e.message).toContain('sh: 1: syntax error');
    } finally {
      await fake.stop();
    }
  });

  it('gives up on a probe that never finishes, within the run time limit, and closes the connection', async () => {
    let closed = false;
    const fake = await startFake({
      methods: ['password'],
      password: PASSWORD,
      onExec: (_c, _i, ch) => ch.on('close', () => (closed = true)),
    });
    try {
      process.env[env] = PASSWORD;
      const e = await targetError(collectOverSsh(spec(fake.port), options(fake.knownHosts, { timeoutMs: 1500 })));
      expect(e.step).toBe('probe');
      expect(e.message).toBe('the probe gave no result within 2 s');
      await expect.poll(() => closed).toBe(true);
    } finally {
      await fake.stop();
    }
  });

  it('stops a probe whose output passes the cap', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const fake = await startFake({
      methods: ['password'],
      password: PASSWORD,
      onExec: (_c, _i, ch) => {
        let sent = 0;
        const pump = () => {
          while (sent < 40 && !ch.destroyed) {
            sent++;
            if (!ch.write(chunk)) return void ch.once('drain', pump);
          }
          ch.exit(0);
          ch.end();
        };
        ch.on('error', () => {});
        pump();
      },
    });
    try {
      process.env[env] = PASSWORD;
      const e = await targetError(collectOverSsh(spec(fake.port), options(fake.knownHosts)));
      expect(e.step).toBe('probe');
      expect(e.message).toMatch(/printed more than 33554432 bytes/);
    } finally {
      await fake.stop();
    }
  });
});
