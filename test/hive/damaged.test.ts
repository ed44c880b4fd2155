/**
 * A damaged hive ends in a HiveError with a one-line reason, in bounded time, never in another
 * exception or a hang: the real damaged hive, targeted damage (a loop, nesting past Windows'
 * limit, truncation) and random byte damage (fast-check).
 */
import fc from 'fast-check';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Hive, HiveError, MAX_KEY_DEPTH, openHiveFile, openSystemKey, recoverHive } from '../../src/windows-offline/index.js';
import { buildHive, readerDump, requireHivex, unpack } from './helpers.js';

beforeAll(() => requireHivex());

function hiveError(f: () => unknown): HiveError {
  try {
    f();
  } catch (e) {
    if (e instanceof HiveError) {
      expect(e.reason).not.toContain('\n');
      return e;
    }
    throw e;
  }
  throw new Error('expected a HiveError');
}

/** Reads everything a caller could ask for; only HiveError may escape. */
function readAll(buf: Buffer): void {
  try {
    const hive = new Hive(buf, 'fuzzed');
    readerDump(hive);
    openSystemKey(hive, 'CurrentControlSet\\Services\\Tcpip\\Parameters');
  } catch (e) {
    if (!(e instanceof HiveError)) throw e;
    expect(e.reason).not.toContain('\n');
  }
}

describe('damaged hives', () => {
  it('the real damaged SYSTEM hive: HiveError naming the broken hive bin, quickly', () => {
    const started = Date.now();
    const e = hiveError(() => openHiveFile(join(unpack('corrupted_system_hive'), 'corrupted_system_hive')));
    expect(e.message).toBe('corrupted_system_hive: damaged: no hive bin signature at offset 0x19000');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('not a hive, empty, missing and truncated files', () => {
    const dir = unpack('SYSTEM');
    writeFileSync(join(dir, 'text'), 'Windows Registry Editor Version 5.00\r\n'.repeat(200));
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, 'cut'), readFileSync(join(dir, 'SYSTEM')).subarray(0, 1 << 20));
    expect(hiveError(() => openHiveFile(join(dir, 'text'))).reason).toBe('not a registry hive (no regf signature)');
    expect(hiveError(() => openHiveFile(join(dir, 'empty'))).reason).toBe('file is 0 bytes, shorter than a base block');
    expect(hiveError(() => openHiveFile(join(dir, 'nothing'))).reason).toBe('cannot be read: ENOENT');
    expect(hiveError(() => openHiveFile(join(dir, 'cut'))).reason).toMatch(
      /^truncated: the base block declares \d+ bytes of hive bins, the file holds 1044480$/,
    );
  });

  it('a FIFO, a folder or a symbolic link named like a hive is refused without blocking', () => {
    const dir = unpack('SECURITY');
    execFileSync('mkfifo', [join(dir, 'SYSTEM')]);
    mkdirSync(join(dir, 'SAM'));
    symlinkSync(join(dir, 'SECURITY'), join(dir, 'SOFTWARE'));
    expect(hiveError(() => openHiveFile(join(dir, 'SOFTWARE'))).reason).toBe('cannot be read: not a regular file');
    expect(hiveError(() => openHiveFile(join(dir, 'SYSTEM'))).reason).toBe('cannot be read: not a regular file');
    expect(hiveError(() => openHiveFile(join(dir, 'SAM'))).reason).toBe('cannot be read: not a regular file');
  });

  it('a subkey list pointing back at the root is a loop, reported, not followed', () => {
    const buf = readFileSync(join(unpack('SAM'), 'SAM'));
    const hive = new Hive(buf, 'SAM');
    const root = hive.root();
    const list = buf.readUInt32LE(4096 + root.offset + 4 + 28);
    buf.writeUInt32LE(root.offset, 4096 + list + 4 + 4); // first element of the root's lf list
    const e = hiveError(() => readerDump(new Hive(buf, 'SAM')));
    expect(e.reason).toBe(`damaged: key at 0x${root.offset.toString(16)} is reached twice (a loop in the subkey lists)`);
  });

  it(`keys nested deeper than Windows allows (${MAX_KEY_DEPTH}) stop the walk`, () => {
    const path = buildHive({ keys: [{ path: Array.from({ length: MAX_KEY_DEPTH + 2 }, (_, i) => `k${i}`) }] }, unpack(), 'deep');
    const e = hiveError(() => readerDump(new Hive(readFileSync(path), 'deep')));
    expect(e.reason).toBe(`damaged: keys nested deeper than ${MAX_KEY_DEPTH} levels`);
  });
});

describe('random damage (fast-check)', () => {
  const damage = (size: number) => fc.array(fc.tuple(fc.nat({ max: size - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 });

  function damaged(original: Buffer, edits: [number, number][], cut?: number): Buffer {
    const buf = Buffer.from(original);
    for (const [at, byte] of edits) buf[at] = byte;
    return cut === undefined ? buf : buf.subarray(0, cut);
  }

  it('BCD and SAM with damaged bytes: read fully or a HiveError, each within a second', () => {
    for (const name of ['BCD', 'SAM']) {
      const original = readFileSync(join(unpack(name), name));
      fc.assert(
        fc.property(damage(original.length), fc.option(fc.nat({ max: original.length }), { nil: undefined }), (edits, cut) => {
          const started = Date.now();
          readAll(damaged(original, edits, cut));
          expect(Date.now() - started).toBeLessThan(1000);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('damage confined to the cells of SYSTEM: no crash, no hang', () => {
    const original = readFileSync(join(unpack('SYSTEM'), 'SYSTEM'));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 4096, max: 4096 + 200_000 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }),
        (edits) => {
          const started = Date.now();
          readAll(damaged(original, edits));
          expect(Date.now() - started).toBeLessThan(10_000);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a damaged HvLE log: replay stops or the hive is read, never a crash', () => {
    const dir = unpack('transactions_NTUSER.DAT', 'transactions_ntuser.dat.log1');
    const primary = readFileSync(join(dir, 'transactions_NTUSER.DAT'));
    const log = readFileSync(join(dir, 'transactions_ntuser.dat.log1'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 64 * 1024 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        try {
          const r = recoverHive(primary, 'NTUSER.DAT', [{ name: 'NTUSER.DAT.LOG1', data: damaged(log, edits) }]);
          if (r.state === 'recovered') new Hive(r.image, 'NTUSER.DAT').root();
        } catch (e) {
          if (!(e instanceof HiveError)) throw e;
        }
      }),
      { numRuns: 40 },
    );
  });
});
