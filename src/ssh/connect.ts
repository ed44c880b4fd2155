import type { Duplex } from 'node:stream';
import ssh2, { type Client, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import { TargetError } from '../errors.js';
import type { SshAuth } from './auth.js';
import type { HostKeyCheck } from './host-key.js';
import { DEFAULT_PASSWORD_ENV } from '../transports/password.js';

export interface Hop {
  target: string;
  /** '' for the target itself, `jump host NAME: ` for a ProxyJump hop. */
  prefix: string;
  /** The address to connect to (HostName) and port. */
  host: string;
  port: number;
  username: string;
  hostKey: HostKeyCheck;
  auth: SshAuth;
  readyTimeoutMs: number;
  /** A stream through the previous hop (ProxyJump). */
  sock?: Duplex;
  debug: ((message: string) => void) | undefined;
  /** Every client made, so the caller can end them all. */
  clients: ClientSet;
}

/**
 * The connections of one run. Once closed (the run finished or timed out), a connection made
 * late by a still-pending step is ended at once instead of outliving the run.
 */
export class ClientSet {
  private readonly clients: Client[] = [];
  private closed = false;

  track(client: Client): void {
    this.clients.push(client);
    if (this.closed) client.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  closeAll(): void {
    this.closed = true;
    for (const c of [...this.clients].reverse()) {
      c.end();
      // end() half-closes and waits for the server to close too; a peer that never does must not
      // keep the process alive. ssh2's destroy() does nothing once end() made the socket
      // unwritable, so the socket under the client is destroyed itself.
      setTimeout(() => destroyClient(c), CLOSE_GRACE_MS).unref();
    }
  }
}

/** How long a connection may take to close after the run is over. */
export const CLOSE_GRACE_MS = 2000;

/** Ends a connection now, whatever state ssh2 believes it is in. */
export function destroyClient(client: Client): void {
  client.destroy();
  (client as unknown as { _sock?: Duplex })._sock?.destroy();
}

interface SshError extends Error {
  level?: string;
  code?: string;
}

/** Turns what ssh2 reports into one line a person can act on. */
export function connectError(hop: Hop, err: SshError): TargetError {
  if (hop.hostKey.refusal) return hop.hostKey.refusal;
  if (hop.auth.failure) {
    return hop.auth.failure instanceof TargetError ? hop.auth.failure : new TargetError(hop.target, 'authenticate', `${hop.prefix}${hop.auth.failure.message}`);
  }
  const where = `${hop.host}:${hop.port}`;
  const t = hop.target;
  const p = hop.prefix;
  if (err.level === 'client-authentication') {
    return new TargetError(
      t,
      'authenticate',
      `${p}${hop.auth.describe()}`,
      `pass --identity FILE, load the key into ssh-agent, or put the password in $${DEFAULT_PASSWORD_ENV} (see --password-env)`,
    );
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return new TargetError(t, 'connect', `${p}connection refused by ${where}`, 'is sshd running there, and is the port right?');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new TargetError(t, 'resolve', `${p}cannot resolve the host name ${hop.host} (${err.code})`, 'check the name, or the HostName in your ssh config');
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TargetError(
        t,
        'connect',
        `${p}cannot reach ${where} (${err.code})`,
        'check the address, firewall or NSG rules, and that the machine is running',
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return new TargetError(
        t,
        'connect',
        `${p}${where} closed the connection during the SSH handshake`,
        'is this an SSH server, and does it allow this client address (sshd AllowUsers, TCP wrappers, fail2ban)?',
      );
  }
  if (err.level === 'client-timeout') {
    return new TargetError(
      t,
      'connect',
      `${p}no SSH handshake from ${where} within ${Math.round(hop.readyTimeoutMs / 1000)} s`,
      'is an SSH server listening on that port? raise --timeout for slow links',
    );
  }
  if (err.level === 'handshake' && /no matching host key format/.test(err.message)) {
    return new TargetError(
      t,
      'host-key',
      `${p}${where} offers no host key algorithm preseal accepts (ssh-rsa, RSA signed with SHA-1, is refused as OpenSSH 8.8 and later refuse it)`,
      'give the server an ed25519 or ECDSA host key (ssh-keygen -A), or an sshd that signs RSA keys with rsa-sha2-256/512 (OpenSSH 7.2+)',
    );
  }
  if (err.level === 'handshake') {
    return new TargetError(t, 'connect', `${p}the SSH handshake with ${where} failed: ${err.message}`);
  }
  if (/Connection lost before handshake/.test(err.message)) {
    return new TargetError(
      t,
      'connect',
      `${p}${where} closed the connection before the SSH handshake finished`,
      'is this an SSH server, and does it allow this client address?',
    );
  }
  return new TargetError(t, 'connect', `${p}${where}: ${err.message}`);
}

/**
 * Connects and authenticates one hop. Settles once: ssh2 may emit two errors (a timeout, then
 * "Connection lost") and a close; only the first counts.
 */
export function connectHop(hop: Hop): Promise<Client> {
  return new Promise((resolve, reject) => {
    if (hop.clients.isClosed) {
      // The run was given up (its deadline passed) while this hop waited: no new connection.
      reject(new TargetError(hop.target, 'connect', `${hop.prefix}the run was given up`));
      return;
    }
    const client = new ssh2.Client();
    hop.clients.track(client);
    let settled = false;
    const settle = (err: TargetError | undefined) => {
      if (settled) return;
      settled = true;
      if (err) {
        client.end();
        reject(err);
      } else resolve(client);
    };
    client.on('error', (err: SshError) => settle(connectError(hop, err)));
    client.on('handshake', () => hop.hostKey.recordIfNew());
    client.on('ready', () => settle(undefined));
    client.on('close', () => settle(connectError(hop, Object.assign(new Error('Connection lost before handshake'), { level: 'protocol' }))));
    const config: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      username: hop.username,
      readyTimeout: hop.readyTimeoutMs,
      keepaliveInterval: 10_000,
      keepaliveCountMax: 3,
      hostVerifier: hop.hostKey.verify,
      authHandler: hop.auth.handler,
      algorithms: { serverHostKey: hop.hostKey.algorithms() as ServerHostKeyAlgorithm[] },
      ...(hop.sock ? { sock: hop.sock } : {}),
      ...(hop.debug ? { debug: hop.debug } : {}),
    };
    hop.debug?.(`${hop.target}: ${hop.prefix}connecting to ${hop.host}:${hop.port} as ${hop.username}`);
    try {
      client.connect(config);
    } catch (e) {
      settle(new TargetError(hop.target, 'connect', `${hop.prefix}${(e as Error).message}`));
    }
  });
}

/** Opens a TCP stream to host:port through an authenticated hop (ProxyJump). */
export function forward(target: string, via: Client, viaName: string, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
      if (err)
        reject(
          new TargetError(
            target,
            'connect',
            `jump host ${viaName} could not open a connection to ${host}:${port}: ${err.message}`,
            'check the address as the jump host sees it, and that its sshd allows TCP forwarding',
          ),
        );
      else resolve(stream);
    });
  });
}
