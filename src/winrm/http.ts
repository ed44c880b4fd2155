import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

// A minimal HTTP/1.1 client over ONE socket. NTLM authenticates a TCP connection, not a request,
// so every request of a session must go over the same socket; node:http's agents do not promise
// that, and fetch/undici pools sockets freely.

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A socket-level failure: refused, reset, closed mid-answer, TLS. `code` is Node's error code. */
export class HttpConnectionError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

export class HttpTimeoutError extends Error {}

export interface ConnectOptions {
  host: string;
  port: number;
  tls: boolean;
  ca?: Buffer;
  rejectUnauthorized: boolean;
  timeoutMs: number;
}

export class HttpConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;
  private waiter: { onData: () => void; onEnd: (e: Error) => void } | undefined;

  private constructor(private readonly socket: Socket | TLSSocket, readonly host: string) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.waiter?.onData();
    });
    const end = (e?: Error) => {
      if (this.closed) return;
      this.closed = true;
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      this.waiter?.onEnd(new HttpConnectionError(e ? e.message : 'the server closed the connection', code ?? 'ECONNRESET'));
    };
    socket.on('error', end);
    socket.on('close', () => end());
    socket.on('end', () => end());
  }

  static open(o: ConnectOptions): Promise<HttpConnection> {
    return new Promise((resolve, reject) => {
      const socket: Socket | TLSSocket = o.tls
        ? tlsConnect({
            host: o.host,
            port: o.port,
            rejectUnauthorized: o.rejectUnauthorized,
            ...(o.ca ? { ca: o.ca } : {}),
            ...(isIP(o.host) ? {} : { servername: o.host }),
          })
        : netConnect({ host: o.host, port: o.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new HttpTimeoutError(`no connection within ${Math.round(o.timeoutMs / 1000)} s`));
      }, o.timeoutMs);
      const fail = (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new HttpConnectionError(e.message, e.code));
      };
      socket.once('error', fail);
      socket.once(o.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.setNoDelay(true);
        resolve(new HttpConnection(socket, o.host));
      });
    });
  }

  get alive(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /** The server certificate (DER), for TLS channel binding. */
  peerCertificate(): Buffer | undefined {
    const s = this.socket as TLSSocket;
    if (typeof s.getPeerCertificate !== 'function') return undefined;
    const raw = s.getPeerCertificate(false)?.raw;
    return raw && raw.length ? raw : undefined;
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  request(path: string, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<HttpResponse> {
    if (!this.alive) return Promise.reject(new HttpConnectionError('the connection is closed', 'ECONNRESET'));
    if (this.waiter) return Promise.reject(new Error('one request at a time on a WinRM connection'));
    this.buffer = Buffer.alloc(0);
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${isIP(this.host) === 6 ? `[${this.host}]` : this.host}\r\n` +
      Object.entries({ ...headers, 'Content-Length': String(body.length), Connection: 'Keep-Alive' }).map(([k, v]) => `${k}: ${v}\r\n`).join('') +
      '\r\n';
    return new Promise<HttpResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.close();
        reject(new HttpTimeoutError(`no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const settle = (f: () => void) => {
        clearTimeout(timer);
        this.waiter = undefined;
        f();
      };
      this.waiter = {
        onData: () => {
          let parsed: HttpResponse | undefined;
          try {
            parsed = parseResponse(this.buffer, false);
          } catch (e) {
            this.close();
            settle(() => reject(e));
            return;
          }
          if (parsed) {
            this.buffer = Buffer.alloc(0);
            if (parsed.headers['connection']?.toLowerCase() === 'close') this.close();
            settle(() => resolve(parsed));
          }
        },
        onEnd: (e) => {
          // A response without a length ends with the connection.
          const parsed = (() => {
            try {
              return parseResponse(this.buffer, true);
            } catch {
              return undefined;
            }
          })();
          settle(() => (parsed ? resolve(parsed) : reject(e)));
        },
      };
      this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    });
  }
}

/** Parses a complete response from `buf`, or returns undefined while more bytes are needed. */
export function parseResponse(buf: Buffer, atEof: boolean): HttpResponse | undefined {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!status) throw new HttpConnectionError(`the server did not answer in HTTP: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`, 'EPROTO');
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] !== undefined ? `${headers[name]}, ${value}` : value;
  }
  const code = Number(status[1]);
  const rest = buf.subarray(headEnd + 4);
  if (code === 204 || code === 304 || (code >= 100 && code < 200)) return { status: code, headers, body: Buffer.alloc(0) };
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
    const parts: Buffer[] = [];
    let off = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', off);
      if (lineEnd < 0) return undefined;
      const size = parseInt(rest.subarray(off, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new HttpConnectionError('bad chunked encoding', 'EPROTO');
      if (size === 0) {
        const trailerEnd = rest.indexOf('\r\n\r\n', lineEnd);
        if (trailerEnd < 0 && rest.indexOf('\r\n', lineEnd + 2) !== lineEnd + 2) return undefined;
        return { status: code, headers, body: Buffer.concat(parts) };
      }
      if (rest.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      off = lineEnd + 2 + size + 2;
    }
  }
  const length = headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    if (rest.length < n) return undefined;
    return { status: code, headers, body: Buffer.from(rest.subarray(0, n)) };
  }
  return atEof ? { status: code, headers, body: Buffer.from(rest) } : undefined;
}
