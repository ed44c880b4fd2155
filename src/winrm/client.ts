import { tlsServerEndPoint } from './channel-binding.js';
import { decryptBody, ENCRYPTED_CONTENT_TYPE, encryptBody, isEncryptedContentType, SOAP_CONTENT_TYPE } from './encryption.js';
import { HttpConnection, HttpTimeoutError, type HttpResponse } from './http.js';
import { channelBindingsHash, createAuthenticate, negotiateMessage, NtlmSecurity, splitUserName } from './ntlm.js';
import {
  commandRequest, createShellRequest, deleteShellRequest, isOperationTimeout, parseCommandId, parseEnvelope, parseFault, parseReceive,
  parseShellId, receiveRequest, relatesTo, sendRequest, signalRequest, SoapError, type Envelope, type Request, type SoapFault,
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

/** 401: the server refused the credentials, or does not offer the scheme we use. */
export class WinrmAuthError extends Error {
  constructor(message: string, readonly offered: string[], readonly schemeMissing: boolean) {
    super(message);
  }
}

export class WsmanFaultError extends Error {
  constructor(readonly fault: SoapFault, readonly action: string) {
    super(`WS-Management fault${fault.wsmanCode ? ` ${fault.wsmanCode}` : ''} (${fault.subcode || fault.code}): ${fault.providerFault || fault.reason}`);
  }
}

export class WinrmHttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class WinrmTimeoutError extends Error {}
export class OutputLimitError extends Error {}

function offeredSchemes(r: HttpResponse): string[] {
  const header = r.headers['www-authenticate'] ?? '';
  return [...new Set(header.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '').filter((s) => /^[A-Za-z-]+$/.test(s)))];
}

/**
 * One authenticated WinRM connection. NTLM authenticates the socket: when it drops, the next
 * request opens a new one and authenticates again, with a new security context.
 */
export class WinrmConnection {
  private conn: HttpConnection | undefined;
  private security: NtlmSecurity | undefined;
  readonly endpoint: string;

  constructor(private readonly o: WinrmOptions) {
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    this.endpoint = `${o.tls ? 'https' : 'http'}://${host}:${o.port}/wsman`;
  }

  private async open(timeoutMs: number): Promise<HttpConnection> {
    if (this.conn?.alive) return this.conn;
    this.conn?.close();
    this.security = undefined;
    this.o.debug?.(`connecting to ${this.endpoint}`);
    const conn = await HttpConnection.open({
      host: this.o.host, port: this.o.port, tls: this.o.tls, rejectUnauthorized: this.o.rejectUnauthorized, timeoutMs,
      ...(this.o.ca ? { ca: this.o.ca } : {}),
    });
    this.conn = conn;
    if (this.o.auth === 'ntlm') await this.ntlmHandshake(conn, timeoutMs);
    return conn;
  }

  /** Negotiate/NTLM on an empty POST, as pywinrm's setup_encryption does (MS-WSMV 3.1.4.1.30). */
  private async ntlmHandshake(conn: HttpConnection, timeoutMs: number): Promise<void> {
    const { user, domain } = splitUserName(this.o.user);
    const negotiate = negotiateMessage();
    this.o.debug?.(`NTLM: negotiate as ${domain ? `${domain}\\` : ''}${user}`);
    const first = await conn.request('/wsman', { Authorization: `Negotiate ${negotiate.toString('base64')}`, 'Content-Type': SOAP_CONTENT_TYPE }, Buffer.alloc(0), timeoutMs);
    const token = /(?:^|,)\s*Negotiate\s+([A-Za-z0-9+/=]+)/i.exec(first.headers['www-authenticate'] ?? '')?.[1];
    if (first.status !== 401 || !token) {
      if (first.status === 401) throw new WinrmAuthError('the server does not offer Negotiate (NTLM) authentication', offeredSchemes(first), true);
      throw new WinrmHttpError(first.status, `the server answered the NTLM negotiation with HTTP ${first.status}`);
    }
    const challenge = Buffer.from(token, 'base64');
    const cert = conn.peerCertificate();
    const auth = createAuthenticate({
      negotiate, challenge, user, domain, password: this.o.password,
      ...(cert ? { channelBindings: channelBindingsHash(tlsServerEndPoint(cert)) } : {}),
    });
    const second = await conn.request('/wsman', { Authorization: `Negotiate ${auth.message.toString('base64')}`, 'Content-Type': SOAP_CONTENT_TYPE }, Buffer.alloc(0), timeoutMs);
    if (second.status === 401) throw new WinrmAuthError('the server refused the user name or password', offeredSchemes(second), false);
    if (second.status >= 400) throw new WinrmHttpError(second.status, `the server answered the NTLM authentication with HTTP ${second.status}`);
    this.security = new NtlmSecurity(auth.exportedSessionKey, auth.flags, 'client');
    this.o.debug?.(`NTLM: authenticated${cert ? ' with channel binding' : ''}${this.o.tls ? '' : ', messages sealed'}`);
  }

  /** Posts one SOAP request; returns the parsed answer. Faults throw WsmanFaultError. */
  async post(request: Request, action: string, timeoutMs: number): Promise<Envelope> {
    const conn = await this.open(timeoutMs);
    const plain = Buffer.from(request.xml, 'utf8');
    const headers: Record<string, string> = {};
    let body: Buffer = plain;
    if (this.o.auth === 'basic') {
      headers['Authorization'] = `Basic ${Buffer.from(`${this.o.user}:${this.o.password}`, 'utf8').toString('base64')}`;
      headers['Content-Type'] = SOAP_CONTENT_TYPE;
    } else if (!this.o.tls) {
      headers['Content-Type'] = ENCRYPTED_CONTENT_TYPE;
      body = encryptBody(this.security!, plain);
    } else {
      headers['Content-Type'] = SOAP_CONTENT_TYPE;
    }
    const response = await conn.request('/wsman', headers, body, timeoutMs);
    if (response.status === 401) {
      conn.close();
      const offered = offeredSchemes(response);
      const scheme = this.o.auth === 'basic' ? 'Basic' : 'Negotiate';
      const missing = !offered.some((s) => s.toLowerCase() === scheme.toLowerCase());
      throw new WinrmAuthError(missing ? `the server does not offer ${scheme} authentication` : 'the server refused the user name or password', offered, missing);
    }
    let xml: string;
    if (isEncryptedContentType(response.headers['content-type'])) {
      if (!this.security) throw new SoapError('the server sent an encrypted answer on an unencrypted session');
      xml = decryptBody(this.security, response.body).toString('utf8');
    } else {
      if (this.o.auth === 'ntlm' && !this.o.tls && response.body.length > 0) {
        throw new SoapError(`the server answered HTTP ${response.status} without message encryption`);
      }
      xml = response.body.toString('utf8');
    }
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
  /** Time allowed for Signal + Delete after success, failure or timeout. */
  cleanupMs?: number;
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

/**
 * Runs one command in a new WinRS shell: Create, Command, Send (stdin), Receive until Done, and
 * always Signal and Delete, also after errors and timeouts (leaked shells count against
 * MaxShellsPerUser).
 */
export async function runCommand(c: WinrmConnection, o: RunOptions): Promise<RunResult> {
  const debug = (m: string) => c.debug(m);
  const maxOp = o.operationTimeoutSec ?? 20;
  const remaining = () => o.deadline - Date.now();
  const opTimeout = () => Math.max(1, Math.min(maxOp, Math.floor(remaining() / 1000) - 1));
  const timeout = (op: number) => {
    const left = remaining();
    if (left <= 0) throw new WinrmTimeoutError('the time limit passed');
    return Math.min(left, op * 1000 + READ_GRACE_MS);
  };
  const post = (req: Request, action: string, op: number) =>
    c.post(req, action, timeout(op)).catch((e: unknown) => {
      if (e instanceof HttpTimeoutError && remaining() <= 0) throw new WinrmTimeoutError('the time limit passed');
      throw e;
    });

  let op = opTimeout();
  const shellId = parseShellId(await post(createShellRequest(c.endpoint, op), 'Create', op));
  debug(`shell ${shellId} created`);
  let commandId: string | undefined;
  try {
    op = opTimeout();
    commandId = parseCommandId(await post(commandRequest(c.endpoint, op, shellId, o.commandLine), 'Command', op));
    debug(`command ${commandId} started`);
    for (let off = 0; off < o.stdin.length || off === 0; off += SEND_CHUNK) {
      const chunk = o.stdin.subarray(off, off + SEND_CHUNK);
      const end = off + SEND_CHUNK >= o.stdin.length;
      op = opTimeout();
      await post(sendRequest(c.endpoint, op, shellId, commandId, chunk, end), 'Send', op);
      if (end) break;
    }
    debug(`sent ${o.stdin.length} bytes of stdin`);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    for (;;) {
      op = opTimeout();
      let result;
      try {
        result = parseReceive(await post(receiveRequest(c.endpoint, op, shellId, commandId), 'Receive', op), commandId);
      } catch (e) {
        if (e instanceof WsmanFaultError && isOperationTimeout(e.fault)) {
          debug('receive: no output yet');
          if (remaining() <= 0) throw new WinrmTimeoutError('the time limit passed');
          continue;
        }
        throw e;
      }
      for (const s of result.streams) {
        size += s.data.length;
        if (size > o.maxOutput) throw new OutputLimitError(`the output passed ${o.maxOutput} bytes`);
        if (s.name === 'stdout') out.push(s.data);
        else if (s.name === 'stderr') err.push(s.data);
      }
      if (result.done) {
        debug(`command done, exit code ${result.exitCode ?? 'unknown'}`);
        return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), code: result.exitCode ?? null };
      }
    }
  } finally {
    await cleanup(c, shellId, commandId, o.cleanupMs ?? 15_000, debug);
  }
}

async function cleanup(c: WinrmConnection, shellId: string, commandId: string | undefined, budgetMs: number, debug: (m: string) => void): Promise<void> {
  const deadline = Date.now() + budgetMs;
  const left = () => Math.max(1000, deadline - Date.now());
  if (commandId !== undefined) {
    try {
      await c.post(signalRequest(c.endpoint, 10, shellId, commandId), 'Signal', left());
    } catch (e) {
      debug(`signal failed: ${(e as Error).message}`);
    }
  }
  try {
    await c.post(deleteShellRequest(c.endpoint, 10, shellId), 'Delete', left());
    debug(`shell ${shellId} deleted`);
  } catch (e) {
    debug(`deleting shell ${shellId} failed: ${(e as Error).message}`);
  }
}
