import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Action, escapeXml, NS, OPERATION_TIMEOUT_CODE, parseEnvelope, RESOURCE_CMD, text, type Envelope } from '../../src/winrm/soap.js';

// The WinRS cmd shell of the test endpoint (MS-WSMV 3.1.4), as strict as Windows is about what a
// client sends: ResourceURI, mustUnderstand headers, options, MaxEnvelopeSize both ways,
// WINRS_CONSOLEMODE_STDIN and cmd.exe's command line. Commands run with a real pwsh in place
// of powershell.exe.

/**
 * WSMan error codes from the Windows SDK (winrm.h; the win32metadata namespace
 * Windows.Win32.System.RemoteManagement lists the same values).
 */
export const WsmanCode = {
  ACTION_NOT_SUPPORTED: '2150858771',
  MUST_UNDERSTAND: '2150858768',
  INVALID_OPTIONS: '2150858809',
  OPTIONS_INVALID_NAME: '2150858834',
  OPTIONS_INVALID_VALUE: '2150858835',
  INVALID_RESOURCE_URI: '2150858811',
  SERVER_ENVELOPE_LIMIT: '2150858825',
  MAX_ENVELOPE_SIZE: '2150858823',
  /** Shell not found, as Windows answers it (pywinrm's captured fault). */
  SHELL_NOT_FOUND: '2150858843',
  INTERNAL: '2147943515',
} as const;

/** Windows' default MaxEnvelopeSizekb (500 KB) for requests the service accepts. */
export const SERVICE_MAX_ENVELOPE = 500 * 1024;
/** cmd.exe refuses a longer command line (KB830473). */
export const CMD_MAX_LINE = 8191;

/** Header elements this service understands; any other one marked mustUnderstand is a fault (SOAP 1.2 §5.2.3). */
const UNDERSTOOD = new Set([
  'To',
  'ReplyTo',
  'MaxEnvelopeSize',
  'MessageID',
  'Locale',
  'DataLocale',
  'OperationTimeout',
  'Action',
  'ResourceURI',
  'SelectorSet',
  'OptionSet',
  'SessionId',
  'OperationID',
  'SequenceId',
  'CompressionType',
]);

/** Options each action knows, with a check of the value (MS-WSMV 3.1.4.5, 3.1.4.11). */
const BOOL = (v: string) => /^(TRUE|FALSE)$/i.test(v);
const OPTIONS: Record<string, Record<string, (v: string) => boolean>> = {
  [Action.Create]: { WINRS_NOPROFILE: BOOL, WINRS_CODEPAGE: (v) => /^\d{1,5}$/.test(v) },
  [Action.Command]: { WINRS_CONSOLEMODE_STDIN: BOOL, WINRS_SKIP_CMD_SHELL: BOOL },
};

export interface ShellHostOptions {
  pwsh: string;
  /** Fault injection, by 1-based count of Receive requests. */
  faultOnReceive?: number;
  /** The command never ends (a hung probe), so Receive only ever times out. */
  hang?: boolean;
  /** Hostile: the first Receive carries this many bytes of output, whatever MaxEnvelopeSize was asked. */
  oversizeReceive?: number;
  /** Hostile: every Receive answers at once, with nothing and the command still running. */
  emptyReceives?: boolean;
}

interface Command {
  child?: ChildProcess;
  out: { name: 'stdout' | 'stderr'; data: Buffer }[];
  exitCode?: number;
  /** WINRS_CONSOLEMODE_STDIN=TRUE: stdin is a console, which End="true" does not close. */
  console: boolean;
  wake?: (() => void) | undefined;
}

export interface SoapAnswer {
  status: number;
  xml: string;
}

/** What the endpoint saw of each request, for tests. */
export interface SeenRequest {
  action: string;
  options: Record<string, string>;
  maxEnvelopeSize: number;
  commandLine?: string;
}

function soap(action: string, relatesTo: string, body: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xml:lang="en-US" xmlns:s="${NS.s}" xmlns:a="${NS.a}" xmlns:w="${NS.w}" xmlns:rsp="${NS.rsp}" xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer">` +
    `<s:Header><a:Action>${action}</a:Action><a:MessageID>uuid:${randomUUID().toUpperCase()}</a:MessageID>` +
    `<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To><a:RelatesTo>${escapeXml(relatesTo)}</a:RelatesTo></s:Header>` +
    `<s:Body>${body}</s:Body></s:Envelope>`
  );
}

export function fault(relatesTo: string, subcode: string, code: string, reason: string, soapCode = 's:Sender'): SoapAnswer {
  const sub = subcode ? `<s:Subcode><s:Value>${subcode}</s:Value></s:Subcode>` : '';
  return {
    status: 500,
    xml: soap(
      'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault',
      relatesTo,
      `<s:Fault><s:Code><s:Value>${soapCode}</s:Value>${sub}</s:Code>` +
        `<s:Reason><s:Text xml:lang="en-US">${escapeXml(reason)}</s:Text></s:Reason>` +
        `<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${code}" Machine="127.0.0.1"><f:Message>${escapeXml(reason)}</f:Message></f:WSManFault></s:Detail></s:Fault>`,
    ),
  };
}

/** CommandLineToArgvW rules: whitespace separates, "…" groups, 2n backslashes + quote = n backslashes + toggle. */
export function windowsArgv(line: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      let n = 0;
      while (line[i + n] === '\\') n++;
      if (line[i + n] === '"') {
        cur += '\\'.repeat(Math.floor(n / 2));
        if (n % 2) cur += '"';
        else inQuotes = !inQuotes;
        i += n;
      } else {
        cur += '\\'.repeat(n);
        i += n - 1;
      }
      started = true;
    } else if (c === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if ((c === ' ' || c === '\t') && !inQuotes) {
      if (started) args.push(cur);
      cur = '';
      started = false;
    } else {
      cur += c;
      started = true;
    }
  }
  if (started) args.push(cur);
  return args;
}

/**
 * stderr as Windows PowerShell 5.1 writes it: no ANSI colour in the CLIXML error records (pwsh 7
 * may add it), and the `#< CLIXML` marker line ended by CRLF, which clients such as pywinrm
 * match on.
 */
export function windowsStderr(s: string): string {
  return s.replace(/(?:\u001b|_x001B_)\[[0-9;?]*[A-Za-z]/g, '').replace(/#< CLIXML\r?\n/g, '#< CLIXML\r\n');
}

function children(node: unknown): [string, Record<string, unknown>][] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    k.startsWith('@') || k === '#text'
      ? []
      : (Array.isArray(v) ? v : [v]).map((x) => [k, (typeof x === 'object' && x ? x : {}) as Record<string, unknown>] as [string, Record<string, unknown>]),
  );
}

function options(env: Envelope): { values: Record<string, string>; mustComply: Set<string> } {
  const values: Record<string, string> = {};
  const mustComply = new Set<string>();
  for (const [, o] of children((env.header['OptionSet'] as Record<string, unknown> | undefined) ?? {}).filter(([k]) => k === 'Option')) {
    const name = String(o['@Name'] ?? '');
    values[name] = text(o);
    if (String(o['@MustComply'] ?? '').toLowerCase() === 'true') mustComply.add(name);
  }
  return { values, mustComply };
}

export class ShellHost {
  private readonly shells = new Map<string, Map<string, Command>>();
  private receives = 0;
  /** Action names received, in order (Create, Command, Send, Receive, Signal, Delete). */
  readonly actions: string[] = [];
  readonly seen: SeenRequest[] = [];

  constructor(private readonly o: ShellHostOptions) {}

  get liveShells(): number {
    return this.shells.size;
  }

  /** The checks Windows makes of every request before it reaches the shell. */
  private refuse(env: Envelope, xml: string, messageId: string, action: string): SoapAnswer | undefined {
    if (Buffer.byteLength(xml) > SERVICE_MAX_ENVELOPE) {
      return fault(
        messageId,
        'w:EncodingLimit',
        WsmanCode.SERVER_ENVELOPE_LIMIT,
        `The request is larger than the service's MaxEnvelopeSizekb (${SERVICE_MAX_ENVELOPE / 1024}).`,
      );
    }
    for (const [name, node] of children(env.header)) {
      const must = String(node['@mustUnderstand'] ?? '').toLowerCase();
      if ((must === 'true' || must === '1') && !UNDERSTOOD.has(name)) {
        return fault(
          messageId,
          '',
          WsmanCode.MUST_UNDERSTAND,
          `The WS-Management service cannot process a SOAP header in the request that is marked as mustUnderstand: ${name}.`,
          's:MustUnderstand',
        );
      }
    }
    const resource = text(env.header['ResourceURI']);
    if (resource !== RESOURCE_CMD) {
      return fault(
        messageId,
        'w:DestinationUnreachable',
        WsmanCode.INVALID_RESOURCE_URI,
        `The WS-Management service cannot process the request. The resource URI (${resource || 'none'}) is not the cmd shell.`,
      );
    }
    const known = OPTIONS[action] ?? {};
    const { values, mustComply } = options(env);
    for (const [name, value] of Object.entries(values)) {
      const check = known[name];
      if (!check && mustComply.has(name))
        return fault(messageId, 'w:InvalidOptions', WsmanCode.OPTIONS_INVALID_NAME, `The option ${name} is not valid for this operation.`);
      if (check && !check(value))
        return fault(messageId, 'w:InvalidOptions', WsmanCode.OPTIONS_INVALID_VALUE, `The value ${value} of option ${name} is not valid.`);
    }
    return undefined;
  }

  async handle(xml: string): Promise<SoapAnswer> {
    const env = parseEnvelope(xml);
    const action = text(env.header['Action']);
    const messageId = text(env.header['MessageID']);
    const maxEnvelope = Number(text(env.header['MaxEnvelopeSize']) || '153600');
    const name = action.slice(action.lastIndexOf('/') + 1);
    this.actions.push(name);
    this.seen.push({ action: name, options: options(env).values, maxEnvelopeSize: maxEnvelope });
    const refused = this.refuse(env, xml, messageId, action);
    if (refused) return refused;
    const shellId = text(env.header['SelectorSet']);
    const shell = this.shells.get(shellId);
    const notFound = () =>
      fault(
        messageId,
        'w:InvalidSelectors',
        WsmanCode.SHELL_NOT_FOUND,
        'The request for the Windows Remote Shell with ShellId failed because the shell was not found on the server.',
      );
    switch (action) {
      case Action.Create:
        return this.create(messageId);
      case Action.Command:
        return shell ? this.command(env, messageId, shell) : notFound();
      case Action.Send:
        return shell ? this.send(env, messageId, shell) : notFound();
      case Action.Receive:
        return shell ? this.receive(env, messageId, shell, maxEnvelope) : notFound();
      case Action.Signal: {
        const cmd = shell?.get(String((env.body['Signal'] as Record<string, unknown>)?.['@CommandId'] ?? ''));
        if (!cmd) return notFound();
        cmd.child?.kill('SIGKILL');
        return { status: 200, xml: soap(`${NS.rsp}/SignalResponse`, messageId, '<rsp:SignalResponse/>') };
      }
      case Action.Delete: {
        if (!shell) return notFound();
        for (const cmd of shell.values()) cmd.child?.kill('SIGKILL');
        this.shells.delete(shellId);
        return { status: 200, xml: soap('http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse', messageId, '') };
      }
      default:
        return fault(messageId, 'a:ActionNotSupported', WsmanCode.ACTION_NOT_SUPPORTED, `The action ${action} is not supported.`);
    }
  }

  private create(messageId: string): SoapAnswer {
    const id = randomUUID().toUpperCase();
    this.shells.set(id, new Map());
    return {
      status: 200,
      xml: soap(
        'http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse',
        messageId,
        `<x:ResourceCreated><a:Address>http://127.0.0.1/wsman</a:Address><a:ReferenceParameters><w:ResourceURI>${RESOURCE_CMD}</w:ResourceURI>` +
          `<w:SelectorSet><w:Selector Name="ShellId">${id}</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>`,
      ),
    };
  }

  /** cmd.exe /c LINE (unless WINRS_SKIP_CMD_SHELL): LINE is at most 8191 characters, then argv by CommandLineToArgvW. */
  private command(env: Envelope, messageId: string, shell: Map<string, Command>): SoapAnswer {
    const body = (env.body['CommandLine'] as Record<string, unknown> | undefined) ?? {};
    const args = body['Arguments'];
    const line = [text(body['Command']), ...(Array.isArray(args) ? args : args === undefined ? [] : [args]).map(text)].join(' ').trim();
    const { values } = options(env);
    this.seen[this.seen.length - 1]!.commandLine = line;
    const id = randomUUID().toUpperCase();
    // MS-WSMV 3.1.4.11: without the option, stdin is a console (TRUE), as winrs.exe has it.
    const cmd: Command = { out: [], console: (values['WINRS_CONSOLEMODE_STDIN'] ?? 'TRUE').toUpperCase() === 'TRUE' };
    shell.set(id, cmd);
    const viaCmd = (values['WINRS_SKIP_CMD_SHELL'] ?? 'FALSE').toUpperCase() !== 'TRUE';
    if (viaCmd && line.length > CMD_MAX_LINE) {
      cmd.out.push({ name: 'stderr', data: Buffer.from('The command line is too long.\r\n') });
      cmd.exitCode = 1;
    } else if (!this.o.hang && !this.o.emptyReceives) this.spawn(cmd, windowsArgv(line));
    return {
      status: 200,
      xml: soap(`${NS.rsp}/CommandResponse`, messageId, `<rsp:CommandResponse><rsp:CommandId>${id}</rsp:CommandId></rsp:CommandResponse>`),
    };
  }

  private spawn(cmd: Command, argv: string[]): void {
    const [exe, ...args] = argv;
    const program = /^powershell(\.exe)?$/i.test(exe ?? '') ? this.o.pwsh : (exe ?? '');
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    cmd.child = child;
    const push = (name: 'stdout' | 'stderr', data: Buffer) => {
      if (data.length) cmd.out.push({ name, data });
      cmd.wake?.();
    };
    // stderr goes out whole lines at a time, without ANSI escapes.
    let errLine = '';
    child.stdout!.on('data', (d: Buffer) => push('stdout', d));
    child.stderr!.on('data', (d: Buffer) => {
      errLine += d.toString('utf8');
      const cut = errLine.lastIndexOf('\n') + 1;
      if (cut) push('stderr', Buffer.from(windowsStderr(errLine.slice(0, cut)), 'utf8'));
      errLine = errLine.slice(cut);
    });
    child.stdin!.on('error', () => {});
    child.on('error', (e) => push('stderr', Buffer.from(String(e))));
    child.on('close', (code) => {
      if (errLine) push('stderr', Buffer.from(windowsStderr(errLine), 'utf8'));
      cmd.exitCode = code ?? 1;
      cmd.wake?.();
    });
  }

  private send(env: Envelope, messageId: string, shell: Map<string, Command>): SoapAnswer {
    const stream = (env.body['Send'] as Record<string, unknown>)?.['Stream'] as Record<string, unknown>[] | undefined;
    for (const s of stream ?? []) {
      const cmd = shell.get(String(s['@CommandId']));
      if (!cmd) return fault(messageId, 'w:InvalidSelectors', WsmanCode.SHELL_NOT_FOUND, 'The command was not found in the shell.');
      cmd.child?.stdin?.write(Buffer.from(text(s), 'base64'));
      // A console has no end of input: End="true" closes only a pipe.
      if (String(s['@End']).toLowerCase() === 'true' && !cmd.console) cmd.child?.stdin?.end();
    }
    return { status: 200, xml: soap(`${NS.rsp}/SendResponse`, messageId, '<rsp:SendResponse/>') };
  }

  private async receive(env: Envelope, messageId: string, shell: Map<string, Command>, maxEnvelope: number): Promise<SoapAnswer> {
    this.receives++;
    const commandId = String(((env.body['Receive'] as Record<string, unknown>)?.['DesiredStream'] as Record<string, unknown>)?.['@CommandId'] ?? '');
    const cmd = shell.get(commandId);
    if (!cmd) return fault(messageId, 'w:InvalidSelectors', WsmanCode.SHELL_NOT_FOUND, 'The command was not found in the shell.');
    if (this.o.faultOnReceive === this.receives)
      return fault(messageId, 'w:InternalError', WsmanCode.INTERNAL, 'The shell plugin stopped: the service is shutting down.', 's:Receiver');
    const running = `<rsp:CommandState CommandId="${commandId}" State="${NS.rsp}/CommandState/Running"></rsp:CommandState>`;
    if (this.o.emptyReceives)
      return { status: 200, xml: soap(`${NS.rsp}/ReceiveResponse`, messageId, `<rsp:ReceiveResponse>${running}</rsp:ReceiveResponse>`) };
    if (this.o.oversizeReceive && this.receives === 1) {
      const data = Buffer.alloc(this.o.oversizeReceive, 0x41).toString('base64');
      return {
        status: 200,
        xml: soap(
          `${NS.rsp}/ReceiveResponse`,
          messageId,
          `<rsp:ReceiveResponse><rsp:Stream Name="stdout" CommandId="${commandId}">${data}</rsp:Stream>${running}</rsp:ReceiveResponse>`,
        ),
      };
    }
    const opSeconds = Number(/PT([\d.]+)S/.exec(text(env.header['OperationTimeout']))?.[1] ?? '60');
    if (!cmd.out.length && cmd.exitCode === undefined) await this.wait(cmd, opSeconds);
    if (!cmd.out.length && cmd.exitCode === undefined) {
      return fault(
        messageId,
        'w:TimedOut',
        OPERATION_TIMEOUT_CODE,
        'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.',
        's:Receiver',
      );
    }
    return this.receiveAnswer(messageId, commandId, cmd, maxEnvelope);
  }

  private wait(cmd: Command, seconds: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, seconds * 1000);
      cmd.wake = () => {
        clearTimeout(timer);
        cmd.wake = undefined;
        resolve();
      };
    });
  }

  /**
   * Hands out output in 1000-byte pieces, as a real server hands out partial buffers (pieces may
   * split a UTF-8 character), and no more than fits in the MaxEnvelopeSize the client asked for;
   * the rest waits for the next Receive.
   */
  private receiveAnswer(messageId: string, commandId: string, cmd: Command, maxEnvelope: number): SoapAnswer {
    const done =
      `<rsp:Stream Name="stdout" CommandId="${commandId}" End="true"></rsp:Stream><rsp:Stream Name="stderr" CommandId="${commandId}" End="true"></rsp:Stream>` +
      `<rsp:CommandState CommandId="${commandId}" State="${NS.rsp}/CommandState/Done"><rsp:ExitCode>${cmd.exitCode ?? 0}</rsp:ExitCode></rsp:CommandState>`;
    const overhead = Buffer.byteLength(soap(`${NS.rsp}/ReceiveResponse`, messageId, `<rsp:ReceiveResponse>${done}</rsp:ReceiveResponse>`));
    let room = maxEnvelope - overhead;
    const streams: string[] = [];
    while (cmd.out.length) {
      const head = cmd.out[0]!;
      const piece = head.data.subarray(0, 1000);
      const xml = `<rsp:Stream Name="${head.name}" CommandId="${commandId}">${piece.toString('base64')}</rsp:Stream>`;
      if (xml.length > room) break;
      room -= xml.length;
      streams.push(xml);
      if (piece.length === head.data.length) cmd.out.shift();
      else head.data = head.data.subarray(piece.length);
    }
    const finished = cmd.exitCode !== undefined && cmd.out.length === 0;
    const state = finished ? done : `<rsp:CommandState CommandId="${commandId}" State="${NS.rsp}/CommandState/Running"></rsp:CommandState>`;
    return { status: 200, xml: soap(`${NS.rsp}/ReceiveResponse`, messageId, `<rsp:ReceiveResponse>${streams.join('')}${state}</rsp:ReceiveResponse>`) };
  }

  killAll(): void {
    for (const shell of this.shells.values()) for (const c of shell.values()) c.child?.kill('SIGKILL');
  }
}
