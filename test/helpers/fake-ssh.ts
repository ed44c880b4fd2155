import { writeFileSync } from 'node:fs';
import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2, { type Connection, type ServerChannel } from 'ssh2';
import { ENVELOPE_BEGIN, ENVELOPE_END, envelopeMarkers } from '../../src/facts/envelope.js';

/**
 * A scripted SSH server on ssh2's own `Server`, for faults a real sshd cannot be made to show:
 * a connection dropped mid-probe, output that never ends, a stall, garbage instead of facts.
 * Gotchas (research/ecosystem.md §1.6): every server-side connection gets an 'error' handler (a
 * client that refuses the host key makes it emit KEY_EXCHANGE_FAILED), and replies write stderr
 * first, then stdout, then exit/end in the last write's callback (ssh2's server resumes only
 * stdout when both wait on the window).
 */
export interface ExecContext {
  command: string;
  /** Everything the client sent on stdin (the probe script), once it sent EOF. */
  stdin: Buffer;
  channel: ServerChannel;
  connection: Connection;
  /** The TCP socket under the connection, to cut it without an SSH goodbye. */
  socket: Socket;
  /** stderr, then stdout, then the exit status and the channel's end. */
  reply(stdout: string | Buffer, options?: { stderr?: string | Buffer; code?: number }): void;
}

export interface FakeSshOptions {
  /** Software version in the identification string, e.g. `OpenSSH_for_Windows_9.5`. */
  ident?: string;
  /** The one password accepted (password and keyboard-interactive). Without it, any public key is. */
  password?: string;
  /** Runs once the client authenticated, before any channel; e.g. cut the socket. */
  onReady?: (connection: Connection, socket: Socket) => void;
  /** Runs for each exec request, after the client closed stdin. */
  onExec?: (ctx: ExecContext) => void;
  /** The host key's type (default ed25519). */
  hostKeyType?: 'ed25519' | 'rsa';
  /** Host key algorithms the server offers (ssh2's Server algorithms.serverHostKey). */
  serverHostKey?: string[];
  /**
   * keyboard-interactive only, asking these rounds of prompts in turn; the client is accepted
   * once it answered every round and the first answer was the password.
   */
  keyboardInteractive?: { prompt: string; echo: boolean }[][];
}

export interface FakeSsh {
  port: number;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA…` */
  knownHostsLine: string;
  /** The host key blob, base64. */
  hostPublicKey: string;
  /** Commands the client asked to run. */
  execs: string[];
  /** Authentication attempts, by method (never the secret). */
  authMethods: string[];
  /** Whether a password attempt carried the expected password. */
  passwordAccepted: boolean;
  /** keyboard-interactive answers, round by round (secrets included: tests check where they went). */
  kbdAnswers: string[][];
  writeKnownHosts(file: string): void;
  stop(): Promise<void>;
}

function listen(server: NetServer | ssh2.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = (server as NetServer).address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/**
 * An ed25519 key pair ssh2 can read back. About 3 in 1000 keys from ssh2's own
 * generateKeyPairSync fail its parseKey ("Malformed OpenSSH private key"), which made tests flaky.
 */
export function usableEd25519KeyPair(): ReturnType<typeof ssh2.utils.generateKeyPairSync> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error('ssh2 generated no readable ed25519 key in 20 tries');
}

export async function startFakeSsh(options: FakeSshOptions = {}): Promise<FakeSsh> {
  const hostKey = options.hostKeyType === 'rsa' ? ssh2.utils.generateKeyPairSync('rsa', { bits: 2048 }) : usableEd25519KeyPair();
  const [keyType, hostPublicKey] = hostKey.public.trim().split(/\s+/) as [string, string];
  const execs: string[] = [];
  const authMethods: string[] = [];
  const kbdAnswers: string[][] = [];
  const sockets = new Set<Socket>();
  const state = { passwordAccepted: false };
  const serverConfig = {
    hostKeys: [hostKey.private],
    ...(options.ident ? { ident: options.ident } : {}),
    ...(options.serverHostKey ? { algorithms: { serverHostKey: options.serverHostKey } } : {}),
  } as ConstructorParameters<typeof ssh2.Server>[0];
  const server = new ssh2.Server(serverConfig, (connection) => {
    connection.on('error', () => {});
    const socket = (connection as unknown as { _sock: Socket })._sock;
    connection.on('authentication', (ctx) => {
      authMethods.push(ctx.method);
      if (options.keyboardInteractive) {
        if (ctx.method !== 'keyboard-interactive') return ctx.reject(['keyboard-interactive']);
        const rounds = [...options.keyboardInteractive];
        const ask = (): void => {
          const round = rounds.shift();
          if (!round) {
            if (kbdAnswers[0]?.[0] === options.password) {
              state.passwordAccepted = true;
              ctx.accept();
            } else ctx.reject(['keyboard-interactive']);
            return;
          }
          ctx.prompt(round, (answers) => {
            kbdAnswers.push([...answers]);
            if (answers.length !== round.length) return ctx.reject(['keyboard-interactive']);
            ask();
          });
        };
        ask();
        return;
      }
      const methods = options.password !== undefined ? ['password', 'keyboard-interactive'] : ['publickey'];
      if (options.password === undefined) {
        if (ctx.method === 'publickey') return ctx.accept();
        return ctx.reject(methods as never);
      }
      if (ctx.method === 'password') {
        if (ctx.password === options.password) {
          state.passwordAccepted = true;
          return ctx.accept();
        }
        return ctx.reject(methods as never);
      }
      if (ctx.method === 'keyboard-interactive') {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          if (answers[0] === options.password) {
            state.passwordAccepted = true;
            ctx.accept();
          } else ctx.reject(methods as never);
        });
        return;
      }
      ctx.reject(methods as never);
    });
    connection.on('ready', () => {
      options.onReady?.(connection, socket);
      connection.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          execs.push(info.command);
          const channel = acceptExec();
          channel.on('error', () => {});
          const input: Buffer[] = [];
          channel.on('data', (d: Buffer) => input.push(d));
          channel.once('end', () => {
            const reply: ExecContext['reply'] = (stdout, o = {}) => {
              const finish = () =>
                channel.write(stdout, () => {
                  channel.exit(o.code ?? 0);
                  channel.end();
                });
              if (o.stderr !== undefined && o.stderr.length > 0) channel.stderr.write(o.stderr, finish);
              else finish();
            };
            options.onExec?.({ command: info.command, stdin: Buffer.concat(input), channel, connection, socket, reply });
          });
        });
      });
    });
  });
  // ssh2's Server wraps a net.Server; its own 'connection' event carries the SSH connection.
  (server as unknown as { _srv: NetServer })._srv.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  const knownHostsLine = `[127.0.0.1]:${port} ${keyType} ${hostPublicKey}`;
  return {
    port,
    knownHostsLine,
    hostPublicKey,
    execs,
    authMethods,
    kbdAnswers,
    get passwordAccepted() {
      return state.passwordAccepted;
    },
    writeKnownHosts: (file) => writeFileSync(file, `${knownHostsLine}\n`),
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP listener that accepts and never says a word (no SSH identification line). */
export async function startSilentListener(): Promise<{ port: number; connections(): number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return {
    port,
    connections: () => count,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The nonce preseal put into the probe it sent: the Linux script, or the Windows base64 payload. */
export function probeNonce(stdin: Buffer): string | undefined {
  const text = stdin.toString('utf8');
  const linux = /^PRESEAL_NONCE='([0-9a-f]+)'$/m.exec(text);
  if (linux) return linux[1];
  const windows = /^\$PresealNonce = '([0-9a-f]+)'$/m.exec(Buffer.from(text.trim(), 'base64').toString('utf8'));
  return windows?.[1];
}

/** `body` between the markers of the run whose probe was `stdin`, as the real probe frames it. */
export function framedFor(stdin: Buffer, body: string | Buffer): Buffer {
  const { begin, end } = envelopeMarkers(probeNonce(stdin));
  return Buffer.concat([Buffer.from(`\n${begin}\n`), Buffer.from(body), Buffer.from(`\n${end}\n`)]);
}

/** Real probe output (run by hand, fixed markers) as the probe sent in `stdin` would have printed it. */
export function reframe(output: Buffer, stdin: Buffer): Buffer {
  const { begin, end } = envelopeMarkers(probeNonce(stdin));
  return Buffer.from(output.toString('utf8').replace(`\n${ENVELOPE_BEGIN}\n`, `\n${begin}\n`).replace(`\n${ENVELOPE_END}\n`, `\n${end}\n`), 'utf8');
}

/**
 * A TCP relay to `port` that never closes its side towards the client: it ignores the client's
 * FIN and keeps the connection open, like a peer that never answers the disconnect. stop() ends it.
 */
export async function startNeverClosingRelay(port: number): Promise<{ port: number; connections(): number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer({ allowHalfOpen: true }, (client) => {
    count++;
    const upstream = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream, { end: false });
    upstream.pipe(client, { end: false });
  });
  const listening = await listen(server);
  return {
    port: listening,
    connections: () => count,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
