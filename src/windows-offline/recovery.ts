/**
 * Replays transaction logs onto a dirty primary hive, as the Windows kernel does when it loads
 * one (msuhanov/regf: "Format of transaction log files", "Dirty state of a hive", "Multiple
 * transaction log files"). Two formats exist:
 * - new (Windows 8.1 and later; log base block file type 6): a chain of HvLE log entries, each a
 *   sequence number, a hive bins size and dirty pages, protected by two Marvin32 hashes;
 * - old (file type 1, or 2 before XP): a DIRT bitmap of 512-byte pages and those pages.
 * The input buffers are never changed; the result is a new primary image.
 */
import { BASE_BLOCK_SIZE, baseBlockChecksum, parseBaseBlock, type BaseBlock } from './regf.js';
import { marvin32 } from './marvin32.js';

export interface LogFile {
  /** File name as found beside the hive (SYSTEM.LOG1). */
  name: string;
  data: Buffer;
}

export interface AppliedLog {
  log: string;
  format: 'HvLE' | 'DIRT';
  /** Log entries applied (HvLE), or 1 for a DIRT log. */
  entries: number;
  /** Dirty pages written into the primary image (HvLE page references, DIRT 512-byte pages). */
  pages: number;
  /** Sequence number of the last entry applied (HvLE), or of the log base block (DIRT). */
  sequence: number;
}

export type Recovery = { state: 'clean' } | { state: 'recovered'; image: Buffer; applied: AppliedLog[] } | { state: 'stale'; reason: string };

/** Windows considers a hive dirty when its base block checksum is wrong or its sequence numbers differ. */
export function isDirty(base: BaseBlock): boolean {
  return !base.checksumValid || base.primarySequence !== base.secondarySequence;
}

interface LogHeader {
  log: LogFile;
  base: BaseBlock;
}

function readLogHeader(log: LogFile): LogHeader | string {
  let base: BaseBlock;
  try {
    base = parseBaseBlock(log.data, log.name);
  } catch {
    return `${log.name} is not a transaction log`;
  }
  if (!base.checksumValid) return `${log.name} has a wrong base block checksum`;
  if (base.fileType !== 6 && base.fileType !== 1 && base.fileType !== 2) return `${log.name} is not a transaction log (file type ${base.fileType})`;
  if (base.fileType !== 6 && base.primarySequence !== base.secondarySequence) return `${log.name} was left half written`;
  return { log, base };
}

interface LogEntry {
  sequence: number;
  hiveBinsDataSize: number;
  flags: number;
  /** [offset relative to the hive bins data, bytes] */
  pages: { offset: number; data: Buffer }[];
}

/** The valid log entries of a new-format log, from its start until the first bad one. */
function readLogEntries(data: Buffer): LogEntry[] {
  const entries: LogEntry[] = [];
  let pos = 512;
  while (pos + 40 <= data.length && data.toString('latin1', pos, pos + 4) === 'HvLE') {
    const size = data.readUInt32LE(pos + 4);
    if (size < 40 || size % 512 !== 0 || pos + size > data.length) break;
    const entry = data.subarray(pos, pos + size);
    const hiveBinsDataSize = entry.readUInt32LE(16);
    if (hiveBinsDataSize === 0 || hiveBinsDataSize % 4096 !== 0) break;
    if (marvin32(entry.subarray(40)) !== entry.readBigUInt64LE(24)) break;
    if (marvin32(entry.subarray(0, 32)) !== entry.readBigUInt64LE(32)) break;
    const count = entry.readUInt32LE(20);
    if (40 + count * 8 > size) break;
    const pages: LogEntry['pages'] = [];
    let at = 40 + count * 8;
    let ok = true;
    for (let i = 0; i < count; i++) {
      const offset = entry.readUInt32LE(40 + i * 8);
      const bytes = entry.readUInt32LE(44 + i * 8);
      if (at + bytes > size || offset + bytes > hiveBinsDataSize) {
        ok = false;
        break;
      }
      pages.push({ offset, data: entry.subarray(at, at + bytes) });
      at += bytes;
    }
    if (!ok) break;
    entries.push({ sequence: entry.readUInt32LE(12), hiveBinsDataSize, flags: entry.readUInt32LE(8), pages });
    pos += size;
  }
  return entries;
}

function resized(image: Buffer, hiveBinsDataSize: number): Buffer {
  const want = BASE_BLOCK_SIZE + hiveBinsDataSize;
  if (image.length >= want) return image;
  const grown = Buffer.alloc(want);
  image.copy(grown);
  return grown;
}

function sealBaseBlock(image: Buffer, sequence: number, hiveBinsDataSize: number): void {
  image.writeUInt32LE(sequence, 4);
  image.writeUInt32LE(sequence, 8);
  image.writeUInt32LE(0, 28);
  image.writeUInt32LE(hiveBinsDataSize, 40);
  image.writeUInt32LE(baseBlockChecksum(image), 508);
}

/**
 * A log copied beside the wrong hive must not be replayed into it. Windows never meets that case;
 * an offline volume may. Real logs carry the primary's Last written timestamp and, from Vista on,
 * its LogId GUID (base block offset 128) in their base block, so both must match.
 */
function sameHive(primary: Buffer, h: LogHeader): boolean {
  const data = h.log.data;
  if (data.readBigUInt64LE(12) !== primary.readBigUInt64LE(12)) return false;
  const id = primary.subarray(128, 144);
  const logId = data.subarray(128, 144);
  const isNull = (b: Buffer) => b.every((x) => x === 0);
  return isNull(id) || isNull(logId) || id.equals(logId);
}

/**
 * New format. With a valid primary base block, entries of both logs are applied in sequence
 * order, starting with the log whose base block is older; with a broken one, the base block
 * comes from the newest log and only that log is applied.
 */
function recoverNew(primary: Buffer, base: BaseBlock, all: LogHeader[]): Recovery {
  const headers = base.checksumValid ? all.filter((h) => sameHive(primary, h)) : all;
  if (headers.length === 0) return { state: 'stale', reason: `dirty, and ${all.map((h) => h.log.name).join(', ')} belong to another hive` };
  let logs = [...headers].sort((a, b) => a.base.primarySequence - b.base.primarySequence);
  let image: Buffer = Buffer.from(primary);
  if (!base.checksumValid) {
    const newest = logs[logs.length - 1]!;
    logs = [newest];
    newest.log.data.copy(image, 0, 0, 512);
    image.fill(0, 512, BASE_BLOCK_SIZE);
  }
  const floor = base.checksumValid ? base.secondarySequence : 0;
  const applied: AppliedLog[] = [];
  let next: number | undefined;
  let binsSize = image.readUInt32LE(40);
  for (const { log, base: logBase } of logs) {
    const entries = readLogEntries(log.data);
    let count = 0;
    let pages = 0;
    for (const entry of entries) {
      if (next === undefined) {
        if (entry.sequence !== logBase.primarySequence || entry.sequence < floor) break;
      } else if (entry.sequence < next) {
        continue;
      } else if (entry.sequence !== next) {
        break;
      }
      image = resized(image, entry.hiveBinsDataSize);
      for (const page of entry.pages) page.data.copy(image, BASE_BLOCK_SIZE + page.offset);
      const flags = image.readUInt32LE(144);
      image.writeUInt32LE((flags & ~1) | (entry.flags & 1), 144);
      binsSize = entry.hiveBinsDataSize;
      next = entry.sequence + 1;
      count++;
      pages += entry.pages.length;
    }
    if (count > 0) applied.push({ log: log.name, format: 'HvLE', entries: count, pages, sequence: next! - 1 });
  }
  if (applied.length === 0) {
    return {
      state: 'stale',
      reason: `dirty, and no entry of ${headers.map((h) => h.log.name).join(', ')} follows the hive's sequence number ${base.secondarySequence}`,
    };
  }
  sealBaseBlock(image, next! - 1, binsSize);
  return { state: 'recovered', image, applied };
}

/**
 * Old format. The first log (LOG1, or LOG) whose base block is valid and carries the primary's
 * Last written timestamp is applied; LOG2 is the fallback (Windows 8 and KB3140410 behaviour).
 */
function recoverOld(primary: Buffer, base: BaseBlock, headers: LogHeader[]): Recovery {
  const firstBinTimestamp = primary.length >= BASE_BLOCK_SIZE + 28 ? primary.readBigUInt64LE(BASE_BLOCK_SIZE + 20) : 0n;
  const stamp = base.checksumValid ? base.lastWritten : firstBinTimestamp;
  const reasons: string[] = [];
  for (const { log, base: logBase } of headers) {
    if (logBase.lastWritten !== stamp) {
      reasons.push(`${log.name} belongs to another write of the hive`);
      continue;
    }
    const data = log.data;
    if (data.length < 1024 || data.toString('latin1', 512, 516) !== 'DIRT') {
      reasons.push(`${log.name} has no dirty vector`);
      continue;
    }
    const binsSize = logBase.hiveBinsDataSize;
    if (binsSize === 0 || binsSize % 4096 !== 0) {
      reasons.push(`${log.name} declares hive bins size ${binsSize}`);
      continue;
    }
    const bits = binsSize / 512;
    const bitmapBytes = Math.ceil(bits / 8);
    if (516 + bitmapBytes > data.length) {
      reasons.push(`${log.name} is shorter than its dirty vector`);
      continue;
    }
    let pageAt = 512 + Math.ceil((4 + bitmapBytes) / 512) * 512;
    const image = resized(Buffer.from(primary), binsSize);
    if (!base.checksumValid) {
      data.copy(image, 0, 0, 512);
      image.fill(0, 512, BASE_BLOCK_SIZE);
    }
    let pages = 0;
    let complete = true;
    for (let bit = 0; bit < bits; bit++) {
      if ((data[516 + (bit >> 3)]! & (1 << (bit & 7))) === 0) continue;
      if (pageAt + 512 > data.length) {
        complete = false;
        break;
      }
      data.copy(image, BASE_BLOCK_SIZE + bit * 512, pageAt, pageAt + 512);
      pageAt += 512;
      pages++;
    }
    if (!complete) {
      reasons.push(`${log.name} ends before its last dirty page`);
      continue;
    }
    sealBaseBlock(image, logBase.primarySequence, binsSize);
    return { state: 'recovered', image, applied: [{ log: log.name, format: 'DIRT', entries: 1, pages, sequence: logBase.primarySequence }] };
  }
  return { state: 'stale', reason: `dirty, and no transaction log applies (${reasons.join('; ')})` };
}

/**
 * Brings a primary hive image up to date from its transaction logs. `logs` are in the order
 * Windows tries them: LOG1, LOG2 (then LOG for the single-log scheme of older systems).
 */
export function recoverHive(primary: Buffer, name: string, logs: LogFile[]): Recovery {
  const base = parseBaseBlock(primary, name);
  if (!isDirty(base)) return { state: 'clean' };
  const headers: LogHeader[] = [];
  const reasons: string[] = [];
  for (const log of logs) {
    const h = readLogHeader(log);
    if (typeof h === 'string') reasons.push(h);
    else headers.push(h);
  }
  const what = !base.checksumValid ? 'its base block checksum is wrong' : `sequence numbers ${base.primarySequence} and ${base.secondarySequence} differ`;
  if (logs.length === 0) return { state: 'stale', reason: `dirty (${what}) and no transaction log (.LOG1/.LOG2) beside it` };
  const fresh = headers.filter((h) => h.base.fileType === 6);
  const old = headers.filter((h) => h.base.fileType !== 6);
  if (fresh.length > 0) {
    const r = recoverNew(primary, base, fresh);
    if (r.state === 'recovered' || old.length === 0) return r;
  }
  if (old.length > 0) return recoverOld(primary, base, old);
  return { state: 'stale', reason: `dirty (${what}) and no usable transaction log: ${reasons.join('; ')}` };
}
