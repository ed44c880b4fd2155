/**
 * The one interface between where registry data comes from and what it means. A derivation
 * (derive/*.ts) declares the reads it needs and turns their raw results into facts; it never
 * learns whether they came from hive files on a mounted volume (HiveRegistry below) or, later,
 * from the live probe returning the same raw reads (hive, key, value, type, bytes) as JSON.
 * So the meaning of every registry value is written once, in TypeScript.
 */
import { openSystemKey } from './control-set.js';
import { HiveError, type Hive } from './regf.js';
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
}

export type Read = RegistryRead | FileRead;

export function isFileRead(r: Read): r is FileRead {
  return 'windowsFile' in r;
}

export type RegistryResult =
  /** For a key read (value null), an existing key is a REG_NONE value without data. */
  | { kind: 'value'; type: number; data: Uint8Array }
  | { kind: 'absent' }
  /** A file's bytes (FileRead). */
  | { kind: 'file'; data: Uint8Array }
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
  private readonly file: (path: string) => RegistryResult;

  /**
   * `open` returns the opened hive or the one-line reason it cannot be read; it is called once
   * per hive. `file` reads a file below the Windows directory (absent when there is none).
   */
  constructor(
    open: (hive: HiveName) => OpenedHive | string,
    file: (path: string) => RegistryResult = () => ({ kind: 'unreadable', reason: 'no volume to read files from' }),
  ) {
    this.open = open;
    this.file = file;
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
    if (isFileRead(read)) return this.file(read.windowsFile);
    const { hive, key, value } = read;
    const h = this.hive(hive);
    if (typeof h === 'string') return { kind: 'unreadable', reason: h };
    try {
      const k = hive === 'SYSTEM' ? openSystemKey(h.hive, key) : h.hive.openKey(key);
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
