import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Decodes a Panther log. Setup writes UTF-8 or ANSI; logs copied through Notepad or PowerShell's
 * `Out-File` (5.1) are often UTF-16LE with a BOM. Without a BOM: UTF-8 if it decodes cleanly,
 * UTF-16LE if every other byte is zero, otherwise Windows-1252.
 */
export function decodeLog(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (looksUtf16le(bytes)) return new TextDecoder('utf-16le').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function looksUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return false;
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return zeros / (n / 2) > 0.9;
}

const LOG_NAME = /^setup(act|err)\.(log|txt)$/i;

export interface LogFile {
  path: string;
  content: string;
}

/** The log files a path stands for: the file itself, or every setupact/setuperr log below a folder. */
export function resolveLogFiles(path: string): string[] {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    throw new UsageError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'give a Panther log file (setupact.log, setuperr.log) or a folder that holds them',
    );
  }
  if (stat.isFile()) return [path];
  if (!stat.isDirectory()) throw new UsageError(`${path} is neither a file nor a folder`);
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      throw new UsageError(`cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    for (const name of names) {
      const full = join(dir, name);
      let s: Stats;
      try {
        s = statSync(full);
      } catch {
        continue;
      }
      if (s.isDirectory() && depth < 4) walk(full, depth + 1);
      else if (s.isFile() && LOG_NAME.test(name)) found.push(full);
    }
  };
  walk(path, 0);
  if (found.length === 0)
    throw new UsageError(`no setupact.log or setuperr.log under ${path}`, 'Sysprep writes them to %WINDIR%\\System32\\Sysprep\\Panther and %WINDIR%\\Panther');
  return found;
}

export function readLog(path: string): LogFile {
  try {
    return { path, content: decodeLog(readFileSync(path)) };
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function isLogName(path: string): boolean {
  return LOG_NAME.test(basename(path));
}
