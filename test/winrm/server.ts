import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { tlsServerEndPoint } from '../../src/winrm/channel-binding.js';
import { decryptBody, ENCRYPTED_CONTENT_TYPE, encryptBody, isEncryptedContentType, SOAP_CONTENT_TYPE } from '../../src/winrm/encryption.js';
import {
  AvId, challengeMessage, channelBindingsHash, CLIENT_FLAGS, computeMic, encodeAvPairs, NtlmFlag, NtlmSecurity, ntowfv2, parseAuthenticate,
  parseAvPairs, utf16,
} from '../../src/winrm/ntlm.js';
import { rc4 } from '../../src/winrm/rc4.js';
import { Action, escapeXml, NS, OPERATION_TIMEOUT_CODE, parseEnvelope, text } from '../../src/winrm/soap.js';

// A WS-Management endpoint that speaks the real protocol (WinRS cmd shell, MS-WSMV) over HTTP
// with NTLM message encryption and over HTTPS with Basic or NTLM + channel binding, and runs
// each command with a real pwsh in place of powershell.exe.

export interface EndpointOptions {
  pwsh: string;
  /** Schemes offered in WWW-Authenticate. */
  schemes: ('ntlm' | 'basic')[];
  users: Record<string, string>;
  tls?: { key: string; cert: string };
  /** Windows' AllowUnencrypted: Basic over HTTP is refused without it. */
  allowUnencrypted?: boolean;
  /** Refuse NTLM over TLS without the right MsvAvChannelBindings (CbtHardeningLevel=Strict). */
  strictChannelBinding?: boolean;
  /** Fault injection, by 1-based count of Receive requests. */
  closeOnReceive?: number;
  faultOnReceive?: number;
  /** The command never ends (a hung probe), so Receive only ever times out. */
  hang?: boolean;
}

interface Command {
  child?: ChildProcess;
  out: { name: 'stdout' | 'stderr'; data: Buffer }[];
  exitCode?: number;
  wake?: (() => void) | undefined;
}

interface ConnState {
  negotiate?: Buffer;
  challenge?: Buffer;
  serverChallenge?: Buffer;
  user?: string;
  security?: NtlmSecurity | undefined;
}

export interface Endpoint {
  port: number;
  /** Actions received, in order (Create, Command, Send, Receive, Signal, Delete). */
  actions: string[];
  /** Users that authenticated, as the server saw them (domain\\user). */
  logins: string[];
  liveShells(): number;
  close(): Promise<void>;
}

const hmacMd5 = (key: Buffer, ...data: Buffer[]) => {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
};

function soap(action: string, relatesTo: string, body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xml:lang="en-US" xmlns:s="${NS.s}" xmlns:a="${NS.a}" xmlns:w="${NS.w}" xmlns:rsp="${NS.rsp}" xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer">` +
    `<s:Header><a:Action>${action}</a:Action><a:MessageID>uuid:${randomUUID().toUpperCase()}</a:MessageID>` +
    `<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To><a:RelatesTo>${relatesTo}</a:RelatesTo></s:Header>` +
    `<s:Body>${body}</s:Body></s:Envelope>`;
}

function fault(relatesTo: string, subcode: string, code: string, reason: string): string {
  return soap('http://schemas.dmtf.org/wbem/wsman/1/wsman/fault', relatesTo,
    `<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>${subcode}</s:Value></s:Subcode></s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${escapeXml(reason)}</s:Text></s:Reason>` +
    `<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${code}" Machine="127.0.0.1"><f:Message>${escapeXml(reason)}</f:Message></f:WSManFault></s:Detail></s:Fault>`);
}

function fileTime(): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
  return b;
}

export async function startEndpoint(o: EndpointOptions): Promise<Endpoint> {
  const actions: string[] = [];
  const logins: string[] = [];
  const shells = new Map<string, Map<string, Command>>();
  const conns = new WeakMap<Socket, ConnState>();
  const certDer = o.tls ? new X509Certificate(o.tls.cert).raw : undefined;
  let receives = 0;

  const offer = () => o.schemes.map((s) => (s === 'ntlm' ? 'Negotiate' : 'Basic realm="WSMAN"'));
  const deny = (res: ServerResponse) => {
    res.writeHead(401, { 'WWW-Authenticate': offer().join(', '), 'Content-Length': '0' });
    res.end();
  };

  function ntlmAuthenticate(state: ConnState, message: Buffer): boolean {
    const auth = parseAuthenticate(message);
    const password = Object.entries(o.users).find(([u]) => u.toLowerCase() === auth.user.toLowerCase())?.[1];
    if (password === undefined || !state.serverChallenge || !state.negotiate || !state.challenge) return false;
    const ntowf = ntowfv2(password, auth.user, auth.domain);
    const proof = auth.ntResponse.subarray(0, 16);
    const temp = auth.ntResponse.subarray(16);
    if (!hmacMd5(ntowf, state.serverChallenge, temp).equals(proof)) return false;
    const pairs = parseAvPairs(temp.subarray(28));
    const flagsPair = pairs.find((p) => p.id === AvId.Flags);
    if (!flagsPair || !(flagsPair.value.readUInt32LE(0) & 0x2)) return false;
    const sessionBaseKey = hmacMd5(ntowf, proof);
    const esk = auth.flags & NtlmFlag.KEY_EXCH ? rc4(sessionBaseKey, auth.encryptedRandomSessionKey) : sessionBaseKey;
    if (!computeMic(esk, state.negotiate, state.challenge, auth.withoutMic).equals(auth.mic)) return false;
    if (certDer && o.strictChannelBinding) {
      const cbt = pairs.find((p) => p.id === AvId.ChannelBindings)?.value;
      if (!cbt || !cbt.equals(channelBindingsHash(tlsServerEndPoint(certDer)))) return false;
    }
    state.user = `${auth.domain}\\${auth.user}`;
    state.security = new NtlmSecurity(esk, auth.flags, 'server');
    logins.push(state.user);
    return true;
  }

  function commandLine(xml: string): string[] {
    const env = parseEnvelope(xml);
    const line = [text((env.body['CommandLine'] as Record<string, unknown>)?.['Command']), text((env.body['CommandLine'] as Record<string, unknown>)?.['Arguments'])].join(' ');
    return line.trim().split(/\s+/);
  }

  async function handleSoap(xml: string): Promise<{ status: number; xml: string }> {
    const env = parseEnvelope(xml);
    const action = text(env.header['Action']);
    const messageId = text(env.header['MessageID']);
    const shellId = text(env.header['SelectorSet']);
    const opSeconds = Number(/PT([\d.]+)S/.exec(text(env.header['OperationTimeout']))?.[1] ?? '60');
    const name = action.slice(action.lastIndexOf('/') + 1);
    actions.push(name);
    const shell = shells.get(shellId);
    const notFound = () => ({ status: 500, xml: fault(messageId, 'w:InvalidSelectors', '2150858843', 'The request for the Windows Remote Shell with ShellId failed because the shell was not found on the server.') });
    switch (action) {
      case Action.Create: {
        const id = randomUUID().toUpperCase();
        shells.set(id, new Map());
        return {
          status: 200,
          xml: soap('http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse', messageId,
            `<x:ResourceCreated><a:Address>http://127.0.0.1/wsman</a:Address><a:ReferenceParameters><w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>` +
            `<w:SelectorSet><w:Selector Name="ShellId">${id}</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>`),
        };
      }
      case Action.Command: {
        if (!shell) return notFound();
        const id = randomUUID().toUpperCase();
        const cmd: Command = { out: [] };
        shell.set(id, cmd);
        if (!o.hang) {
          const [exe, ...args] = commandLine(xml);
          const program = exe?.toLowerCase() === 'powershell.exe' ? o.pwsh : (exe ?? '');
          const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
          cmd.child = child;
          const push = (name: 'stdout' | 'stderr') => (data: Buffer) => {
            cmd.out.push({ name, data });
            cmd.wake?.();
          };
          child.stdout!.on('data', push('stdout'));
          child.stderr!.on('data', push('stderr'));
          child.stdin!.on('error', () => {});
          child.on('error', (e) => push('stderr')(Buffer.from(String(e))));
          child.on('close', (code) => {
            cmd.exitCode = code ?? 1;
            cmd.wake?.();
          });
        }
        return { status: 200, xml: soap(`${NS.rsp}/CommandResponse`, messageId, `<rsp:CommandResponse><rsp:CommandId>${id}</rsp:CommandId></rsp:CommandResponse>`) };
      }
      case Action.Send: {
        const stream = (env.body['Send'] as Record<string, unknown>)?.['Stream'] as Record<string, unknown>[] | undefined;
        for (const s of stream ?? []) {
          const cmd = shell?.get(String(s['@CommandId']));
          if (!cmd) return notFound();
          cmd.child?.stdin!.write(Buffer.from(text(s), 'base64'));
          if (String(s['@End']).toLowerCase() === 'true') cmd.child?.stdin!.end();
        }
        return { status: 200, xml: soap(`${NS.rsp}/SendResponse`, messageId, '<rsp:SendResponse/>') };
      }
      case Action.Receive: {
        receives++;
        const commandId = String(((env.body['Receive'] as Record<string, unknown>)?.['DesiredStream'] as Record<string, unknown>)?.['@CommandId'] ?? '');
        const cmd = shell?.get(commandId);
        if (!cmd) return notFound();
        if (o.faultOnReceive === receives) return { status: 500, xml: fault(messageId, 'w:InternalError', '2147943515', 'The shell plugin stopped: the service is shutting down.') };
        if (!cmd.out.length && cmd.exitCode === undefined) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, opSeconds * 1000);
            cmd.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          cmd.wake = undefined;
        }
        if (!cmd.out.length && cmd.exitCode === undefined) {
          return { status: 500, xml: fault(messageId, 'w:TimedOut', OPERATION_TIMEOUT_CODE, 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.') };
        }
        // Cut output into 1000-byte pieces, as a real server hands out partial buffers; pieces
        // may split a UTF-8 character, which the client must rejoin before decoding.
        const parts = cmd.out.splice(0, cmd.out.length).flatMap((c) => {
          const pieces: typeof c[] = [];
          for (let i = 0; i < c.data.length; i += 1000) pieces.push({ name: c.name, data: c.data.subarray(i, i + 1000) });
          return pieces;
        });
        const streams = parts.map((p) => `<rsp:Stream Name="${p.name}" CommandId="${commandId}">${p.data.toString('base64')}</rsp:Stream>`).join('');
        const done = cmd.exitCode !== undefined;
        const state = done
          ? `<rsp:Stream Name="stdout" CommandId="${commandId}" End="true"></rsp:Stream><rsp:Stream Name="stderr" CommandId="${commandId}" End="true"></rsp:Stream>` +
            `<rsp:CommandState CommandId="${commandId}" State="${NS.rsp}/CommandState/Done"><rsp:ExitCode>${cmd.exitCode}</rsp:ExitCode></rsp:CommandState>`
          : `<rsp:CommandState CommandId="${commandId}" State="${NS.rsp}/CommandState/Running"></rsp:CommandState>`;
        return { status: 200, xml: soap(`${NS.rsp}/ReceiveResponse`, messageId, `<rsp:ReceiveResponse>${streams}${state}</rsp:ReceiveResponse>`) };
      }
      case Action.Signal: {
        const commandId = String((env.body['Signal'] as Record<string, unknown>)?.['@CommandId'] ?? '');
        const cmd = shell?.get(commandId);
        if (!cmd) return notFound();
        cmd.child?.kill('SIGKILL');
        return { status: 200, xml: soap(`${NS.rsp}/SignalResponse`, messageId, '<rsp:SignalResponse/>') };
      }
      case Action.Delete: {
        if (!shell) return notFound();
        for (const cmd of shell.values()) cmd.child?.kill('SIGKILL');
        shells.delete(shellId);
        return { status: 200, xml: soap('http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse', messageId, '') };
      }
      default:
        return { status: 500, xml: fault(messageId, 'a:ActionNotSupported', '2150858754', `The action ${action} is not supported.`) };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const socket = req.socket;
    let state = conns.get(socket);
    if (!state) conns.set(socket, (state = {}));
    const header = req.headers.authorization ?? '';
    let basicUser: string | undefined;
    const negotiate = /^Negotiate\s+(\S+)$/i.exec(header);
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (negotiate && o.schemes.includes('ntlm')) {
      const token = Buffer.from(negotiate[1]!, 'base64');
      const type = token.length >= 12 ? token.readUInt32LE(8) : 0;
      if (type === 1) {
        state.negotiate = token;
        state.serverChallenge = randomBytes(8);
        state.challenge = challengeMessage({
          flags: CLIENT_FLAGS, serverChallenge: state.serverChallenge, targetName: 'PRESEAL',
          targetInfo: encodeAvPairs([
            { id: AvId.NbDomainName, value: utf16('PRESEAL') },
            { id: AvId.NbComputerName, value: utf16('TESTVM') },
            { id: AvId.Timestamp, value: fileTime() },
          ]),
        });
        res.writeHead(401, { 'WWW-Authenticate': `Negotiate ${state.challenge.toString('base64')}`, 'Content-Length': '0' });
        res.end();
        return;
      }
      if (type === 3 && ntlmAuthenticate(state, token)) {
        res.writeHead(200, { 'Content-Length': '0' });
        res.end();
        return;
      }
      state.security = undefined;
      deny(res);
      return;
    }
    if (basic && o.schemes.includes('basic') && (o.tls || o.allowUnencrypted)) {
      const [u, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      if (u !== undefined && o.users[u] !== undefined && o.users[u] === rest.join(':')) basicUser = u;
    }
    if (!basicUser && !state.user) {
      deny(res);
      return;
    }
    if (basicUser && !logins.includes(basicUser)) logins.push(basicUser);
    let xml: string;
    const sealed = state.security && !o.tls && !basicUser;
    if (sealed) {
      if (!isEncryptedContentType(req.headers['content-type'])) {
        // AllowUnencrypted=false: Windows refuses a plain body on an HTTP NTLM session.
        deny(res);
        return;
      }
      xml = decryptBody(state.security!, body).toString('utf8');
    } else xml = body.toString('utf8');
    if (o.closeOnReceive !== undefined && xml.includes(Action.Receive) && receives + 1 === o.closeOnReceive) {
      receives++;
      actions.push('Receive');
      socket.destroy();
      return;
    }
    const answer = await handleSoap(xml);
    const out = Buffer.from(answer.xml, 'utf8');
    if (sealed) {
      const enc = encryptBody(state.security!, out);
      res.writeHead(answer.status, { 'Content-Type': ENCRYPTED_CONTENT_TYPE, 'Content-Length': String(enc.length) });
      res.end(enc);
    } else {
      res.writeHead(answer.status, { 'Content-Type': SOAP_CONTENT_TYPE, 'Content-Length': String(out.length) });
      res.end(out);
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'Content-Length': '0' });
      res.end();
      console.error('test endpoint:', e);
    });
  };
  const server: Server = o.tls ? createHttpsServer({ key: o.tls.key, cert: o.tls.cert }, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    actions,
    logins,
    liveShells: () => shells.size,
    close: async () => {
      for (const shell of shells.values()) for (const c of shell.values()) c.child?.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
