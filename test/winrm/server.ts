import { createHmac, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { decryptBody, ENCRYPTED_CONTENT_TYPE, encryptBody, isEncryptedContentType, SOAP_CONTENT_TYPE } from '../../src/winrm/encryption.js';
import {
  AvId,
  challengeMessage,
  computeMic,
  encodeAvPairs,
  NtlmFlag,
  NtlmSecurity,
  ntowfv2,
  parseAuthenticate,
  parseAvPairs,
  utf16,
} from '../../src/winrm/ntlm.js';
import { rc4 } from '../../src/winrm/rc4.js';
import { Action } from '../../src/winrm/soap.js';
import { certificateBindings } from './helpers.js';
import { ShellHost, type SeenRequest, type ShellHostOptions } from './shell.js';

// A WS-Management endpoint that speaks the real protocol (WinRS cmd shell, MS-WSMV) over HTTP
// with NTLM message encryption and over HTTPS with Basic or NTLM + channel binding, and runs
// each command with a real pwsh in place of powershell.exe. It is meant to be as strict as
// Windows where a client can get something wrong: see shell.ts for the SOAP side.

export interface EndpointOptions extends ShellHostOptions {
  /** Schemes offered in WWW-Authenticate. */
  schemes: ('ntlm' | 'basic')[];
  users: Record<string, string>;
  tls?: { key: string; cert: string };
  /** Windows' AllowUnencrypted: Basic over HTTP is refused without it. */
  allowUnencrypted?: boolean;
  /**
   * CbtHardeningLevel (winrm/config/service/auth). Relaxed, Windows' default: a channel binding
   * that is present and wrong is refused, an absent or all-zero one accepted. Strict: it must be
   * present and right (MS-NLMP 3.2.5.1.2).
   */
  cbt?: 'relaxed' | 'strict';
  /** NEGOTIATE flags the server does not grant (a subset, to test how clients handle fewer). */
  withholdFlags?: number;
  /** Fault injection: close the socket on this Receive (1-based). */
  closeOnReceive?: number;
  /** Hostile: wait this long before every answer, the NTLM handshake included. */
  delayMs?: number;
  /** Hostile: wait this long before answering Signal and Delete (clean-up). */
  slowCleanupMs?: number;
  /** Hostile: answer a good AUTHENTICATE with a redirect instead of 200. */
  redirectAuthenticate?: boolean;
  /** Port on 127.0.0.1; 0 (the default) takes any free one. */
  port?: number;
}

interface ConnState {
  negotiate?: Buffer;
  challenge?: Buffer;
  serverChallenge?: Buffer;
  user?: string | undefined;
  security?: NtlmSecurity | undefined;
}

export interface Endpoint {
  port: number;
  /** Actions received, in order (Create, Command, Send, Receive, Signal, Delete). */
  actions: string[];
  /** Each SOAP request as the shell saw it (options, MaxEnvelopeSize, command line). */
  seen: SeenRequest[];
  /** Users that authenticated, as the server saw them (domain\\user). */
  logins: string[];
  /** Host header of each HTTP request. */
  hosts: string[];
  /** Flags of each AUTHENTICATE message that was accepted. */
  authFlags: number[];
  /** MsvAvTargetName of each AUTHENTICATE that was accepted ('' when absent). */
  targetNames: string[];
  /** Largest answer body sent, in bytes. */
  largestAnswer(): number;
  liveShells(): number;
  close(): Promise<void>;
}

/** What the server can grant (MS-NLMP 2.2.2.5), when the client asks for it. */
const SERVER_FLAGS =
  (NtlmFlag.UNICODE |
    NtlmFlag.REQUEST_TARGET |
    NtlmFlag.SIGN |
    NtlmFlag.SEAL |
    NtlmFlag.NTLM |
    NtlmFlag.ALWAYS_SIGN |
    NtlmFlag.EXTENDED_SESSIONSECURITY |
    NtlmFlag.VERSION |
    NtlmFlag.KEY_128 |
    NtlmFlag.KEY_EXCH |
    NtlmFlag.KEY_56) >>>
  0;
/** NTLMSSP_TARGET_TYPE_DOMAIN: the target name is a domain. */
const TARGET_TYPE_DOMAIN = 0x00010000;

const hmacMd5 = (key: Buffer, ...data: Buffer[]) => {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
};

function fileTime(): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
  return b;
}

/**
 * The MIC follows the Version field, which a client may leave out when NEGOTIATE_VERSION was not
 * granted (MS-NLMP 2.2.1.3): where the payload starts tells which.
 */
function micOf(message: Buffer): { mic: Buffer; withoutMic: Buffer } {
  const offsets = [12, 20, 28, 36, 44, 52].map((at) => message.readUInt32LE(at + 4)).filter((o) => o > 0);
  const at = Math.min(...offsets) >= 88 ? 72 : 64;
  const withoutMic = Buffer.from(message);
  withoutMic.fill(0, at, at + 16);
  return { mic: message.subarray(at, at + 16), withoutMic };
}

export async function startEndpoint(o: EndpointOptions): Promise<Endpoint> {
  const logins: string[] = [];
  const hosts: string[] = [];
  const authFlags: number[] = [];
  const targetNames: string[] = [];
  let largest = 0;
  const host = new ShellHost(o);
  const conns = new WeakMap<Socket, ConnState>();
  const binding = o.tls ? certificateBindings(o.tls.cert) : undefined;
  const cbt = o.cbt ?? 'relaxed';
  let receives = 0;

  const offer = () => o.schemes.map((s) => (s === 'ntlm' ? 'Negotiate' : 'Basic realm="WSMAN"'));
  const deny = (res: ServerResponse) => {
    res.writeHead(401, { 'WWW-Authenticate': offer().join(', '), 'Content-Length': '0' });
    res.end();
  };

  function challenge(state: ConnState, negotiate: Buffer): Buffer {
    const asked = negotiate.length >= 16 ? negotiate.readUInt32LE(12) : 0;
    const granted = ((asked & SERVER_FLAGS & ~(o.withholdFlags ?? 0)) | NtlmFlag.TARGET_INFO | TARGET_TYPE_DOMAIN) >>> 0;
    state.negotiate = negotiate;
    state.serverChallenge = randomBytes(8);
    state.challenge = challengeMessage({
      flags: granted,
      serverChallenge: state.serverChallenge,
      targetName: 'PRESEAL',
      targetInfo: encodeAvPairs([
        { id: AvId.NbDomainName, value: utf16('PRESEAL') },
        { id: AvId.NbComputerName, value: utf16('TESTVM') },
        { id: AvId.DnsDomainName, value: utf16('preseal.test') },
        { id: AvId.DnsComputerName, value: utf16('testvm.preseal.test') },
        { id: AvId.Timestamp, value: fileTime() },
      ]),
    });
    return state.challenge;
  }

  /** Channel binding as CbtHardeningLevel decides (MS-NLMP 3.2.5.1.2); plain HTTP has none to check. */
  function bindingAccepted(value: Buffer | undefined): boolean {
    if (!binding) return true;
    const absent = !value || value.equals(Buffer.alloc(16));
    if (absent) return cbt === 'relaxed';
    return value.equals(binding);
  }

  function ntlmAuthenticate(state: ConnState, message: Buffer): boolean {
    const auth = parseAuthenticate(message);
    const password = Object.entries(o.users).find(([u]) => u.toLowerCase() === auth.user.toLowerCase())?.[1];
    if (password === undefined || !state.serverChallenge || !state.negotiate || !state.challenge) return false;
    const ntowf = ntowfv2(password, auth.user, auth.domain);
    const proof = auth.ntResponse.subarray(0, 16);
    const temp = auth.ntResponse.subarray(16);
    if (!hmacMd5(ntowf, state.serverChallenge, temp).equals(proof)) return false;
    const pairs = parseAvPairs(temp.subarray(28));
    const sessionBaseKey = hmacMd5(ntowf, proof);
    const esk = auth.flags & NtlmFlag.KEY_EXCH ? rc4(sessionBaseKey, auth.encryptedRandomSessionKey) : sessionBaseKey;
    // MIC optional, as on Windows: checked when MsvAvFlags says the message has one.
    const avFlags = pairs.find((p) => p.id === AvId.Flags)?.value.readUInt32LE(0) ?? 0;
    if (avFlags & 0x2) {
      const { mic, withoutMic } = micOf(message);
      if (!computeMic(esk, state.negotiate, state.challenge, withoutMic).equals(mic)) return false;
    }
    if (!bindingAccepted(pairs.find((p) => p.id === AvId.ChannelBindings)?.value)) return false;
    const spn = pairs.find((p) => p.id === AvId.TargetName)?.value;
    targetNames.push(spn ? spn.toString('utf16le') : '');
    state.user = `${auth.domain}\\${auth.user}`;
    state.security = new NtlmSecurity(esk, auth.flags, 'server');
    logins.push(state.user);
    authFlags.push(auth.flags);
    return true;
  }

  /** Authenticates the request; returns whether it may go on to the shell, having answered it if not. */
  function authenticate(req: IncomingMessage, res: ServerResponse, state: ConnState, body: Buffer): { ok: boolean; basic?: boolean } {
    const header = req.headers.authorization ?? '';
    const negotiate = /^Negotiate\s+(\S+)$/i.exec(header);
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (negotiate && o.schemes.includes('ntlm')) {
      const token = Buffer.from(negotiate[1]!, 'base64');
      const type = token.length >= 12 ? token.readUInt32LE(8) : 0;
      if (type === 1) {
        state.user = undefined;
        state.security = undefined;
        res.writeHead(401, { 'WWW-Authenticate': `Negotiate ${challenge(state, token).toString('base64')}`, 'Content-Length': '0' });
        res.end();
        return { ok: false };
      }
      if (type === 3 && ntlmAuthenticate(state, token)) {
        if (o.redirectAuthenticate) {
          res.writeHead(302, { Location: 'http://127.0.0.1:1/wsman', 'Content-Length': '0' });
          res.end();
          return { ok: false };
        }
        // The AUTHENTICATE request may carry the first SOAP message (requests-ntlm does so over HTTPS).
        if (body.length === 0) {
          res.writeHead(200, { 'Content-Length': '0' });
          res.end();
          return { ok: false };
        }
        return { ok: true };
      }
      state.security = undefined;
      state.user = undefined;
      deny(res);
      return { ok: false };
    }
    if (basic && o.schemes.includes('basic') && (o.tls || o.allowUnencrypted)) {
      const [u, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      if (u !== undefined && o.users[u] !== undefined && o.users[u] === rest.join(':')) {
        if (!logins.includes(u)) logins.push(u);
        return { ok: true, basic: true };
      }
    }
    if (!basic && !negotiate && state.user) return { ok: true };
    deny(res);
    return { ok: false };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    hosts.push(req.headers.host ?? '');
    if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
    const socket = req.socket;
    let state = conns.get(socket);
    if (!state) {
      state = {};
      conns.set(socket, state);
    }
    const auth = authenticate(req, res, state, body);
    if (!auth.ok) return;
    // Message encryption: required on an HTTP NTLM session (AllowUnencrypted=false), accepted over HTTPS too.
    const encrypted = !auth.basic && !!state.security && isEncryptedContentType(req.headers['content-type']);
    if (!encrypted && !auth.basic && !o.tls) {
      deny(res);
      return;
    }
    const xml = encrypted ? decryptBody(state.security!, body).toString('utf8') : body.toString('utf8');
    if (o.closeOnReceive !== undefined && xml.includes(Action.Receive) && ++receives === o.closeOnReceive) {
      host.actions.push('Receive');
      socket.destroy();
      return;
    }
    if (o.slowCleanupMs && (xml.includes(Action.Signal) || xml.includes(Action.Delete))) await new Promise((r) => setTimeout(r, o.slowCleanupMs));
    const answer = await host.handle(xml);
    const out = Buffer.from(answer.xml, 'utf8');
    const sent = encrypted ? encryptBody(state.security!, out) : out;
    largest = Math.max(largest, sent.length);
    res.writeHead(answer.status, { 'Content-Type': encrypted ? ENCRYPTED_CONTENT_TYPE : SOAP_CONTENT_TYPE, 'Content-Length': String(sent.length) });
    res.end(sent);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Length': '0' });
      res.end();
      console.error('test endpoint:', e);
    });
  };
  const server: Server = o.tls ? createHttpsServer({ key: o.tls.key, cert: o.tls.cert }, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 120_000;
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    actions: host.actions,
    seen: host.seen,
    logins,
    hosts,
    authFlags,
    targetNames,
    largestAnswer: () => largest,
    liveShells: () => host.liveShells,
    close: async () => {
      host.killAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
