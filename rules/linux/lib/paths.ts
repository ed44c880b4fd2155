import type { RuleContext } from '../../../src/engine/define.js';

type FileRef = { path: string; size: number | null };

/**
 * A target path as evidence: plain paths as they are; paths with control characters, quotes,
 * backslashes or bytes that are not UTF-8 (lone surrogates, see src/facts/linux/bytes.ts) as a bash
 * $'…' string, which names the file unambiguously and can be pasted into a command.
 */
export function shownPath(path: string): string {
  if (/^[\w./@%+=:,~ -]*$/u.test(path) && !/[\ud800-\udfff]/u.test(path)) return path;
  let out = '';
  for (const ch of path) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xdc80 && code <= 0xdcff) out += `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}`;
    else if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `$'${out}'`;
}

/** Files that exist and hold something (an unknown size counts: the file is there). */
export function nonEmpty(files: readonly FileRef[]): FileRef[] {
  return files.filter((f) => f.size === null || f.size > 0);
}

/** Reports one finding per file, naming it. */
export function reportFiles(context: RuleContext, files: readonly FileRef[], messageId: string): void {
  for (const f of files) context.report({ messageId, resource: shownPath(f.path), data: { size: f.size ?? '?' } });
}
