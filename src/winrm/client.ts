import { tlsServerEndPoint } from './channel-binding.js';
import { decryptBody, ENCRYPTED_CONTENT_TYPE, encryptBody, isEncryptedContentType, SOAP_CONTENT_TYPE } from './encryption.js';
import { HttpConnection, HttpTimeoutError, type HttpResponse } from './http.js';
import { channelBindingsHash, createAuthenticate, negotiateMessage, NtlmSecurity, splitUserName } from './ntlm.js';
import {
  commandRequest,
  createShellRequest,
  deleteShellRequest,
  isOperationTimeout,
  MAX_ENVELOPE_SIZE,
  parseCommandId,
  parseEnvelope,
  parseFault,
  parseReceive,
  parseShellId,
  receiveRequest,
  relatesTo,
  sendRequest,
  signalRequest,
  SoapError,
  type Envelope,
  type Request,
  type SoapFault,
} from './soap.js';

export interface WinrmOptions {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  auth: 'basic' | 'ntlm';
  ca?: Buffer;
  rejectUnauthorized: boolean;
  debug?: (message: string) => void;
}

/**
 * The largest answer body preseal reads. Every request asks for MaxEnvelopeSize 153600; a server
 * that keeps to it stays well below twice that even with the encryption framing around it.
 */
export const MAX_ANSWER = 2 * MAX_ENVELOPE_SIZE;

/** 401: the server refused the credentials, or does not offer the scheme we use. */
export class WinrmAuthError extends Error {
  constructor(
    message: string,
    readonly offered: string[],
    readonly schemeMissing: boolean,
    readonly channelBound = false,
  ) {
    super(message);
  }
}

export class WsmanFaultError extends Error {
  constructor(
    readonly fault: SoapFault,
    readonly action: string,
  ) {
    super(`WS-Management fault${fault.wsmanCode ? ` ${fault.wsmanCode}` : ''} (${fault.subcode || fault.code}): ${fault.providerFault || fault.reason}`);
  }
}

export class WinrmHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class WinrmTimeoutError extends Error {}
export class OutputLimitError extends Error {}

function offeredSchemes(r: HttpResponse): string[] {
  const header = r.headers['www-authenticate'] ?? '';
  return [
    ...new Set(
      header
        .split(',')
        .map((s) => s.trim().split(/\s+/)[0] ?? '')
        .filter((s) => /^[A-Za-z-]+$/.test(s)),
    ),
  ];
}

/** Milliseconds left until `until`; none left is a timeout. */
function budget(until: number): number {
  const left = until - Date.now();
  if (left <= 0) throw new WinrmTimeoutError('the time limit passed');
  return left;
}

/**
 * One authenticated WinRM connection. NTLM authenticates the socket: when it drops, the next
 * request opens a new one and authenticates again, with a new security context. Every step
 * (connect, each handshake request, each request) ends by the absolute time it is given.
 */
export class WinrmConnection {
  private conn: HttpConnection | undefined;
  private security: NtlmSecurity | undefined;
  readonly endpoint: string;

  constructor(private readonly o: WinrmOptions) {
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    this.endpoint = `${o.tls ? 'https' : 'http'}://${host}:${o.port}/wsman`;
  }

  private async open(until: number): Promise<HttpConnection> {
    if (this.conn?.alive) return this.conn;
    this.conn?.close();
    this.security = undefined;
    this.o.debug?.(`connecting to ${this.endpoint}`);
    const conn = await HttpConnection.open({
      host: this.o.host,
      port: this.o.port,
      tls: this.o.tls,
      rejectUnauthorized: this.o.rejectUnauthorized,
      timeoutMs: budget(until),
      ...(this.o.ca ? { ca: this.o.ca } : {}),
    });
    this.conn = conn;
    if (this.o.auth === 'ntlm') await this.ntlmHandshake(conn, until);
    return conn;
  }

  /** Negotiate/NTLM on an empty POST, as pywinrm's setup_encryption does (MS-WSMV 3.1.4.1.30). */
  private async ntlmHandshake(conn: HttpConnection, until: number): Promise<void> {
    const { user, domain } = splitUserName(this.o.user);
    const negotiate = negotiateMessage();
    this.o.debug?.(`NTLM: negotiate as ${domain ? `${domain}\\` : ''}${user}`);
    const send = (token: Buffer) =>
      conn.request(
        '/wsman',
        { Authorization: `Negotiate ${token.toString('base64')}`, 'Content-Type': SOAP_CONTENT_TYPE },
        Buffer.alloc(0),
        budget(until),
        MAX_ANSWER,
      );
    const first = await send(negotiate);
    const token = /(?:^|,)\s*Negotiate\s+([A-Za-z0-9+/=]+)/i.exec(first.headers['www-authenticate'] ?? '')?.[1];
    if (first.status !== 401 || !token) {
      if (first.status === 401) throw new WinrmAuthError('the server does not offer Negotiate (NTLM) authentication', offeredSchemes(first), true);
      throw new WinrmHttpError(first.status, `the server answered the NTLM negotiation with HTTP ${first.status}`);
    }
    const challenge = Buffer.from(token, 'base64');
    const cert = conn.peerCertificate();
    const auth = createAuthenticate({
      negotiate,
      challenge,
      user,
      domain,
      password: this.o.password,
      targetName: `HTTP/${this.o.host}`,
      ...(cert ? { channelBindings: channelBindingsHash(tlsServerEndPoint(cert)) } : {}),
    });
    const second = await send(auth.message);
    if (second.status === 401) throw new WinrmAuthError('the server refused the user name or password', offeredSchemes(second), false, !!cert);
    // Only 200 completes the handshake: a redirect or any other answer is not an authenticated session.
    if (second.status !== 200) throw new WinrmHttpError(second.status, `the server answered the NTLM authentication with HTTP ${second.status}`);
    this.security = new NtlmSecurity(auth.exportedSessionKey, auth.flags, 'client');
    this.o.debug?.(`NTLM: authenticated${cert ? ' with channel binding' : ''}${this.o.tls ? '' : ', messages sealed'}`);
  }

  private seal(plain: Buffer): { headers: Record<string, string>; body: Buffer } {
    if (this.o.auth === 'basic') {
      const credentials = Buffer.from(`${this.o.user}:${this.o.password}`, 'utf8').toString('base64');
      return { headers: { Authorization: `Basic ${credentials}`, 'Content-Type': SOAP_CONTENT_TYPE }, body: plain };
    }
    if (!this.o.tls) return { headers: { 'Content-Type': ENCRYPTED_CONTENT_TYPE }, body: encryptBody(this.security!, plain) };
    return { headers: { 'Content-Type': SOAP_CONTENT_TYPE }, body: plain };
  }

  private unseal(response: HttpResponse): string {
    if (isEncryptedContentType(response.headers['content-type'])) {
      if (!this.security) throw new SoapError('the server sent an encrypted answer on an unencrypted session');
      return decryptBody(this.security, response.body).toString('utf8');
    }
    if (this.o.auth === 'ntlm' && !this.o.tls && response.body.length > 0) {
      throw new SoapError(`the server answered HTTP ${response.status} without message encryption`);
    }
    return response.body.toString('utf8');
  }

  /** Posts one SOAP request; returns the parsed answer by `until`. Faults throw WsmanFaultError. */
  async post(request: Request, action: string, until: number): Promise<Envelope> {
    const conn = await this.open(until);
    const { headers, body } = this.seal(Buffer.from(request.xml, 'utf8'));
    const response = await conn.request('/wsman', headers, body, budget(until), MAX_ANSWER);
    if (response.status === 401) {
      conn.close();
      const offered = offeredSchemes(response);
      const scheme = this.o.auth === 'basic' ? 'Basic' : 'Negotiate';
      const missing = !offered.some((s) => s.toLowerCase() === scheme.toLowerCase());
      throw new WinrmAuthError(
        missing ? `the server does not offer ${scheme} authentication` : 'the server refused the user name or password',
        offered,
        missing,
      );
    }
    const xml = this.unseal(response);
    if (!xml.trim()) throw new WinrmHttpError(response.status, `the server answered ${action} with HTTP ${response.status} and no body`);
    const env = parseEnvelope(xml);
    const fault = parseFault(env);
    if (fault) throw new WsmanFaultError(fault, action);
    if (response.status !== 200) throw new WinrmHttpError(response.status, `the server answered ${action} with HTTP ${response.status}`);
    const related = relatesTo(env);
    if (related && related.toLowerCase() !== request.messageId.toLowerCase()) throw new SoapError(`the answer to ${action} relates to another message`);
    return env;
  }

  close(): void {
    this.conn?.close();
    this.conn = undefined;
  }

  debug(message: string): void {
    this.o.debug?.(message);
  }
}

export interface RunOptions {
  commandLine: string;
  stdin: Buffer;
  /** Absolute time (Date.now()) by which the command must be done. */
  deadline: number;
  maxOutput: number;
  /** Upper bound for w:OperationTimeout; pywinrm's default is 20 s. */
  operationTimeoutSec?: number;
  /** How long after `deadline` Signal + Delete may still run (leaked shells count against MaxShellsPerUser). */
  cleanupGraceMs?: number;
}

export interface RunResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
}

/** Raw stdin per Send: its base64 stays well under MaxEnvelopeSize (150 KiB). */
const SEND_CHUNK = 64 * 1024;
/** How much longer than OperationTimeout the HTTP read may wait. */
const READ_GRACE_MS = 10_000;
/** Clean-up after success never takes longer than this, whatever time is left. */
const CLEANUP_MAX_MS = 15_000;
export const CLEANUP_GRACE_MS = 3_000;
/** A Receive that comes back this fast with nothing in it is followed by a pause, doubling up to the cap. */
const QUICK_RECEIVE_MS = 500;
const BACKOFF_FIRST_MS = 50;
const BACKOFF_MAX_MS = 2_000;

/** The time rules of one command: each request ends by the deadline, with an OperationTimeout that fits. */
class Clock {
  constructor(
    private readonly deadline: number,
    private readonly maxOp: number,
  ) {}

  remaining(): number {
    return this.deadline - Date.now();
  }

  /** w:OperationTimeout for the next request, in seconds. */
  op(): number {
    return Math.max(1, Math.min(this.maxOp, Math.floor(this.remaining() / 1000) - 1));
  }

  /** The absolute time by which a request with this OperationTimeout must be answered. */
  until(op: number): number {
    if (this.remaining() <= 0) throw new WinrmTimeoutError('the time limit passed');
    return Math.min(this.deadline, Date.now() + op * 1000 + READ_GRACE_MS);
  }

  async post(c: WinrmConnection, make: (op: number) => Request, action: string): Promise<Envelope> {
    const op = this.op();
    try {
      return await c.post(make(op), action, this.until(op));
    } catch (e) {
      if (e instanceof HttpTimeoutError && this.remaining() <= 0) throw new WinrmTimeoutError('the time limit passed');
      throw e;
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, this.remaining()))));
  }
}

/**
 * Runs one command in a new WinRS shell: Create, Command, Send (stdin), Receive until Done, and
 * always Signal and Delete, also after errors and timeouts (leaked shells count against
 * MaxShellsPerUser). Everything, clean-up included, ends by `deadline` plus the clean-up grace.
 */
export async function runCommand(c: WinrmConnection, o: RunOptions): Promise<RunResult> {
  const clock = new Clock(o.deadline, o.operationTimeoutSec ?? 20);
  const shellId = parseShellId(await clock.post(c, (op) => createShellRequest(c.endpoint, op), 'Create'));
  c.debug(`shell ${shellId} created`);
  let commandId: string | undefined;
  try {
    commandId = parseCommandId(await clock.post(c, (op) => commandRequest(c.endpoint, op, shellId, o.commandLine), 'Command'));
    c.debug(`command ${commandId} started`);
    await sendStdin(c, clock, shellId, commandId, o.stdin);
    return await receiveAll(c, clock, shellId, commandId, o.maxOutput);
  } finally {
    const grace = o.cleanupGraceMs ?? CLEANUP_GRACE_MS;
    await cleanup(c, shellId, commandId, Math.min(Math.max(o.deadline, Date.now()) + grace, Date.now() + CLEANUP_MAX_MS));
  }
}

async function sendStdin(c: WinrmConnection, clock: Clock, shellId: string, commandId: string, stdin: Buffer): Promise<void> {
  for (let off = 0; off < stdin.length || off === 0; off += SEND_CHUNK) {
    const chunk = stdin.subarray(off, off + SEND_CHUNK);
    const end = off + SEND_CHUNK >= stdin.length;
    await clock.post(c, (op) => sendRequest(c.endpoint, op, shellId, commandId, chunk, end), 'Send');
    if (end) break;
  }
  c.debug(`sent ${stdin.length} bytes of stdin`);
}

/** One Receive; an OperationTimeout fault (no output yet) is an empty answer. */
async function receiveOnce(c: WinrmConnection, clock: Clock, shellId: string, commandId: string): Promise<ReturnType<typeof parseReceive>> {
  try {
    return parseReceive(await clock.post(c, (op) => receiveRequest(c.endpoint, op, shellId, commandId), 'Receive'), commandId);
  } catch (e) {
    if (e instanceof WsmanFaultError && isOperationTimeout(e.fault)) {
      c.debug('receive: no output yet');
      if (clock.remaining() <= 0) throw new WinrmTimeoutError('the time limit passed');
      return { streams: [], done: false };
    }
    throw e;
  }
}

/**
 * Receives until the command is done. A server that answers at once with nothing (instead of
 * waiting up to OperationTimeout) gets an exponentially growing pause between requests.
 */
async function receiveAll(c: WinrmConnection, clock: Clock, shellId: string, commandId: string, maxOutput: number): Promise<RunResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  let pause = 0;
  for (;;) {
    const started = Date.now();
    const result = await receiveOnce(c, clock, shellId, commandId);
    let got = 0;
    for (const s of result.streams) {
      size += s.data.length;
      got += s.data.length;
      if (size > maxOutput) throw new OutputLimitError(`the output passed ${maxOutput} bytes`);
      if (s.name === 'stdout') out.push(s.data);
      else if (s.name === 'stderr') err.push(s.data);
    }
    if (result.done) {
      c.debug(`command done, exit code ${result.exitCode ?? 'unknown'}`);
      return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), code: result.exitCode ?? null };
    }
    pause = got === 0 && Date.now() - started < QUICK_RECEIVE_MS ? Math.min(BACKOFF_MAX_MS, pause ? pause * 2 : BACKOFF_FIRST_MS) : 0;
    if (pause) await clock.sleep(pause);
  }
}

/** Signal (terminate) and Delete, each by `until`; failures are only logged. */
async function cleanup(c: WinrmConnection, shellId: string, commandId: string | undefined, until: number): Promise<void> {
  if (commandId !== undefined) {
    try {
      await c.post(signalRequest(c.endpoint, 10, shellId, commandId), 'Signal', until);
    } catch (e) {
      c.debug(`signal failed: ${(e as Error).message}`);
    }
  }
  try {
    await c.post(deleteShellRequest(c.endpoint, 10, shellId), 'Delete', until);
    c.debug(`shell ${shellId} deleted`);
  } catch (e) {
    c.debug(`deleting shell ${shellId} failed: ${(e as Error).message}`);
  }
}
