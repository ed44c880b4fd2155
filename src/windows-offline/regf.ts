/**
 * A read-only reader of Windows registry hive files (regf), written from the public format
 * description by Maxim Suhanov, "Windows registry file format specification"
 * (github.com/msuhanov/regf, CC BY 4.0). The hive is untrusted input: every offset is checked
 * against the hive bins it must fall in, every list against the cell that holds it, and a walk
 * keeps a visited set and depth and count limits, so a damaged hive ends in a HiveError with a
 * one-line reason, never in a crash or a hang.
 */

export const BASE_BLOCK_SIZE = 4096;
const HBIN_HEADER_SIZE = 32;
const NO_OFFSET = 0xffffffff;
/** A value's data bigger than this (hive version 1.4 and later) is split into db segments. */
export const BIG_DATA_SEGMENT = 16344;
/** Windows refuses keys nested deeper than 512 levels (RegCreateKeyEx). */
export const MAX_KEY_DEPTH = 512;

/** A hive that cannot be read as it is: the reason is one line, fit for probe errors. */
export class HiveError extends Error {
  readonly hive: string;
  readonly reason: string;
  constructor(hive: string, reason: string) {
    super(`${hive}: ${reason}`);
    this.name = 'HiveError';
    this.hive = hive;
    this.reason = reason;
  }
}

export interface BaseBlock {
  primarySequence: number;
  secondarySequence: number;
  /** FILETIME (100 ns since 1601-01-01 UTC). */
  lastWritten: bigint;
  majorVersion: number;
  minorVersion: number;
  /** 0 primary file, 1 (2 before XP) old transaction log, 6 new transaction log. */
  fileType: number;
  rootCellOffset: number;
  hiveBinsDataSize: number;
  checksum: number;
  checksumValid: boolean;
}

export interface RegKey {
  /** Offset of the key's nk cell, relative to the start of the hive bins data: its identity. */
  readonly offset: number;
  readonly name: string;
  readonly flags: number;
  readonly lastWritten: bigint;
  readonly subkeyCount: number;
  readonly valueCount: number;
}

export interface RegValue {
  /** '' is the key's default value. */
  readonly name: string;
  /** The REG_* type number as stored, including types Windows does not predefine. */
  readonly type: number;
  /** The data exactly as stored, `size` bytes. */
  readonly data: Uint8Array;
}

/** XOR-32 of the first 508 bytes, with 0xFFFFFFFF mapped to 0xFFFFFFFE and 0 to 1. */
export function baseBlockChecksum(block: Uint8Array): number {
  const view = new DataView(block.buffer, block.byteOffset, 508);
  let sum = 0;
  for (let i = 0; i < 508; i += 4) sum = (sum ^ view.getUint32(i, true)) >>> 0;
  if (sum === 0xffffffff) return 0xfffffffe;
  if (sum === 0) return 1;
  return sum;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function isSignature(buf: Uint8Array, at: number, sig: string): boolean {
  if (at < 0 || at + sig.length > buf.length) return false;
  for (let i = 0; i < sig.length; i++) if (buf[at + i] !== sig.charCodeAt(i)) return false;
  return true;
}

/** Reads the fields of a base block (primary file or the first sector of a log). Needs 512 bytes. */
export function parseBaseBlock(buf: Uint8Array, name: string): BaseBlock {
  if (buf.length < 512) throw new HiveError(name, `file is ${buf.length} bytes, shorter than a base block`);
  if (!isSignature(buf, 0, 'regf')) throw new HiveError(name, 'not a registry hive (no regf signature)');
  const v = new DataView(buf.buffer, buf.byteOffset, 512);
  const checksum = v.getUint32(508, true);
  return {
    primarySequence: v.getUint32(4, true),
    secondarySequence: v.getUint32(8, true),
    lastWritten: v.getBigUint64(12, true),
    majorVersion: v.getUint32(20, true),
    minorVersion: v.getUint32(24, true),
    fileType: v.getUint32(28, true),
    rootCellOffset: v.getUint32(36, true),
    hiveBinsDataSize: v.getUint32(40, true),
    checksum,
    checksumValid: baseBlockChecksum(buf) === checksum,
  };
}

/** Windows compares key names upper-cased code unit by code unit (RtlUpcaseUnicodeChar). */
function upcaseUnit(c: number): number {
  if (c < 0x61) return c;
  if (c <= 0x7a) return c - 0x20;
  if (c < 0x80) return c;
  const up = String.fromCharCode(c).toUpperCase();
  return up.length === 1 ? up.charCodeAt(0) : c;
}

export function sameKeyName(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && upcaseUnit(x) !== upcaseUnit(y)) return false;
  }
  return true;
}

interface Cell {
  /** File offset of the cell's data (after the 4-byte size). */
  at: number;
  /** Bytes of cell data (the cell size less the size field). */
  size: number;
}

export interface HiveOptions {
  /** Upper bound on keys one walk visits (a loop or a bomb stops there with a HiveError). */
  maxKeys?: number;
}

export class Hive {
  readonly name: string;
  readonly base: BaseBlock;
  private readonly buf: Buffer;
  private readonly binsEnd: number;
  /** Sorted starts (relative offsets) of the hive bins, and their ends. */
  private readonly binStarts: number[] = [];
  private readonly binEnds: number[] = [];
  private readonly maxKeys: number;

  /**
   * Parses the base block and checks every hive bin header. A primary file whose sequence numbers
   * differ is still read here; whether it is stale is decided by the caller (openHiveFile).
   */
  constructor(buf: Buffer, name: string, options: HiveOptions = {}) {
    this.name = name;
    this.buf = buf;
    this.maxKeys = options.maxKeys ?? 5_000_000;
    if (buf.length < BASE_BLOCK_SIZE) throw new HiveError(name, `file is ${buf.length} bytes, shorter than a base block`);
    const base = parseBaseBlock(buf, name);
    this.base = base;
    if (base.majorVersion !== 1 || base.minorVersion < 2 || base.minorVersion > 6) {
      throw new HiveError(name, `unsupported hive version ${base.majorVersion}.${base.minorVersion}`);
    }
    if (base.fileType !== 0) throw new HiveError(name, `not a primary hive file (file type ${base.fileType}; a transaction log?)`);
    const size = base.hiveBinsDataSize;
    if (size === 0 || size % 4096 !== 0) throw new HiveError(name, `hive bins data size ${hex(size)} is not a positive multiple of 4096`);
    if (BASE_BLOCK_SIZE + size > buf.length) {
      throw new HiveError(name, `truncated: the base block declares ${size} bytes of hive bins, the file holds ${buf.length - BASE_BLOCK_SIZE}`);
    }
    this.binsEnd = size;
    let pos = 0;
    while (pos < size) {
      const at = BASE_BLOCK_SIZE + pos;
      if (!isSignature(buf, at, 'hbin')) throw new HiveError(name, `damaged: no hive bin signature at offset ${hex(pos)}`);
      const offset = buf.readUInt32LE(at + 4);
      const binSize = buf.readUInt32LE(at + 8);
      if (offset !== pos) throw new HiveError(name, `damaged: hive bin at ${hex(pos)} says it is at ${hex(offset)}`);
      if (binSize < 4096 || binSize % 4096 !== 0 || pos + binSize > size) {
        throw new HiveError(name, `damaged: hive bin at ${hex(pos)} has size ${hex(binSize)}`);
      }
      this.binStarts.push(pos);
      this.binEnds.push(pos + binSize);
      pos += binSize;
    }
    this.key(base.rootCellOffset);
  }

  private fail(reason: string): never {
    throw new HiveError(this.name, `damaged: ${reason}`);
  }

  private cell(offset: number, what: string): Cell {
    if (offset === NO_OFFSET || offset % 8 !== 0 || offset >= this.binsEnd) this.fail(`${what} offset ${hex(offset)} is outside the hive bins`);
    let lo = 0;
    let hi = this.binStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.binStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const binStart = this.binStarts[lo]!;
    const binEnd = this.binEnds[lo]!;
    if (offset < binStart + HBIN_HEADER_SIZE) this.fail(`${what} offset ${hex(offset)} points into a hive bin header`);
    const at = BASE_BLOCK_SIZE + offset;
    const raw = this.buf.readInt32LE(at);
    const length = Math.abs(raw);
    if (length < 8 || offset + length > binEnd) this.fail(`${what} cell at ${hex(offset)} has size ${raw}`);
    return { at: at + 4, size: length - 4 };
  }

  root(): RegKey {
    return this.key(this.base.rootCellOffset);
  }

  /** The key node at `offset` (relative to the hive bins data). */
  key(offset: number): RegKey {
    const c = this.cell(offset, 'key');
    const b = this.buf;
    if (c.size < 76 || !isSignature(b, c.at, 'nk')) this.fail(`key at ${hex(offset)} is not a key node`);
    const flags = b.readUInt16LE(c.at + 2);
    const nameLength = b.readUInt16LE(c.at + 72);
    if (76 + nameLength > c.size) this.fail(`key name at ${hex(offset)} runs past its cell`);
    const nameBytes = b.subarray(c.at + 76, c.at + 76 + nameLength);
    return {
      offset,
      name: decodeName(nameBytes, (flags & 0x20) !== 0),
      flags,
      lastWritten: b.readBigUInt64LE(c.at + 4),
      subkeyCount: b.readUInt32LE(c.at + 20),
      valueCount: b.readUInt32LE(c.at + 36),
    };
  }

  /** Subkeys in stored order (the order of the subkeys list, sorted by upper-cased name). */
  subkeys(key: RegKey): RegKey[] {
    if (key.subkeyCount === 0) return [];
    const listOffset = this.buf.readUInt32LE(this.cell(key.offset, 'key').at + 28);
    const offsets: number[] = [];
    this.readSubkeyList(listOffset, offsets, true, new Set());
    if (offsets.length !== key.subkeyCount) {
      this.fail(`key at ${hex(key.offset)} declares ${key.subkeyCount} subkeys, its lists hold ${offsets.length}`);
    }
    return offsets.map((o) => this.key(o));
  }

  private readSubkeyList(offset: number, out: number[], rootAllowed: boolean, seen: Set<number>): void {
    // An index root naming one leaf many times would multiply the work; real ones never repeat.
    if (seen.has(offset)) this.fail(`subkeys list at ${hex(offset)} is listed twice`);
    seen.add(offset);
    const c = this.cell(offset, 'subkeys list');
    const b = this.buf;
    if (c.size < 4) this.fail(`subkeys list at ${hex(offset)} is too small`);
    const sig = b.toString('latin1', c.at, c.at + 2);
    const count = b.readUInt16LE(c.at + 2);
    const step = sig === 'lf' || sig === 'lh' ? 8 : sig === 'li' || sig === 'ri' ? 4 : 0;
    if (step === 0) this.fail(`subkeys list at ${hex(offset)} has unknown signature`);
    if (4 + count * step > c.size) this.fail(`subkeys list at ${hex(offset)} has ${count} elements, more than its cell holds`);
    if (sig === 'ri') {
      if (!rootAllowed) this.fail(`index root at ${hex(offset)} points to another index root`);
      for (let i = 0; i < count; i++) this.readSubkeyList(b.readUInt32LE(c.at + 4 + i * 4), out, false, seen);
      return;
    }
    for (let i = 0; i < count; i++) out.push(b.readUInt32LE(c.at + 4 + i * step));
  }

  /** The subkey named `name` (compared case-insensitively, as Windows does), if any. */
  subkey(key: RegKey, name: string): RegKey | undefined {
    return this.subkeys(key).find((k) => sameKeyName(k.name, name));
  }

  /**
   * The key at a path below the root ('Select', 'ControlSet001\\Services'). Components are
   * matched case-insensitively. `CurrentControlSet` is not resolved here (see openKey in
   * control-set.ts), because a hive file has no such key.
   */
  openKey(path: string | readonly string[]): RegKey | undefined {
    const parts = typeof path === 'string' ? path.split('\\').filter((p) => p !== '') : path;
    if (parts.length > MAX_KEY_DEPTH) return undefined;
    let k: RegKey | undefined = this.root();
    for (const part of parts) {
      k = this.subkey(k, part);
      if (!k) return undefined;
    }
    return k;
  }

  /** Values in stored order. */
  values(key: RegKey): RegValue[] {
    if (key.valueCount === 0) return [];
    const listOffset = this.buf.readUInt32LE(this.cell(key.offset, 'key').at + 40);
    const list = this.cell(listOffset, 'values list');
    if (key.valueCount * 4 > list.size) this.fail(`key at ${hex(key.offset)} declares ${key.valueCount} values, its list holds fewer`);
    const out: RegValue[] = [];
    for (let i = 0; i < key.valueCount; i++) out.push(this.valueAt(this.buf.readUInt32LE(list.at + i * 4)));
    return out;
  }

  value(key: RegKey, name: string): RegValue | undefined {
    return this.values(key).find((v) => sameKeyName(v.name, name));
  }

  private valueAt(offset: number): RegValue {
    const c = this.cell(offset, 'value');
    const b = this.buf;
    if (c.size < 20 || !isSignature(b, c.at, 'vk')) this.fail(`value at ${hex(offset)} is not a key value`);
    const nameLength = b.readUInt16LE(c.at + 2);
    if (20 + nameLength > c.size) this.fail(`value name at ${hex(offset)} runs past its cell`);
    const name = decodeName(b.subarray(c.at + 20, c.at + 20 + nameLength), (b.readUInt16LE(c.at + 16) & 1) !== 0);
    const sizeField = b.readUInt32LE(c.at + 4);
    const type = b.readUInt32LE(c.at + 12);
    const size = sizeField & 0x7fffffff;
    if (sizeField & 0x80000000) {
      if (size > 4) this.fail(`value "${name}" at ${hex(offset)} claims ${size} bytes stored inline`);
      return { name, type, data: Uint8Array.from(b.subarray(c.at + 8, c.at + 8 + size)) };
    }
    if (size === 0) return { name, type, data: new Uint8Array(0) };
    const dataOffset = b.readUInt32LE(c.at + 8);
    const d = this.cell(dataOffset, `data of value "${name}"`);
    if (size <= d.size) return { name, type, data: Uint8Array.from(b.subarray(d.at, d.at + size)) };
    if (this.base.minorVersion >= 4 && size > BIG_DATA_SEGMENT && d.size >= 8 && isSignature(b, d.at, 'db')) {
      return { name, type, data: this.bigData(d, size, name) };
    }
    return this.fail(`value "${name}" declares ${size} bytes, its data cell holds ${d.size}`);
  }

  private bigData(db: Cell, size: number, name: string): Uint8Array {
    const b = this.buf;
    const count = b.readUInt16LE(db.at + 2);
    if (size > this.binsEnd) this.fail(`value "${name}" declares ${size} bytes, more than the whole hive`);
    if (count * BIG_DATA_SEGMENT < size) this.fail(`big data of value "${name}" has ${count} segments for ${size} bytes`);
    const list = this.cell(b.readUInt32LE(db.at + 4), `segment list of value "${name}"`);
    if (count * 4 > list.size) this.fail(`segment list of value "${name}" is smaller than its ${count} segments`);
    const out = new Uint8Array(size);
    let filled = 0;
    for (let i = 0; i < count && filled < size; i++) {
      const seg = this.cell(b.readUInt32LE(list.at + i * 4), `segment ${i} of value "${name}"`);
      const take = Math.min(BIG_DATA_SEGMENT, size - filled);
      if (take > seg.size) this.fail(`segment ${i} of value "${name}" is shorter than ${take} bytes`);
      out.set(b.subarray(seg.at, seg.at + take), filled);
      filled += take;
    }
    return out;
  }

  /**
   * Every key below (and including) `start`, depth first, subkeys in stored order. Bounded: a key
   * reached twice (a loop), a path deeper than MAX_KEY_DEPTH or more than maxKeys keys is a
   * HiveError.
   */
  *walk(start: RegKey = this.root()): Generator<{ path: readonly string[]; key: RegKey }> {
    const visited = new Set<number>();
    const stack: { key: RegKey; path: string[] }[] = [{ key: start, path: [] }];
    while (stack.length > 0) {
      const { key, path } = stack.pop()!;
      if (visited.has(key.offset)) this.fail(`key at ${hex(key.offset)} is reached twice (a loop in the subkey lists)`);
      visited.add(key.offset);
      if (visited.size > this.maxKeys) this.fail(`more than ${this.maxKeys} keys`);
      if (path.length > MAX_KEY_DEPTH) this.fail(`keys nested deeper than ${MAX_KEY_DEPTH} levels`);
      yield { path, key };
      const children = this.subkeys(key);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ key: children[i]!, path: [...path, children[i]!.name] });
    }
  }
}

/** Compressed names are "extended ASCII" (Latin-1), the others UTF-16LE. */
function decodeName(bytes: Buffer, compressed: boolean): string {
  if (compressed) return bytes.toString('latin1');
  return bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le');
}
