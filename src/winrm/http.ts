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
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
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
  private closed = false;
  private waiter: { reader: ResponseReader; onData: (chunk: Buffer) => void; onEnd: (e: Error) => void } | undefined;

  private constructor(
    private readonly socket: Socket | TLSSocket,
    readonly host: string,
    readonly port: number,
  ) {
    // Bytes with no request waiting for them are a protocol error: nothing keeps them.
    socket.on('data', (chunk: Buffer) => this.waiter?.onData(chunk));
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
        resolve(new HttpConnection(socket, o.host, o.port));
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
    return raw?.length ? raw : undefined;
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** `Host` with the port (RFC 9110 §7.2: without one, it means the scheme's default port). */
  private hostHeader(): string {
    return `${isIP(this.host) === 6 ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /**
   * Sends one request and reads its answer; the answer's body may not pass `maxBody` bytes
   * (refused as it arrives, and the connection closed).
   */
  request(path: string, headers: Record<string, string>, body: Buffer, timeoutMs: number, maxBody: number): Promise<HttpResponse> {
    if (!this.alive) return Promise.reject(new HttpConnectionError('the connection is closed', 'ECONNRESET'));
    if (this.waiter) return Promise.reject(new Error('one request at a time on a WinRM connection'));
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${this.hostHeader()}\r\n` +
      Object.entries({ ...headers, 'Content-Length': String(body.length), Connection: 'Keep-Alive' })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
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
      const reader = new ResponseReader(maxBody);
      this.waiter = {
        reader,
        onData: (chunk) => {
          let parsed: HttpResponse | undefined;
          try {
            parsed = reader.push(chunk);
          } catch (e) {
            this.close();
            settle(() => reject(e));
            return;
          }
          if (parsed) {
            if (parsed.headers['connection']?.toLowerCase() === 'close') this.close();
            settle(() => resolve(parsed));
          }
        },
        onEnd: (e) => {
          // A response without a length ends with the connection.
          const parsed = reader.end();
          settle(() => (parsed ? resolve(parsed) : reject(e)));
        },
      };
      this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    });
  }
}

/** Bytes of headers an answer may have before its body. */
const MAX_HEAD = 64 * 1024;

/** An answer larger than the limit preseal set for it: refused while it arrives. */
export class HttpResponseTooLargeError extends HttpConnectionError {
  constructor(readonly limit: number) {
    super(`the server sent an answer larger than ${limit} bytes`, 'E2BIG');
  }
}

interface Head {
  status: number;
  headers: Record<string, string>;
}

function parseHead(head: Buffer): Head {
  const lines = head.toString('latin1').split('\r\n');
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
  return { status: Number(status[1]), headers };
}

type BodyMode = { kind: 'length'; body: Buffer; filled: number } | { kind: 'chunked' } | { kind: 'eof' };

/**
 * Reads one HTTP/1.1 answer as its bytes arrive. Each byte is copied once into the body it
 * belongs to; an answer whose headers pass 64 KiB or whose body passes `maxBody` is refused
 * as soon as it does (a hostile server cannot make preseal buffer it).
 */
export class ResponseReader {
  private pending: Buffer = Buffer.alloc(0);
  private head: Head | undefined;
  private mode: BodyMode | undefined;
  private parts: Buffer[] = [];
  private size = 0;
  /** chunked: bytes of the current chunk still to come, then its CRLF. */
  private chunkLeft = 0;
  private chunkPhase: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  private result: HttpResponse | undefined;

  constructor(private readonly maxBody: number) {}

  /** Feeds bytes; returns the answer once it is complete. */
  push(chunk: Buffer): HttpResponse | undefined {
    if (this.result) return this.result;
    let data = chunk;
    while (!this.result && data.length) {
      if (!this.head) {
        data = this.readHead(data);
        continue;
      }
      data = this.readBody(data);
    }
    return this.result;
  }

  /** The connection ended: an answer without a length ends here; anything else is incomplete. */
  end(): HttpResponse | undefined {
    if (!this.result && this.head && this.mode?.kind === 'eof') this.finish(Buffer.concat(this.parts, this.size));
    return this.result;
  }

  private readHead(data: Buffer): Buffer {
    const before = this.pending.length;
    this.pending = before ? Buffer.concat([this.pending, data.subarray(0, MAX_HEAD + 4)]) : data.subarray(0, MAX_HEAD + 4);
    const end = this.pending.indexOf('\r\n\r\n', Math.max(0, before - 3));
    if (end < 0) {
      if (this.pending.length > MAX_HEAD) throw new HttpConnectionError(`the server sent more than ${MAX_HEAD} bytes of headers`, 'E2BIG');
      return Buffer.alloc(0);
    }
    const head = parseHead(this.pending.subarray(0, end));
    const rest = data.subarray(end + 4 - before);
    this.pending = Buffer.alloc(0);
    if (head.status >= 100 && head.status < 200) return rest; // an interim answer; the real one follows
    this.head = head;
    if (head.status === 204 || head.status === 304) {
      this.finish(Buffer.alloc(0));
      return Buffer.alloc(0);
    }
    if (head.headers['transfer-encoding']?.toLowerCase().includes('chunked')) this.mode = { kind: 'chunked' };
    else if (head.headers['content-length'] !== undefined) {
      const text = head.headers['content-length'];
      if (!/^\d{1,15}$/.test(text)) throw new HttpConnectionError(`bad Content-Length ${JSON.stringify(text.slice(0, 20))}`, 'EPROTO');
      const n = Number(text);
      if (n > this.maxBody) throw new HttpResponseTooLargeError(this.maxBody);
      this.mode = { kind: 'length', body: Buffer.alloc(n), filled: 0 };
      if (n === 0) this.finish(this.mode.body);
    } else this.mode = { kind: 'eof' };
    return rest;
  }

  private readBody(data: Buffer): Buffer {
    const mode = this.mode!;
    if (mode.kind === 'length') {
      const take = Math.min(data.length, mode.body.length - mode.filled);
      data.copy(mode.body, mode.filled, 0, take);
      mode.filled += take;
      if (mode.filled === mode.body.length) this.finish(mode.body);
      return Buffer.alloc(0);
    }
    if (mode.kind === 'eof') {
      this.add(data);
      return Buffer.alloc(0);
    }
    return this.readChunked(data);
  }

  private add(data: Buffer): void {
    this.size += data.length;
    if (this.size > this.maxBody) throw new HttpResponseTooLargeError(this.maxBody);
    this.parts.push(Buffer.from(data));
  }

  /** One step of chunked decoding (RFC 9112 §7.1); returns what it did not use. */
  private readChunked(data: Buffer): Buffer {
    if (this.chunkPhase === 'data') {
      const take = Math.min(this.chunkLeft, data.length);
      this.add(data.subarray(0, take));
      this.chunkLeft -= take;
      if (this.chunkLeft === 0) this.chunkPhase = 'crlf';
      return data.subarray(take);
    }
    // Size lines, CRLFs and trailers are short: collect them in `pending`, bounded.
    this.pending = this.pending.length ? Buffer.concat([this.pending, data.subarray(0, 1024)]) : data.subarray(0, 1024);
    const used = Math.min(data.length, 1024);
    const before = this.pending.length - used;
    const crlf = this.pending.indexOf('\r\n');
    if (crlf < 0) {
      if (this.pending.length > 1024) throw new HttpConnectionError('bad chunked encoding', 'EPROTO');
      return data.subarray(used);
    }
    const line = this.pending.subarray(0, crlf).toString('latin1');
    const rest = data.subarray(crlf + 2 - before);
    this.pending = Buffer.alloc(0);
    if (this.chunkPhase === 'crlf') {
      if (line !== '') throw new HttpConnectionError('bad chunked encoding', 'EPROTO');
      this.chunkPhase = 'size';
    } else if (this.chunkPhase === 'trailer') {
      if (line === '') this.finish(Buffer.concat(this.parts, this.size));
    } else {
      const sizeText = line.split(';')[0]!.trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new HttpConnectionError('bad chunked encoding', 'EPROTO');
      const size = parseInt(sizeText, 16);
      if (this.size + size > this.maxBody) throw new HttpResponseTooLargeError(this.maxBody);
      if (size === 0) this.chunkPhase = 'trailer';
      else {
        this.chunkLeft = size;
        this.chunkPhase = 'data';
      }
    }
    return rest;
  }

  private finish(body: Buffer): void {
    this.result = { ...this.head!, body };
  }
}

/** Parses a complete response from `buf`, or returns undefined while more bytes are needed. */
export function parseResponse(buf: Buffer, atEof: boolean, maxBody = 64 * 1024 * 1024): HttpResponse | undefined {
  const reader = new ResponseReader(maxBody);
  const r = reader.push(buf);
  return r ?? (atEof ? reader.end() : undefined);
}
