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
const ENTRY = /^(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?,?\s+)?(Info|Warning|Error|Fatal Error|Fatal|Perf|Debug)\s+(?:\[0x[0-9a-fA-F]+\]\s+)?(.*)$/;
const STARTS_ENTRY = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/;

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
}

export function parseEntry(text: string): ParsedEntry {
  const m = ENTRY.exec(text);
  if (!m) return { level: null, message: text.trim() };
  return { level: m[1] as string, message: (m[2] as string).trim() };
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

/** Matches the error entries of one log against the catalog. Pure: the same code serves `diagnose` and rule W012. */
export function classifyEntries(file: string, entries: readonly LogEntry[], errorsOnlyFile: boolean): Classified {
  const out: Classified = { diagnoses: [], unrecognized: [], noise: 0 };
  for (const entry of entries) {
    const parsed = parseEntry(entry.text);
    if (!isErrorEntry(parsed, errorsOnlyFile)) continue;
    if (isNoise(parsed.message)) {
      out.noise++;
      continue;
    }
    const hit = matchSignature(parsed.message);
    if (!hit) {
      out.unrecognized.push({ file, line: entry.line, text: entry.text });
      continue;
    }
    const { signature, object } = hit;
    out.diagnoses.push({
      signature: signature.id,
      title: signature.title,
      cause: signature.cause,
      remediation: signature.remediation,
      ruleId: signature.ruleId,
      object,
      file,
      line: entry.line,
      text: entry.text,
    });
  }
  return out;
}

export function isFollowOn(signatureId: string): boolean {
  return signatures.find((s) => s.id === signatureId)?.followOn === true;
}

export function isErrorsOnlyFile(path: string): boolean {
  return /setuperr\.(log|txt)$/i.test(path);
}
