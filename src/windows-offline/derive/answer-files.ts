/**
 * answerFiles: answer files in the implicit search locations of Windows Setup
 * (learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview),
 * and the ones the AWS and Google launch agents hand to Sysprep. Only the names of secret-bearing
 * elements are kept, never their values. The same facts as Get-PresealAnswerFiles
 * (src/probes/windows/collectors/answer-files.ps1), whose XmlDocument logic is mirrored here:
 * whitespace-only text is dropped (PreserveWhitespace false), a DTD is refused (DtdProcessing
 * Prohibit), elements are matched by local name.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Facts } from '../../facts/catalog.js';
import type { RegistryResult } from '../registry-source.js';
import { defineDerivation, type DeriveContext, type Derived } from './define.js';
import { presealText } from './registry-data.js';

type AnswerFiles = Facts['answerFiles'];
type Entry = AnswerFiles['files'][number];

const WINDOWS_CANDIDATES = [
  'Panther\\Unattend\\Unattend.xml',
  'Panther\\Unattend\\Autounattend.xml',
  'Panther\\Unattend.xml',
  'Panther\\Autounattend.xml',
  'System32\\Sysprep\\Unattend.xml',
  'System32\\Sysprep\\Autounattend.xml',
] as const;
const ROOT_CANDIDATES = ['Unattend.xml', 'Autounattend.xml'] as const;
/** %ProgramFiles% is taken as <volume>\Program Files, where Windows puts it. */
const AGENT_CANDIDATES = [
  'Program Files\\Amazon\\Ec2ConfigService\\sysprep2008.xml',
  'Program Files\\Google\\Compute Engine\\sysprep\\unattended.xml',
] as const;

interface El {
  kind: 'element';
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: El | undefined;
}
type Node = El | { kind: 'text' | 'cdata' | 'comment' | 'other'; text: string };
export type XmlNode = Node;
export type XmlElement = El;

/** XmlReader's view of the bytes: a UTF-16 or UTF-8 byte order mark, else UTF-8. */
function decode(data: Uint8Array): string {
  const b = Buffer.from(data);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  return b.subarray(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0).toString('utf8');
}

const localName = (n: string) => n.slice(n.indexOf(':') + 1);

function toTree(nodes: unknown[], parent: El | undefined): Node[] {
  const out: Node[] = [];
  for (const raw of nodes as Record<string, unknown>[]) {
    const key = Object.keys(raw).find((k) => k !== ':@')!;
    const value = raw[key];
    if (key === '#text') {
      const text = String(value);
      if (text.trim() !== '') out.push({ kind: 'text', text });
    } else if (key === '#cdata')
      out.push({
        kind: 'cdata',
        text: toTree(value as unknown[], parent)
          .map(innerText)
          .join(''),
      });
    else if (key === '#comment') out.push({ kind: 'comment', text: '' });
    else if (key.startsWith('?')) continue;
    else {
      const attrs = Object.fromEntries(Object.entries((raw[':@'] ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      const el: El = { kind: 'element', name: localName(key), attrs, children: [], parent };
      el.children = toTree(value as unknown[], el);
      out.push(el);
    }
  }
  return out;
}

function innerText(n: Node): string {
  if (n.kind === 'element') return n.children.map(innerText).join('');
  return n.kind === 'text' || n.kind === 'cdata' ? n.text : '';
}

function* descendants(nodes: Node[]): Generator<El> {
  for (const n of nodes) {
    if (n.kind !== 'element') continue;
    yield n;
    yield* descendants(n.children);
  }
}

const childElement = (el: El, name: string) => el.children.find((c): c is El => c.kind === 'element' && c.name === name);

/** Format-PresealXmlPath: Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword. */
function xmlPath(el: El): string {
  const parts: string[] = [];
  for (let n: El | undefined = el; n; n = n.parent) {
    if (n.name === 'component') {
      parts.unshift(n.attrs['name'] ?? '');
      break;
    }
    parts.unshift(n.name);
  }
  return parts.join('/');
}

function settingsPass(el: El): string | null {
  for (let n: El | undefined = el; n; n = n.parent) if (n.name === 'settings') return n.attrs['pass'] || null;
  return null;
}

/** Parses XML as XmlDocument.Load does for these collectors (DTD refused, whitespace-only text dropped). */
export function parseXmlDocument(data: Uint8Array): XmlNode[] {
  const text = decode(data);
  // DtdProcessing.Prohibit: any document type declaration is refused, as XmlReader refuses it.
  if (/<!DOCTYPE/i.test(text)) throw new Error('For security reasons DTD is prohibited in this XML document.');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`${valid.err.msg} Line ${valid.err.line}, position ${valid.err.col}.`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: false,
    commentPropName: '#comment',
    cdataPropName: '#cdata',
  });
  return toTree(parser.parse(text) as unknown[], undefined);
}

/** Every element in document order. */
export function xmlElements(tree: XmlNode[]): XmlElement[] {
  return [...descendants(tree)];
}

/** Read-PresealAnswerFile: the secret elements' names and the commands that call sysprep. */
export function readAnswerFile(data: Uint8Array): Pick<Entry, 'secrets' | 'sysprepCommands'> {
  const all = xmlElements(parseXmlDocument(data));
  const secrets: Entry['secrets'] = [];
  // Passwords with a Value child (UserAccounts, AutoLogon), and the domain-join secrets the unattend
  // reference defines as plain strings (UnattendedJoin Credentials/Password, MachinePassword, AccountData).
  for (const el of all.filter((e) => ['Password', 'AdministratorPassword', 'MachinePassword', 'AccountData'].includes(e.name))) {
    const value = childElement(el, 'Value');
    let plainText: boolean | null = null;
    if (value) {
      if (innerText(value) === '') continue;
      const plain = childElement(el, 'PlainText');
      if (plain) plainText = innerText(plain).trim().toLowerCase() === 'true';
    } else {
      if (el.children.some((c) => c.kind === 'element') || innerText(el).trim() === '') continue;
      plainText = true;
    }
    secrets.push({ element: xmlPath(el), pass: settingsPass(el), plainText });
  }
  for (const el of all.filter((e) => e.name === 'ProductKey')) {
    const key = childElement(el, 'Key');
    const first = el.children[0];
    const keyText = key ? innerText(key) : first === undefined || first.kind === 'text' ? innerText(el) : '';
    if (keyText.trim() === '') continue;
    secrets.push({ element: xmlPath(el), pass: settingsPass(el), plainText: true });
  }
  const sysprepCommands: Entry['sysprepCommands'] = [];
  for (const el of all.filter((e) => ['RunSynchronousCommand', 'SynchronousCommand', 'RunAsynchronousCommand', 'AsynchronousCommand'].includes(e.name))) {
    for (const c of el.children) {
      if (c.kind !== 'element' || (c.name !== 'Path' && c.name !== 'CommandLine')) continue;
      let line = innerText(c);
      if (!/sysprep/i.test(line)) continue;
      if (line.length > 300) line = line.slice(0, 300);
      sysprepCommands.push({ element: xmlPath(c), pass: settingsPass(el), commandLine: line.trim() });
    }
  }
  return { secrets, sysprepCommands };
}

/**
 * HKLM\SYSTEM\Setup UnattendFile, as a path below %WINDIR% when it names one of the implicit
 * locations (through %SystemRoot%, %WINDIR% or X:\Windows); undefined when it names another file,
 * which offline is not followed.
 */
function pointerTarget(pointer: string): string | undefined {
  const m = /^(?:%SystemRoot%|%WINDIR%|[A-Za-z]:\\Windows)\\(.+)$/i.exec(pointer);
  if (!m) return undefined;
  return WINDOWS_CANDIDATES.find((c) => c.toLowerCase() === m[1]!.toLowerCase());
}

const reads: Record<string, { windowsFile: string } | { volumeFile: string } | { hive: 'SYSTEM'; key: string; value: string }> = {
  pointer: { hive: 'SYSTEM', key: 'Setup', value: 'UnattendFile' },
};
for (const [i, p] of WINDOWS_CANDIDATES.entries()) reads[`win${i}`] = { windowsFile: p };
for (const [i, p] of ROOT_CANDIDATES.entries()) reads[`root${i}`] = { volumeFile: p };
for (const [i, p] of AGENT_CANDIDATES.entries()) reads[`agent${i}`] = { volumeFile: p };

function entry(path: string, source: string, r: RegistryResult | undefined): Entry | undefined {
  if (r?.kind === 'unreadable') return { path, source, error: r.reason, secrets: [], sysprepCommands: [] };
  if (r?.kind !== 'file') return undefined;
  try {
    return { path, source, error: null, ...readAnswerFile(r.data) };
  } catch (e) {
    return { path, source, error: (e as Error).message, secrets: [], sysprepCommands: [] };
  }
}

export const answerFilesDerivation = defineDerivation<AnswerFiles>({
  group: 'answerFiles',
  reads,
  derive(r, ctx: DeriveContext): Derived<AnswerFiles> {
    if (r['pointer']?.kind === 'unreadable') return { error: r['pointer'].reason };
    const files: Entry[] = [];
    const seen = new Set<string>();
    const add = (path: string, e: Entry | undefined) => {
      if (seen.has(path.toLowerCase())) return;
      seen.add(path.toLowerCase());
      if (e) files.push(e);
    };
    const pointer = presealText(r['pointer']!);
    if (pointer) {
      const source = 'HKLM\\SYSTEM\\Setup UnattendFile';
      const target = pointerTarget(pointer);
      if (target) add(ctx.windowsPath(target), entry(ctx.windowsPath(target), source, r[`win${WINDOWS_CANDIDATES.indexOf(target as never)}`]));
      else
        add(pointer, {
          path: pointer,
          source,
          error: 'this UnattendFile names a file outside the implicit search locations, which is not followed offline',
          secrets: [],
          sysprepCommands: [],
        });
    }
    for (const [i, p] of WINDOWS_CANDIDATES.entries()) add(ctx.windowsPath(p), entry(ctx.windowsPath(p), 'implicit search location', r[`win${i}`]));
    for (const [i, p] of ROOT_CANDIDATES.entries()) add(ctx.volumePath(p), entry(ctx.volumePath(p), 'implicit search location', r[`root${i}`]));
    for (const [i, p] of AGENT_CANDIDATES.entries()) add(ctx.volumePath(p), entry(ctx.volumePath(p), 'cloud launch agent answer file', r[`agent${i}`]));
    return { facts: { files } };
  },
});
