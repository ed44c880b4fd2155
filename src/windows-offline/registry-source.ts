/**
 * The one interface between where registry data comes from and what it means. A derivation
 * (derive/*.ts) declares the reads it needs and turns their raw results into facts; it never
 * learns whether they came from hive files on a mounted volume (HiveRegistry below) or, later,
 * from the live probe returning the same raw reads (hive, key, value, type, bytes) as JSON.
 * So the meaning of every registry value is written once, in TypeScript.
 */
import { openSystemKey } from './control-set.js';
import { HiveError, type Hive, type RegKey } from './regf.js';
import type { OpenedHive } from './open-hive.js';

export type HiveName = 'SYSTEM' | 'SOFTWARE' | 'SECURITY' | 'SAM';

export interface RegistryRead {
  hive: HiveName;
  /** Below the hive root; a leading CurrentControlSet is resolved through SYSTEM\Select\Current. */
  key: string;
  /** '' is the key's default value; null asks whether the key itself exists. */
  value: string | null;
}

/** A file below the Windows directory (%WINDIR%), e.g. 'Setup\\State\\State.ini'. */
export interface FileRead {
  windowsFile: string;
  /** Only whether it exists, and its size: a regular file's result then has no data. */
  presence?: true;
}

/**
 * A key with all its values and its subkeys down to `tree` levels (0: the key's own values and
 * its subkey names only), for the groups that enumerate keys or values.
 */
export interface TreeRead {
  hive: HiveName;
  key: string;
  tree: number;
  /**
   * Only these values of each key of the tree (names matched case-insensitively, as the registry
   * does); every subkey name is still given. For trees whose keys also hold values that must not
   * leave the target ("Trust" in design.md): HKLM\SYSTEM\Setup\Source OS keys hold
   * DigitalProductId, the encoded product key. Without it, every value.
   */
  values?: readonly string[];
  /**
   * Only the REG_SZ and REG_EXPAND_SZ values whose string (as .NET's GetValue returns it: one
   * terminating NUL dropped) this pattern matches, case-insensitively; every other value is left
   * out, every subkey name is still given. It runs on the target (lib.ps1 Read-PresealRegistryTree,
   * [regex]::IsMatch) and here (JavaScript RegExp), so it may only use what both read the same way:
   * portablePatternError says what that is. For stores too large to ship whole (firewall rules).
   */
  match?: string;
}

/** A file below the root of the Windows volume (%SystemDrive%\\), e.g. 'Unattend.xml' or 'Program Files\\...'. */
export interface VolumeFileRead {
  volumeFile: string;
  /** Only whether it exists: a regular file's result then has no data (executables are large). */
  presence?: true;
}

export type Read = RegistryRead | FileRead | TreeRead | VolumeFileRead;

export function isFileRead(r: Read): r is FileRead | VolumeFileRead {
  return 'windowsFile' in r || 'volumeFile' in r;
}

export function isTreeRead(r: Read): r is TreeRead {
  return 'tree' in r;
}

/** A key as a TreeRead returns it: values and subkeys in the order the hive lists them. */
export interface KeyTree {
  name: string;
  values: { name: string; type: number; data: Uint8Array }[];
  /** Subkeys below the read's depth are present with empty values and subkeys. */
  subkeys: KeyTree[];
}

/** A tree read stops at this many keys plus values: enumerated keys are small lists. */
export const MAX_TREE_ENTRIES = 100_000;

export type RegistryResult =
  /** For a key read (value null), an existing key is a REG_NONE value without data. */
  | { kind: 'value'; type: number; data: Uint8Array }
  | { kind: 'absent' }
  /** A file's bytes (FileRead); for a presence read no bytes, and its size when known. */
  | { kind: 'file'; data: Uint8Array; size?: number }
  /** A FileRead that names a directory. */
  | { kind: 'directory' }
  /** A TreeRead of an existing key. */
  | { kind: 'tree'; tree: KeyTree }
  /** The hive (or the key, or the file) could not be read at all: damage, access denied. */
  | { kind: 'unreadable'; reason: string };

export interface RegistrySource {
  read(read: Read): RegistryResult;
  /** Why a hive's data may be out of date (dirty without logs), for probe.partial; else undefined. */
  staleness(hive: HiveName): string | undefined;
}

/** Reads from hive files: a missing or damaged hive makes each of its reads `unreadable`. */
export class HiveRegistry implements RegistrySource {
  private readonly opened = new Map<HiveName, OpenedHive | string>();
  private readonly open: (hive: HiveName) => OpenedHive | string;
  private readonly file: (path: string, presence: boolean) => RegistryResult;
  private readonly volumeFile: (path: string, presence: boolean) => RegistryResult;

  /**
   * `open` returns the opened hive or the one-line reason it cannot be read; it is called once
   * per hive. `file` reads a file below the Windows directory (absent when there is none).
   */
  constructor(
    open: (hive: HiveName) => OpenedHive | string,
    file: (path: string, presence: boolean) => RegistryResult = () => ({ kind: 'unreadable', reason: 'no volume to read files from' }),
    volumeFile: (path: string, presence: boolean) => RegistryResult = () => ({ kind: 'unreadable', reason: 'no volume to read files from' }),
  ) {
    this.open = open;
    this.file = file;
    this.volumeFile = volumeFile;
  }

  private hive(name: HiveName): OpenedHive | string {
    let h = this.opened.get(name);
    if (h === undefined) {
      h = this.open(name);
      this.opened.set(name, h);
    }
    return h;
  }

  read(read: Read): RegistryResult {
    if ('volumeFile' in read) return this.volumeFile(read.volumeFile, read.presence === true);
    if ('windowsFile' in read) return this.file(read.windowsFile, read.presence === true);
    const { hive, key } = read;
    const h = this.hive(hive);
    if (typeof h === 'string') return { kind: 'unreadable', reason: h };
    try {
      const k = hive === 'SYSTEM' ? openSystemKey(h.hive, key) : h.hive.openKey(key);
      if (isTreeRead(read)) {
        if (!k) return { kind: 'absent' };
        const budget = { left: MAX_TREE_ENTRIES };
        const tree = treeOf(h.hive, k, read.tree, budget, treeValueFilter(read));
        return tree ? { kind: 'tree', tree } : { kind: 'unreadable', reason: `${hive}\\${key} has over ${MAX_TREE_ENTRIES} keys and values` };
      }
      const value = read.value;
      if (value === null) return k ? { kind: 'value', type: 0, data: new Uint8Array(0) } : { kind: 'absent' };
      const v = k && (h.hive as Hive).value(k, value);
      return v ? { kind: 'value', type: v.type, data: v.data } : { kind: 'absent' };
    } catch (e) {
      if (e instanceof HiveError) return { kind: 'unreadable', reason: e.message };
      throw e;
    }
  }

  staleness(hive: HiveName): string | undefined {
    const h = this.opened.get(hive);
    return h !== undefined && typeof h !== 'string' && h.stale ? `${hive} may be stale: ${h.stale}` : undefined;
  }
}

/**
 * A REG_SZ or REG_EXPAND_SZ value's string as .NET's RegistryKey.GetValue returns it (an odd byte
 * count rounded up, one terminating NUL dropped); undefined for other types.
 */
export function registryString(type: number, data: Uint8Array): string | undefined {
  if (type !== 1 && type !== 2) return undefined;
  const b = Buffer.from(data);
  const text = (b.length % 2 === 1 ? Buffer.concat([b, Buffer.alloc(1)]) : b).toString('utf16le');
  return text.endsWith('\0') ? text.slice(0, -1) : text;
}

/**
 * Which values of each key a TreeRead keeps (its `values` names, upper-cased comparison, and its
 * `match` pattern), or undefined for every value. HiveRegistry applies it while reading, and
 * RawReadsSource to what a probe sent, so a probe cannot hand over more than was asked.
 */
export function treeValueFilter(read: TreeRead): ((v: { name: string; type: number; data: Uint8Array }) => boolean) | undefined {
  if (read.values === undefined && read.match === undefined) return undefined;
  const only = read.values === undefined ? undefined : new Set(read.values.map((n) => n.toUpperCase()));
  const pattern = read.match === undefined ? undefined : new RegExp(read.match, 'i');
  return (v) => {
    if (only !== undefined && !only.has(v.name.toUpperCase())) return false;
    if (pattern === undefined) return true;
    const text = registryString(v.type, v.data);
    return text !== undefined && pattern.test(text);
  };
}

/**
 * Why a `match` pattern may read differently in .NET and JavaScript, or undefined when it only uses
 * their common subset: printable ASCII literal text (a metacharacter escaped with a backslash),
 * alternation `|`, groups `( )` (not `(?`), and character classes `[ ]` of letters and digits and
 * ranges of them. No quantifiers, anchors, `.`, shorthand classes (\d \w \s: Unicode in .NET),
 * backreferences or `{ }`; `i` is the only flag (.NET: IgnoreCase, CultureInvariant). Nor the
 * letter K: .NET matches k case-insensitively to the Kelvin sign (U+212A), JavaScript does not.
 */
export function portablePatternError(pattern: string): string | undefined {
  if (pattern === '') return 'an empty pattern';
  const meta = '\\|.()[]{}^$*+?';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const at = `at ${i} ('${c}')`;
    if (c < ' ' || c > '~') return `a character outside printable ASCII ${at}`;
    if (c === 'k' || c === 'K') return `the letter K (.NET also matches the Kelvin sign) ${at}`;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined || !meta.includes(n)) return `an escape that is not of a metacharacter ${at}`;
      i++;
    } else if (c === '(') {
      if (pattern[i + 1] === '?') return `a group construct (?…) ${at}`;
      depth++;
    } else if (c === ')') {
      if (--depth < 0) return `an unbalanced ) ${at}`;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      const body = end < 0 ? '' : pattern.slice(i + 1, end);
      if (!/^([A-Za-z0-9](-[A-Za-z0-9])?)+$/.test(body)) return `a character class other than letters, digits and their ranges ${at}`;
      if (/k/i.test(body)) return `the letter K (.NET also matches the Kelvin sign) ${at}`;
      for (const [, lo, hi] of body.matchAll(/([A-Za-z0-9])-([A-Za-z0-9])/g)) {
        const ends = `${lo}${hi}`;
        if (!((lo as string) <= (hi as string) && /^[0-9]{2}$|^[a-z]{2}$|^[A-Z]{2}$/.test(ends))) return `a range ${lo}-${hi} ${at}`;
        if (/[a-j][l-z]|[A-J][L-Z]/.test(ends)) return `a range ${lo}-${hi} with the letter K in it ${at}`;
      }
      i = end;
    } else if (c !== '|' && meta.includes(c)) return `the metacharacter ${at}`;
  }
  return depth === 0 ? undefined : 'an unbalanced (';
}

function treeOf(hive: Hive, key: RegKey, depth: number, budget: { left: number }, keep: ReturnType<typeof treeValueFilter>): KeyTree | undefined {
  const values =
    depth >= 0
      ? hive
          .values(key)
          .map((v) => ({ name: v.name, type: v.type, data: v.data }))
          .filter((v) => keep === undefined || keep(v))
      : [];
  const children = depth >= 0 ? hive.subkeys(key) : [];
  budget.left -= 1 + values.length;
  if (budget.left < 0) return undefined;
  const subkeys: KeyTree[] = [];
  for (const c of children) {
    const t = treeOf(hive, c, depth - 1, budget, keep);
    if (!t) return undefined;
    subkeys.push(t);
  }
  return { name: key.name, values, subkeys };
}
