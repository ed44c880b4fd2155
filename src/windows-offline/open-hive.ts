import { readdirSync } from 'node:fs';
import { readRegularFile as readRegular } from './regular-file.js';
import { basename, dirname, join } from 'node:path';
import { Hive, HiveError, type HiveOptions } from './regf.js';
import { recoverHive, type AppliedLog, type LogFile } from './recovery.js';

export interface OpenedHive {
  hive: Hive;
  /** Set when the hive is dirty and could not be brought up to date: say it in probe.partial. */
  stale?: string;
  /** The transaction logs replayed, when the hive was dirty and they applied. */
  recovered?: AppliedLog[];
}

/**
 * Hive bins data size is a 32-bit field and Windows refuses hives past 2 GiB; anything larger on
 * a (hostile) volume is not read into memory.
 */
const MAX_HIVE_FILE = 2 ** 31;

/** A regular file of the volume, at most the size a hive can have (regular-file.ts). */
export function readRegularFile(path: string, maxBytes = MAX_HIVE_FILE): Buffer {
  return readRegular(path, maxBytes);
}

/** Files in `dir` named `name` + suffix, matched case-insensitively as NTFS does. */
function logsBeside(path: string): LogFile[] {
  const dir = dirname(path);
  const want = ['.LOG1', '.LOG2', '.LOG'].map((s) => (basename(path) + s).toUpperCase());
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const logs: LogFile[] = [];
  for (const w of want) {
    const found = names.find((n) => n.toUpperCase() === w);
    if (!found) continue;
    try {
      const data = readRegularFile(join(dir, found));
      if (data.length > 0) logs.push({ name: found, data });
    } catch {
      // An unreadable log is as good as a missing one: the hive is then reported stale.
    }
  }
  return logs;
}

/**
 * Opens a hive from its bytes, replaying the transaction logs given when it is dirty. A damaged
 * hive throws HiveError; a dirty hive without usable logs is read as it is and marked stale.
 */
export function openHive(data: Buffer, name: string, logs: LogFile[], options: HiveOptions = {}): OpenedHive {
  let recovery: ReturnType<typeof recoverHive>;
  try {
    recovery = recoverHive(data, name, logs);
  } catch (e) {
    if (e instanceof HiveError) throw e;
    throw new HiveError(name, `unreadable: ${(e as Error).message}`);
  }
  if (recovery.state === 'recovered') return { hive: new Hive(recovery.image, name, options), recovered: recovery.applied };
  const hive = new Hive(data, name, options);
  return recovery.state === 'stale' ? { hive, stale: recovery.reason } : { hive };
}

/** Opens the hive file at `path` with the .LOG1/.LOG2/.LOG files beside it. */
export function openHiveFile(path: string, options: HiveOptions = {}): OpenedHive {
  let data: Buffer;
  try {
    data = readRegularFile(path);
  } catch (e) {
    throw new HiveError(basename(path), `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return openHive(data, basename(path), logsBeside(path), options);
}
