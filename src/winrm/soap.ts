import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

// WS-Management SOAP messages for the WinRS cmd shell (MS-WSMV 3.1.4; the request shapes of
// pywinrm winrm/protocol.py and masterzen/winrm). Responses are read by local name, since
// servers differ in the prefixes they use.

export const NS = {
  s: 'http://www.w3.org/2003/05/soap-envelope',
  a: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  w: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  p: 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd',
  rsp: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell',
} as const;

export const RESOURCE_CMD = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd';
export const Action = {
  Create: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Create',
  Delete: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete',
  Command: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command',
  Send: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send',
  Receive: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive',
  Signal: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal',
} as const;
export const SIGNAL_TERMINATE = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate';
/** WSManFault code for "cannot complete the operation within OperationTimeout": no output yet. */
export const OPERATION_TIMEOUT_CODE = '2150858793';
export const MAX_ENVELOPE_SIZE = 153600;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface RequestHeader {
  to: string;
  action: string;
  operationTimeoutSec: number;
  shellId?: string;
  options?: Record<string, string>;
  messageId?: string;
}

export interface Request {
  messageId: string;
  xml: string;
}

export function buildRequest(h: RequestHeader, body: string): Request {
  const messageId = h.messageId ?? `uuid:${randomUUID().toUpperCase()}`;
  const selector = h.shellId !== undefined ? `<w:SelectorSet><w:Selector Name="ShellId">${escapeXml(h.shellId)}</w:Selector></w:SelectorSet>` : '';
  const options = h.options
    ? `<w:OptionSet>${Object.entries(h.options)
        .map(([k, v]) => `<w:Option Name="${escapeXml(k)}">${escapeXml(v)}</w:Option>`)
        .join('')}</w:OptionSet>`
    : '';
  const xml =
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<s:Envelope xmlns:s="${NS.s}" xmlns:a="${NS.a}" xmlns:w="${NS.w}" xmlns:p="${NS.p}" xmlns:rsp="${NS.rsp}">` +
    `<s:Header>` +
    `<a:To>${escapeXml(h.to)}</a:To>` +
    `<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
    `<w:MaxEnvelopeSize s:mustUnderstand="true">${MAX_ENVELOPE_SIZE}</w:MaxEnvelopeSize>` +
    `<a:MessageID>${messageId}</a:MessageID>` +
    `<w:Locale s:mustUnderstand="false" xml:lang="en-US"/>` +
    `<p:DataLocale s:mustUnderstand="false" xml:lang="en-US"/>` +
    `<w:OperationTimeout>PT${h.operationTimeoutSec}S</w:OperationTimeout>` +
    `<a:Action s:mustUnderstand="true">${h.action}</a:Action>` +
    `<w:ResourceURI s:mustUnderstand="true">${RESOURCE_CMD}</w:ResourceURI>` +
    selector +
    options +
    `</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
  return { messageId, xml };
}

export function createShellRequest(to: string, operationTimeoutSec: number): Request {
  return buildRequest(
    { to, action: Action.Create, operationTimeoutSec, options: { WINRS_NOPROFILE: 'FALSE', WINRS_CODEPAGE: '65001' } },
    '<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>',
  );
}

/**
 * WINRS_CONSOLEMODE_STDIN=FALSE: stdin is a pipe, which ends when Send says End="true" (TRUE makes
 * it a console, MS-WSMV 3.1.4.11; the probe arrives on stdin and is read to its end).
 */
export function commandRequest(to: string, operationTimeoutSec: number, shellId: string, commandLine: string): Request {
  return buildRequest(
    { to, action: Action.Command, operationTimeoutSec, shellId, options: { WINRS_CONSOLEMODE_STDIN: 'FALSE', WINRS_SKIP_CMD_SHELL: 'FALSE' } },
    `<rsp:CommandLine><rsp:Command>${escapeXml(commandLine)}</rsp:Command></rsp:CommandLine>`,
  );
}

export function sendRequest(to: string, operationTimeoutSec: number, shellId: string, commandId: string, data: Buffer, end: boolean): Request {
  return buildRequest(
    { to, action: Action.Send, operationTimeoutSec, shellId },
    `<rsp:Send><rsp:Stream Name="stdin" CommandId="${escapeXml(commandId)}"${end ? ' End="true"' : ''}>${data.toString('base64')}</rsp:Stream></rsp:Send>`,
  );
}

export function receiveRequest(to: string, operationTimeoutSec: number, shellId: string, commandId: string): Request {
  return buildRequest(
    { to, action: Action.Receive, operationTimeoutSec, shellId },
    `<rsp:Receive><rsp:DesiredStream CommandId="${escapeXml(commandId)}">stdout stderr</rsp:DesiredStream></rsp:Receive>`,
  );
}

export function signalRequest(to: string, operationTimeoutSec: number, shellId: string, commandId: string): Request {
  return buildRequest(
    { to, action: Action.Signal, operationTimeoutSec, shellId },
    `<rsp:Signal CommandId="${escapeXml(commandId)}"><rsp:Code>${SIGNAL_TERMINATE}</rsp:Code></rsp:Signal>`,
  );
}

export function deleteShellRequest(to: string, operationTimeoutSec: number, shellId: string): Request {
  return buildRequest({ to, action: Action.Delete, operationTimeoutSec, shellId }, '');
}

export class SoapError extends Error {}

export interface SoapFault {
  code: string;
  subcode: string;
  reason: string;
  /** f:WSManFault/@Code, e.g. 2150858793 for an operation timeout. */
  wsmanCode?: string;
  /** f:ProviderFault text, when the shell plugin failed. */
  providerFault?: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'Stream' || name === 'Selector' || name === 'Option' || name === 'CommandState',
});

export interface Envelope {
  header: Node;
  body: Node;
}

export function parseEnvelope(xml: string): Envelope {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw new SoapError(`the answer is not XML: ${(e as Error).message}`);
  }
  const env = doc['Envelope'];
  if (!env || typeof env !== 'object') throw new SoapError('the answer is not a SOAP envelope');
  const e = env as Node;
  return { header: (e['Header'] as Node | undefined) ?? {}, body: typeof e['Body'] === 'object' && e['Body'] ? (e['Body'] as Node) : {} };
}

/** Text of an element that may carry attributes. */
export function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(text).join('');
  const n = node as Node;
  if ('#text' in n) return String(n['#text']);
  return Object.entries(n)
    .filter(([k]) => !k.startsWith('@'))
    .map(([, v]) => text(v))
    .join(' ');
}

function child(node: unknown, ...path: string[]): unknown {
  let cur: unknown = node;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Node)[p];
  }
  return cur;
}

export function parseFault(env: Envelope): SoapFault | undefined {
  const fault = env.body['Fault'];
  if (!fault) return undefined;
  const wsman = child(fault, 'Detail', 'WSManFault') as Node | undefined;
  const provider = child(wsman, 'Message', 'ProviderFault');
  const message = text(child(wsman, 'Message'));
  const result: SoapFault = {
    code: text(child(fault, 'Code', 'Value')),
    subcode: text(child(fault, 'Code', 'Subcode', 'Value')),
    reason: (text(child(fault, 'Reason', 'Text')) || message).replace(/\s+/g, ' ').trim(),
  };
  if (wsman && typeof wsman['@Code'] === 'string') result.wsmanCode = wsman['@Code'];
  if (provider !== undefined) result.providerFault = text(provider).replace(/\s+/g, ' ').trim();
  return result;
}

export function isOperationTimeout(f: SoapFault): boolean {
  return f.wsmanCode === OPERATION_TIMEOUT_CODE || /(^|:)TimedOut$/.test(f.subcode);
}

export function relatesTo(env: Envelope): string {
  return text(env.header['RelatesTo']);
}

/** ShellId from a CreateResponse: the selector (all servers) or rsp:Shell/rsp:ShellId (newer ones). */
export function parseShellId(env: Envelope): string {
  const selectors = child(env.body, 'ResourceCreated', 'ReferenceParameters', 'SelectorSet', 'Selector');
  if (Array.isArray(selectors)) {
    const s = selectors.find((x) => (x as Node)['@Name'] === 'ShellId');
    if (s !== undefined && text(s)) return text(s);
  }
  const id = text(child(env.body, 'Shell', 'ShellId'));
  if (id) return id;
  throw new SoapError('the CreateResponse names no ShellId');
}

export function parseCommandId(env: Envelope): string {
  const id = text(child(env.body, 'CommandResponse', 'CommandId'));
  if (!id) throw new SoapError('the CommandResponse names no CommandId');
  return id;
}

export interface ReceiveResult {
  streams: { name: string; data: Buffer; end: boolean }[];
  done: boolean;
  exitCode?: number;
}

export function parseReceive(env: Envelope, commandId?: string): ReceiveResult {
  const response = env.body['ReceiveResponse'];
  if (!response || typeof response !== 'object') throw new SoapError('the answer is not a ReceiveResponse');
  const r = response as Node;
  const mine = (n: Node) => commandId === undefined || n['@CommandId'] === undefined || String(n['@CommandId']).toUpperCase() === commandId.toUpperCase();
  const streams = ((r['Stream'] as unknown[] | undefined) ?? [])
    .map((s) => (typeof s === 'object' && s ? (s as Node) : { '#text': s }))
    .filter(mine)
    .map((s) => ({ name: String(s['@Name'] ?? ''), data: Buffer.from(text(s), 'base64'), end: String(s['@End'] ?? '').toLowerCase() === 'true' }));
  const result: ReceiveResult = { streams, done: false };
  for (const st of ((r['CommandState'] as Node[] | undefined) ?? []).filter(mine)) {
    if (String(st['@State'] ?? '').endsWith('CommandState/Done')) {
      result.done = true;
      const code = text(st['ExitCode']);
      const n = Number(code);
      if (code !== '' && Number.isInteger(n)) result.exitCode = n;
    }
  }
  return result;
}
