/**
 * The version resource of a PE file (sysprep.exe, ntoskrnl.exe on a mounted volume), read as
 * Windows' FileVersionInfo reads it, without loading the file and without reading more of it than
 * the headers and the few resource bytes that lead to VS_VERSIONINFO.
 *
 * Layout (learn.microsoft.com/windows/win32/debug/pe-format): the DOS header's e_lfanew at 0x3C
 * points at "PE\0\0"; the COFF file header (Machine, NumberOfSections, SizeOfOptionalHeader)
 * follows, then the optional header (magic 0x10B PE32 or 0x20B PE32+) whose data directory 2 is
 * the resource table, then the section table that maps RVAs to file offsets. The resource tree
 * has three levels, type / name / language (learn.microsoft.com/windows/win32/debug/pe-format#the-rsrc-section);
 * GetFileVersionInfo loads type RT_VERSION (16), name VS_VERSION_INFO (1). The VS_VERSIONINFO
 * block (learn.microsoft.com/windows/win32/menurc/vs-versioninfo) holds VS_FIXEDFILEINFO
 * (signature 0xFEEF04BD, dwFileVersionMS/LS) and the StringFileInfo tables.
 *
 * The file is hostile: every offset and length is checked against the file and the block that
 * holds it, the reads are counted against a budget, and every walk moves forward or stops, so a
 * damaged or crafted file gives a one-line PeError, never a crash or a hang.
 */
import { closeSync } from 'node:fs';
import { openRegularFile, readAt } from './regular-file.js';

export class PeError extends Error {
  constructor(what: string, message: string) {
    super(`${what}: ${message}`);
    this.name = 'PeError';
  }
}

/** Random access to the file's bytes; `read` returns fewer bytes only at the end of the file. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

export interface PeVersion {
  /** IMAGE_FILE_HEADER.Machine: 0x14C x86, 0x8664 x64, 0xAA64 ARM64, 0x1C4 ARM Thumb-2. */
  machine: number;
  /** Whether the file has an RT_VERSION resource named 1 (what GetFileVersionInfo loads). */
  hasVersionResource: boolean;
  /** VS_FIXEDFILEINFO dwFileVersionMS/LS as major.minor.build.private; null without one. */
  fixed: { major: number; minor: number; build: number; private: number } | null;
  /** The StringFileInfo table FileVersionInfo chose (e.g. 040904B0), or null. */
  stringTable: string | null;
  /** That table's FileVersion string (FileVersionInfo.FileVersion), or null. */
  fileVersion: string | null;
}

/** e_lfanew past this is no PE a linker writes (theirs are below 1 KiB). */
const MAX_HEADER_OFFSET = 1024 * 1024;
/** "The Windows loader limits the number of sections to 96" (pe-format, COFF file header). */
const MAX_SECTIONS = 96;
/** Bytes read from one file in all, and reads made: the headers, a few directories, one VS_VERSIONINFO. */
const READ_BUDGET = 4 * 1024 * 1024;
const READ_CALLS = 4096;
/** wLength is a WORD: a VS_VERSIONINFO is at most 64 KiB. */
const MAX_VERSIONINFO = 0xffff;
/** VS_VERSIONINFO, StringFileInfo, StringTable, String: deeper blocks are not read. */
const MAX_BLOCK_DEPTH = 4;

export const MACHINE = { I386: 0x14c, ARMNT: 0x1c4, AMD64: 0x8664, ARM64: 0xaa64, IA64: 0x200 } as const;

/** Whether a PE for this machine only runs on 64-bit Windows; undefined for a machine not listed. */
export function machineIs64Bit(machine: number): boolean | undefined {
  if (machine === MACHINE.AMD64 || machine === MACHINE.ARM64 || machine === MACHINE.IA64) return true;
  if (machine === MACHINE.I386 || machine === MACHINE.ARMNT) return false;
  return undefined;
}

class Reader {
  private spent = 0;
  private calls = 0;
  constructor(
    private readonly src: ByteSource,
    private readonly what: string,
  ) {}

  get size(): number {
    return this.src.size;
  }

  fail(message: string): never {
    throw new PeError(this.what, message);
  }

  /** Exactly `length` bytes at `offset`, or a PeError naming `part`. */
  bytes(offset: number, length: number, part: string): Buffer {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.src.size) {
      this.fail(`${part} (${length} bytes at offset ${offset}) is beyond the end of the file (${this.src.size} bytes)`);
    }
    this.spent += length;
    if (++this.calls > READ_CALLS || this.spent > READ_BUDGET) this.fail(`reading ${part} would read over ${READ_BUDGET} bytes of headers and resources`);
    const got = this.src.read(offset, length);
    if (got.length !== length) this.fail(`${part} could not be read (${got.length} of ${length} bytes)`);
    return Buffer.from(got.buffer, got.byteOffset, got.length);
  }
}

interface Section {
  va: number;
  virtualSize: number;
  rawSize: number;
  rawPointer: number;
}

/** The file offset of `length` bytes at `rva`, inside one section's raw data (or the headers). */
function rvaToOffset(r: Reader, sections: readonly Section[], sizeOfHeaders: number, rva: number, length: number, part: string): number {
  for (const s of sections) {
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.va && rva < s.va + span) {
      const delta = rva - s.va;
      if (delta + length > s.rawSize) r.fail(`${part} (RVA 0x${rva.toString(16)}, ${length} bytes) lies outside the file data of its section`);
      return s.rawPointer + delta;
    }
  }
  if (rva + length <= sizeOfHeaders) return rva;
  return r.fail(`${part} (RVA 0x${rva.toString(16)}) is in no section`);
}

/**
 * Reads the machine and the version resource of a PE image. Throws PeError (one line) when the
 * file is not a PE or its headers or resource tree are damaged; a PE without a version resource
 * is not an error (hasVersionResource false), as FileVersionInfo then reports no version.
 */
export function readPeVersion(src: ByteSource, what: string): PeVersion {
  const r = new Reader(src, what);
  if (r.size < 64) r.fail('not a PE file (shorter than a DOS header)');
  const dos = r.bytes(0, 64, 'the DOS header');
  if (dos.readUInt16LE(0) !== 0x5a4d) r.fail('not a PE file (no MZ signature)');
  const peAt = dos.readUInt32LE(0x3c);
  if (peAt > MAX_HEADER_OFFSET) r.fail(`e_lfanew (0x${peAt.toString(16)}) is past any real PE header`);
  const coff = r.bytes(peAt, 24, 'the PE header');
  if (coff.readUInt32LE(0) !== 0x00004550) r.fail('not a PE file (no PE signature at e_lfanew)');
  const machine = coff.readUInt16LE(4);
  const sectionCount = coff.readUInt16LE(6);
  const optionalSize = coff.readUInt16LE(20);
  if (sectionCount > MAX_SECTIONS) r.fail(`${sectionCount} sections, over the loader's ${MAX_SECTIONS}`);
  const optAt = peAt + 24;
  const opt = optionalSize > 0 ? r.bytes(optAt, optionalSize, 'the optional header') : Buffer.alloc(0);
  if (opt.length < 2) r.fail('no optional header');
  const magic = opt.readUInt16LE(0);
  const pe32plus = magic === 0x20b;
  if (magic !== 0x10b && !pe32plus) r.fail(`optional header magic 0x${magic.toString(16)} is neither PE32 nor PE32+`);
  const countAt = pe32plus ? 108 : 92;
  const dirsAt = countAt + 4;
  if (opt.length < dirsAt) r.fail(`the optional header (${opt.length} bytes) is shorter than its fixed part`);
  const sizeOfHeaders = opt.readUInt32LE(60);
  const dirCount = opt.readUInt32LE(countAt);
  const sectionsAt = optAt + optionalSize;
  const table = sectionCount > 0 ? r.bytes(sectionsAt, sectionCount * 40, 'the section table') : Buffer.alloc(0);
  const sections: Section[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const o = i * 40;
    sections.push({
      virtualSize: table.readUInt32LE(o + 8),
      va: table.readUInt32LE(o + 12),
      rawSize: table.readUInt32LE(o + 16),
      rawPointer: table.readUInt32LE(o + 20),
    });
  }
  const none: PeVersion = { machine, hasVersionResource: false, fixed: null, stringTable: null, fileVersion: null };
  // Data directory 2, IMAGE_DIRECTORY_ENTRY_RESOURCE.
  if (dirCount <= 2 || opt.length < dirsAt + 3 * 8) return none;
  const rsrcRva = opt.readUInt32LE(dirsAt + 16);
  const rsrcSize = opt.readUInt32LE(dirsAt + 20);
  if (rsrcRva === 0 || rsrcSize === 0) return none;
  // Offsets in the tree are relative to its start and must stay inside the resource directory's size.
  const tree = (offset: number, length: number, part: string): Buffer => {
    if (offset + length > rsrcSize) r.fail(`${part} (offset 0x${offset.toString(16)}) is outside the resource directory (${rsrcSize} bytes)`);
    return r.bytes(rvaToOffset(r, sections, sizeOfHeaders, rsrcRva + offset, length, part), length, part);
  };
  /** The entries of the directory at `offset`: [id or name offset, isName, target, isDirectory]. */
  const entries = (offset: number, level: string) => {
    const head = tree(offset, 16, `the ${level} resource directory`);
    const count = head.readUInt16LE(12) + head.readUInt16LE(14);
    const list = count > 0 ? tree(offset + 16, count * 8, `the ${level} resource entries`) : Buffer.alloc(0);
    return Array.from({ length: count }, (_, i) => {
      const name = list.readUInt32LE(i * 8);
      const to = list.readUInt32LE(i * 8 + 4);
      return { id: name & 0x7fffffff, named: (name & 0x80000000) !== 0, target: to & 0x7fffffff, dir: (to & 0x80000000) !== 0 };
    });
  };
  // The tree has exactly three levels, each entry checked for the kind it must point at: no loops.
  const type = entries(0, 'type').find((e) => !e.named && e.id === 16);
  if (!type) return none;
  if (!type.dir) r.fail('the RT_VERSION resource entry is not a directory');
  const name = entries(type.target, 'RT_VERSION name').find((e) => !e.named && e.id === 1);
  if (!name) return none;
  if (!name.dir) r.fail('the VS_VERSION_INFO resource entry is not a directory');
  // FindResource: the neutral language first, then US English, then the first there is.
  const langs = entries(name.target, 'RT_VERSION language').filter((e) => !e.named);
  const lang = langs.find((e) => e.id === 0) ?? langs.find((e) => e.id === 0x409) ?? langs[0];
  if (!lang) return none;
  if (lang.dir) r.fail('the RT_VERSION language entry is a directory, not data');
  const entry = tree(lang.target, 16, 'the RT_VERSION data entry');
  const dataRva = entry.readUInt32LE(0);
  const dataSize = Math.min(entry.readUInt32LE(4), MAX_VERSIONINFO);
  if (dataSize < 6) r.fail(`the VS_VERSIONINFO resource is ${dataSize} bytes`);
  const data = r.bytes(rvaToOffset(r, sections, sizeOfHeaders, dataRva, dataSize, 'VS_VERSIONINFO'), dataSize, 'VS_VERSIONINFO');
  return { machine, hasVersionResource: true, ...parseVersionInfo(r, data, dataRva) };
}

interface Block {
  key: string;
  type: number;
  /** The value's bytes (for a text value, UTF-16LE up to the block's end). */
  value: Buffer;
  children: Block[];
}

/**
 * What a block holds: VS_VERSIONINFO, StringFileInfo, StringTable and VarFileInfo hold blocks;
 * a String holds text, a Var binary data. wType cannot tell (linkers write 1 on containers too).
 */
type BlockKind = 'container' | 'text' | 'binary';

/**
 * One VS_VERSIONINFO-shaped block at `at` (wLength, wValueLength, wType, szKey, padding, Value,
 * padding, Children), not past `end`. Alignment is to 32 bits of the resource's RVA, as in memory.
 * `childKind` says what the block's children are, from its key; depth is bounded by the layout.
 */
function parseBlock(r: Reader, d: Buffer, at: number, end: number, rva: number, kind: BlockKind, depth: number): Block {
  const align = (o: number) => o + ((4 - ((rva + o) % 4)) % 4);
  if (at + 6 > end) r.fail(`a version block at offset ${at} is cut off`);
  const length = d.readUInt16LE(at);
  const valueLength = d.readUInt16LE(at + 2);
  const type = d.readUInt16LE(at + 4);
  if (length < 6) r.fail(`a version block at offset ${at} has length ${length}`);
  // A last child whose wLength runs past its parent only by padding is common; keep to the parent.
  const stop = Math.min(at + length, end);
  let p = at + 6;
  let key = '';
  while (p + 2 <= stop) {
    const c = d.readUInt16LE(p);
    p += 2;
    if (c === 0) break;
    key += String.fromCharCode(c);
  }
  const valueAt = Math.min(align(p), stop);
  // A String's text is read to its NUL, as FileVersionInfo reads it; other values by wValueLength
  // (WORDs for wType 1, bytes otherwise).
  const valueBytes = type === 1 ? valueLength * 2 : valueLength;
  const value = d.subarray(valueAt, kind === 'text' ? stop : Math.min(valueAt + valueBytes, stop));
  const children: Block[] = [];
  if (kind === 'container' && depth < MAX_BLOCK_DEPTH) {
    const childKind: BlockKind = depth < 2 ? 'container' : key === 'VarFileInfo' ? 'binary' : depth === 2 ? 'container' : 'text';
    // Each child is at least 6 bytes long, so the walk always moves forward.
    let c = align(valueAt + valueBytes);
    while (c + 6 <= stop) {
      children.push(parseBlock(r, d, c, stop, rva, childKind, depth + 1));
      c = align(c + d.readUInt16LE(c));
    }
  }
  return { key, type, value, children };
}

/** The UTF-16LE text of a String block's value, up to its NUL, as VerQueryValue hands it over. */
function text(value: Buffer): string {
  const chars: number[] = [];
  for (let i = 0; i + 2 <= value.length; i += 2) {
    const c = value.readUInt16LE(i);
    if (c === 0) break;
    chars.push(c);
  }
  return String.fromCharCode(...chars);
}

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

function parseVersionInfo(r: Reader, d: Buffer, rva: number): Omit<PeVersion, 'machine' | 'hasVersionResource'> {
  const root = parseBlock(r, d, 0, d.length, rva, 'container', 1);
  if (root.key !== 'VS_VERSION_INFO') r.fail(`the version resource's key is "${root.key.slice(0, 40)}", not VS_VERSION_INFO`);
  let fixed: PeVersion['fixed'] = null;
  if (root.value.length >= 16 && root.value.readUInt32LE(0) === 0xfeef04bd) {
    const ms = root.value.readUInt32LE(8);
    const ls = root.value.readUInt32LE(12);
    fixed = { major: ms >>> 16, minor: ms & 0xffff, build: ls >>> 16, private: ls & 0xffff };
  }
  const tables = root.children.filter((c) => c.key === 'StringFileInfo').flatMap((c) => c.children);
  // FileVersionInfo (dotnet/runtime FileVersionInfo.Windows.cs): the table of the first
  // VarFileInfo\Translation entry (language << 16 | code page), else 040904E4; when that table has
  // no FileVersion, 040904B0, 040904E4 and 04090000 in turn. The fixed parts come from "\" alone.
  const translation = root.children.filter((c) => c.key === 'VarFileInfo').flatMap((c) => c.children.filter((v) => v.key === 'Translation'))[0];
  const first =
    translation && translation.value.length >= 4 ? hex8(((translation.value.readUInt16LE(0) << 16) | translation.value.readUInt16LE(2)) >>> 0) : '040904E4';
  for (const id of [first, '040904B0', '040904E4', '04090000']) {
    const table = tables.find((t) => t.key.toUpperCase() === id);
    const s = table?.children.find((c) => c.key.toUpperCase() === 'FILEVERSION');
    const v = s ? text(s.value) : '';
    if (v !== '') return { fixed, stringTable: table!.key, fileVersion: v };
  }
  return { fixed, stringTable: null, fileVersion: null };
}

/**
 * readPeVersion on a file: a regular file only (never a link, FIFO or device a hostile volume
 * holds), read in place at the offsets the headers give, never whole.
 */
export function readPeVersionFile(path: string, what = path): PeVersion {
  let opened: { fd: number; size: number };
  try {
    opened = openRegularFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PeError(what, code === 'not a regular file' ? 'is not a regular file' : `cannot be opened: ${code ?? (e as Error).message}`);
  }
  const { fd, size } = opened;
  try {
    return readPeVersion({ size, read: (offset, length) => readAt(fd, offset, length) }, what);
  } catch (e) {
    if (e instanceof PeError) throw e;
    throw new PeError(what, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** A ByteSource over bytes in memory (tests, fuzzing). */
export function bufferSource(data: Uint8Array): ByteSource {
  return { size: data.length, read: (offset, length) => data.subarray(offset, Math.min(offset + length, data.length)) };
}
