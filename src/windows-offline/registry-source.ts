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
 * its subkey names only), for the collectors that enumerate (Get-RegValueName, Get-RegSubkeyName).
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
        const tree = treeOf(h.hive, k, read.tree, budget, valueFilter(read));
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

/** The names a TreeRead keeps (upper-cased), or undefined for every value. */
export function valueFilter(read: TreeRead): ReadonlySet<string> | undefined {
  return read.values === undefined ? undefined : new Set(read.values.map((n) => n.toUpperCase()));
}

function treeOf(hive: Hive, key: RegKey, depth: number, budget: { left: number }, only: ReadonlySet<string> | undefined): KeyTree | undefined {
  const values =
    depth >= 0
      ? hive
          .values(key)
          .filter((v) => only === undefined || only.has(v.name.toUpperCase()))
          .map((v) => ({ name: v.name, type: v.type, data: v.data }))
      : [];
  const children = depth >= 0 ? hive.subkeys(key) : [];
  budget.left -= 1 + values.length;
  if (budget.left < 0) return undefined;
  const subkeys: KeyTree[] = [];
  for (const c of children) {
    const t = treeOf(hive, c, depth - 1, budget, only);
    if (!t) return undefined;
    subkeys.push(t);
  }
  return { name: key.name, values, subkeys };
}
