import { resultCodes, type DecodedCode } from './codes.js';
import { componentOf, providerIn, type ProviderRef } from './providers.js';
import { noise, signatures, type Signature } from './signatures.js';

/** One logical entry of a Panther log: its first physical line number and its whole text. */
export interface LogEntry {
  line: number;
  text: string;
}

export interface Diagnosis {
  signature: string;
  title: string;
  cause: string;
  remediation: string;
  ruleId: string | null;
  object: string | null;
  file: string;
  line: number;
  text: string;
  /** Sysprep's message id (`[0x0f00d8]`, or `983256 (0xf00d8)`), normalized to `0x0F00D8`. */
  messageId: string | null;
  /** The program that logged the line (`SYSPRP`, `windeploy.exe`, `audit.exe`, `oobeldr.exe`). */
  component: string | null;
  /** The Sysprep provider that failed: named by the line, or the last one the log shows starting. */
  provider: string | null;
  /** The result codes of the line, decoded (HRESULT, Win32, NTSTATUS). */
  codes: DecodedCode[];
  /** For a follow-on line: the line of the cause it follows, in the same file. */
  causedBy: number | null;
}

export interface Unrecognized {
  file: string;
  line: number;
  text: string;
}

export interface Classified {
  diagnoses: Diagnosis[];
  unrecognized: Unrecognized[];
  /** Error lines that also appear in healthy runs, left out of both lists. */
  noise: number;
}

// `2024-01-05 10:12:33, Error      [0x0f0070] SYSPRP RunDlls:…`; the timestamp is optional so that
// lines copied without it (as in KB articles) still parse.
// Sysprep's message id appears as `[0x0f00d8]`, or in decimal with its hex (`983256 (0xf00d8)`).
const ENTRY =
  /^(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?,?\s+)?(Info|Warning|Error|Fatal Error|Fatal|Perf|Debug)\s+(?:\[(0x[0-9a-fA-F]+)\]\s+|(\d{4,8})\s+\((0x[0-9a-fA-F]+)\)\s+)?(.*)$/;
// A new entry starts with a timestamp, or (in excerpts pasted without them) with the component.
const STARTS_ENTRY = /^(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}|SYSPRP\s|\[[\w.-]+\.exe\]\s)/;

/** Splits log text into entries; a physical line that does not start an entry continues the previous one. */
export function splitEntries(content: string): LogEntry[] {
  const entries: LogEntry[] = [];
  const lines = content.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\0/g, '').trimEnd();
    if (raw.trim() === '') continue;
    const last = entries[entries.length - 1];
    if (last && !STARTS_ENTRY.test(raw) && !ENTRY.test(raw)) last.text += ` ${raw.trim()}`;
    else entries.push({ line: i + 1, text: raw });
  }
  return entries;
}

export interface ParsedEntry {
  level: string | null;
  message: string;
  messageId: string | null;
}

function normalizeId(hex: string): string {
  return `0x${hex.slice(2).toUpperCase().padStart(6, '0')}`;
}

export function parseEntry(text: string): ParsedEntry {
  const m = ENTRY.exec(text);
  if (!m) return { level: null, message: text.trim(), messageId: null };
  const [, level, bracketed, decimal, decimalHex, message] = m;
  let messageId: string | null = bracketed ? normalizeId(bracketed) : null;
  let rest = (message as string).trim();
  if (decimal && decimalHex) {
    // `983256 (0xf00d8)` is the message id only when both renderings agree.
    if (Number.parseInt(decimal, 10) === Number.parseInt(decimalHex, 16)) messageId = normalizeId(decimalHex);
    else rest = `${decimal} (${decimalHex}) ${rest}`;
  }
  return { level: level as string, message: rest, messageId };
}

/** setuperr.log holds only errors, whatever level a line shows; elsewhere the level decides. */
export function isErrorEntry(entry: ParsedEntry, errorsOnlyFile: boolean): boolean {
  if (entry.level === null) return errorsOnlyFile;
  return entry.level.startsWith('Error') || entry.level.startsWith('Fatal') || (errorsOnlyFile && entry.level !== 'Info');
}

export function isNoise(message: string): boolean {
  return noise.some((n) => n.pattern.test(message));
}

function objectOf(signature: Signature, m: RegExpExecArray): string | null {
  const groups = m.slice(1).filter((g): g is string => g !== undefined && g !== '');
  if (groups.length === 0) return null;
  if (signature.id === 'mde-sense-guid' || signature.id === 'registry-value-delete-failed') {
    // Registry evidence reads key\value, as regedit shows it.
    return `${groups[1] ?? ''}\\${groups[0] ?? ''}`;
  }
  return groups.join(signature.objectJoin ?? ' ');
}

export function matchSignature(message: string): { signature: Signature; object: string | null } | undefined {
  for (const signature of signatures) {
    const m = signature.pattern.exec(message);
    if (m) return { signature, object: objectOf(signature, m) };
  }
  return undefined;
}

// `LaunchModule: Found 'Sysprep_Clean_Validate_Opk' in C:\…\spopk.dll; executing it`, `Entering SysprepGeneralizeValidate (Appx)`.
const STARTS_PROVIDER = /executing it|\bEntering /i;
const ENDS_PROVIDER = /\bSuccessfully\b|\bExiting\b|\bcompleted\b/i;

/** Matches the error entries of one log against the catalog. Pure: the same code serves `diagnose` and rule W012. */
export function classifyEntries(file: string, entries: readonly LogEntry[], errorsOnlyFile: boolean): Classified {
  const out: Classified = { diagnoses: [], unrecognized: [], noise: 0 };
  // The provider Sysprep last said it was starting: a generic failure line that follows it is its failure.
  let running: ProviderRef | null = null;
  for (const entry of entries) {
    const parsed = parseEntry(entry.text);
    const named = providerIn(parsed.message);
    if (!isErrorEntry(parsed, errorsOnlyFile)) {
      if (named && STARTS_PROVIDER.test(parsed.message)) running = named;
      else if (running && ENDS_PROVIDER.test(parsed.message)) running = null;
      continue;
    }
    if (isNoise(parsed.message)) {
      out.noise++;
      continue;
    }
    const codes = resultCodes(parsed.message);
    const provider = named ?? running;
    const base = { file, line: entry.line, text: entry.text, messageId: parsed.messageId, component: componentOf(parsed.message), codes };
    const hit = matchSignature(parsed.message);
    if (hit) {
      const { signature, object } = hit;
      const diagnosis: Diagnosis = {
        signature: signature.id,
        title: signature.title,
        cause: signature.cause,
        remediation: signature.remediation,
        ruleId: signature.ruleId,
        object,
        ...base,
        provider: provider?.name ?? null,
        causedBy: null,
      };
      if (signature.followOn) explainFollowOn(diagnosis, out.diagnoses, provider);
      out.diagnoses.push(diagnosis);
      continue;
    }
    const coded = explainByCode(base, named);
    if (coded) out.diagnoses.push(coded);
    else out.unrecognized.push({ file, line: entry.line, text: entry.text });
  }
  return out;
}

function codeText(code: DecodedCode): string {
  return `${code.code}${code.name ? ` (${code.name})` : ''}: ${code.meaning}`;
}

/**
 * A line no signature knows, explained by what it names: a known provider, or a documented code.
 * Lines that name neither stay unrecognized.
 */
function explainByCode(
  base: Omit<Diagnosis, 'signature' | 'title' | 'cause' | 'remediation' | 'ruleId' | 'object' | 'provider' | 'causedBy'>,
  named: ProviderRef | null,
): Diagnosis | null {
  const code = base.codes[0];
  if (!code && !named?.known) return null;
  const ruleId = named?.known?.ruleId ?? base.codes.find((c) => c.ruleId)?.ruleId ?? null;
  const who = !base.component || base.component === 'SYSPRP' ? 'A Sysprep step' : base.component;
  const title = named ? `The Sysprep provider ${named.name} failed` : `${who} failed${code ? ` with ${code.name ?? code.code}` : ''}`;
  const parts = [named?.known ? `${named.name} is ${named.known.what}.` : '', code ? `The line reports ${codeText(code)}.` : ''].filter(Boolean);
  return {
    signature: named ? 'provider-code' : 'error-code',
    title,
    cause: parts.join(' '),
    remediation: ruleId
      ? `\`preseal explain ${ruleId}\` gives the fix; \`preseal lint\` checks it before Sysprep runs. After a failed generalize, start again from a copy of the VM taken before Sysprep.`
      : 'Fix what the code says on the object this line names, then run Sysprep again from a copy of the VM taken before the failed run.',
    ruleId,
    object: named?.name ?? null,
    ...base,
    provider: named?.name ?? null,
    causedBy: null,
  };
}

/**
 * A follow-on line (`WinMain:Hit failure … hr = 0x80073cf2`) points at the cause logged before it
 * in the same file. When the log holds no such cause (a pasted excerpt, a log cut short), the
 * provider that was running and the line's own code say what failed.
 */
function explainFollowOn(d: Diagnosis, earlier: readonly Diagnosis[], provider: ProviderRef | null): void {
  const cause = [...earlier].reverse().find((e) => !isFollowOn(e.signature) && e.file === d.file);
  if (cause) {
    d.causedBy = cause.line;
    d.ruleId ??= cause.ruleId;
    return;
  }
  const code = d.codes.find((c) => c.ruleId) ?? d.codes[0];
  const extra = [provider?.known ? `The provider that was running: ${provider.name}, ${provider.known.what}.` : '', code ? `${codeText(code)}.` : '']
    .filter(Boolean)
    .join(' ');
  if (extra) d.cause = `${d.cause} ${extra}`;
  d.ruleId ??= provider?.known?.ruleId ?? code?.ruleId ?? null;
}

export function isFollowOn(signatureId: string): boolean {
  return signatures.find((s) => s.id === signatureId)?.followOn === true;
}

export function isErrorsOnlyFile(path: string): boolean {
  return /setuperr\.(log|txt)$/i.test(path);
}
