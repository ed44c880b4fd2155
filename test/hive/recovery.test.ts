/**
 * Dirty hives: transaction log replay. The new format (HvLE) is checked on real Windows logs
 * (regipy test data): the pages replayed equal regipy's own expectations, and hivex reads the
 * recovered image exactly as preseal does. No real old-format (DIRT) log exists here, so one is
 * constructed from two hivex-written hives (scripts/windows-hives/make-dirt-log.py says how).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Hive, openHiveFile, recoverHive } from '../../src/windows-offline/index.js';
import { baseBlockChecksum } from '../../src/windows-offline/regf.js';
import { buildHive, firstDifference, hivexDump, MAKE_DIRT_LOG, PYTHON, readerDump, requireHivex, unpack } from './helpers.js';

beforeAll(() => requireHivex());

function logsOf(dir: string, ...names: string[]) {
  return names.map((name) => ({ name, data: readFileSync(join(dir, name)) }));
}

function expectHivexAgrees(imagePath: string, hive: Hive): string[] {
  const mine = readerDump(hive);
  const oracle = hivexDump(imagePath);
  const i = firstDifference(mine, oracle);
  expect(i === -1 ? undefined : { line: i, preseal: mine[i], hivex: oracle[i] }).toBeUndefined();
  return mine;
}

describe('new-format (HvLE) logs from real Windows machines', () => {
  it('UsrClass.dat: entries of LOG1 then LOG2 are replayed, 158 pages as regipy expects', () => {
    const dir = unpack('UsrClass.dat', 'UsrClass.dat.LOG1', 'UsrClass.dat.LOG2');
    const opened = openHiveFile(join(dir, 'UsrClass.dat'));
    expect(opened.stale).toBeUndefined();
    expect(opened.recovered).toEqual([
      { log: 'UsrClass.dat.LOG1', format: 'HvLE', entries: 4, pages: 53, sequence: 290 },
      { log: 'UsrClass.dat.LOG2', format: 'HvLE', entries: 10, pages: 105, sequence: 300 },
    ]);
    expect(opened.hive.base.primarySequence).toBe(300);
    expect(opened.hive.base.secondarySequence).toBe(300);

    const r = recoverHive(readFileSync(join(dir, 'UsrClass.dat')), 'UsrClass.dat', logsOf(dir, 'UsrClass.dat.LOG1', 'UsrClass.dat.LOG2'));
    if (r.state !== 'recovered') throw new Error(`not recovered: ${r.state}`);
    const image = join(dir, 'recovered');
    writeFileSync(image, r.image);
    const lines = expectHivexAgrees(image, new Hive(r.image, 'recovered'));
    expect(lines).toHaveLength(6238);
    expect(hivexDump(join(dir, 'UsrClass.dat'))).toHaveLength(6205);
  });

  it('NTUSER.DAT: the older entry in log2 is skipped; 132 pages and 527 changed keys, as regipy expects', () => {
    const names = ['transactions_NTUSER.DAT', 'transactions_ntuser.dat.log1', 'transactions_ntuser.dat.log2'] as const;
    const dir = unpack(...names);
    const opened = openHiveFile(join(dir, names[0]));
    expect(opened.recovered).toEqual([{ log: 'transactions_ntuser.dat.log1', format: 'HvLE', entries: 23, pages: 132, sequence: 588 }]);

    const r = recoverHive(readFileSync(join(dir, names[0])), names[0], logsOf(dir, names[1], names[2]));
    if (r.state !== 'recovered') throw new Error(`not recovered: ${r.state}`);
    const image = join(dir, 'recovered');
    writeFileSync(image, r.image);
    const after = new Set(expectHivexAgrees(image, opened.hive).map((l) => JSON.parse(l).path as string));
    const before = new Set(hivexDump(join(dir, names[0])).map((l) => JSON.parse(l).path as string));
    const changed = [...after].filter((p) => !before.has(p)).length + [...before].filter((p) => !after.has(p)).length;
    expect(changed).toBe(527);
  });

  it('a log entry whose Marvin32 hash is wrong ends the replay before it', () => {
    const dir = unpack('UsrClass.dat', 'UsrClass.dat.LOG1', 'UsrClass.dat.LOG2');
    const log2 = readFileSync(join(dir, 'UsrClass.dat.LOG2'));
    let at = 512;
    for (let i = 0; i < 2; i++) at += log2.readUInt32LE(at + 4);
    log2[at + 600] = log2[at + 600]! ^ 0xff; // a byte inside the third entry's dirty pages
    writeFileSync(join(dir, 'UsrClass.dat.LOG2'), log2);
    const opened = openHiveFile(join(dir, 'UsrClass.dat'));
    expect(opened.recovered?.map((a) => [a.log, a.entries, a.sequence])).toEqual([
      ['UsrClass.dat.LOG1', 4, 290],
      ['UsrClass.dat.LOG2', 2, 292],
    ]);
  });

  it('a wrong base block checksum: the base block comes from the newest log, and only that log is replayed', () => {
    const dir = unpack('UsrClass.dat', 'UsrClass.dat.LOG1', 'UsrClass.dat.LOG2');
    const logs = logsOf(dir, 'UsrClass.dat.LOG1', 'UsrClass.dat.LOG2');
    const good = readFileSync(join(dir, 'UsrClass.dat'));
    const broken = Buffer.from(good);
    broken[508] = broken[508]! ^ 1;
    const r = recoverHive(broken, 'UsrClass.dat', logs);
    if (r.state !== 'recovered') throw new Error(`not recovered: ${r.state}`);
    expect(r.applied).toEqual([{ log: 'UsrClass.dat.LOG2', format: 'HvLE', entries: 10, pages: 105, sequence: 300 }]);
    const full = recoverHive(good, 'UsrClass.dat', logs);
    if (full.state !== 'recovered') throw new Error(`not recovered: ${full.state}`);
    // On these logs LOG2 rewrites every page LOG1 touched, so both roads give the same image.
    expect(r.image.equals(full.image)).toBe(true);
  });
});

describe('dirty hives without their logs', () => {
  it('the real dirty SYSTEM_2 is read as it is and marked stale with the reason', () => {
    const opened = openHiveFile(join(unpack('SYSTEM_2'), 'SYSTEM_2'));
    expect(opened.stale).toBe('dirty (sequence numbers 205 and 204 differ) and no transaction log (.LOG1/.LOG2) beside it');
    expect(opened.hive.openKey('Select')).toBeDefined();
  });

  it('a log of another hive is not replayed into this one (the real dirty SECURITY)', () => {
    const dir = unpack('SECURITY', 'UsrClass.dat.LOG1');
    copyFileSync(join(dir, 'UsrClass.dat.LOG1'), join(dir, 'SECURITY.LOG1'));
    const opened = openHiveFile(join(dir, 'SECURITY'));
    expect(opened.stale).toBe('dirty, and SECURITY.LOG1 belong to another hive');
  });

  it('logs whose entries do not continue the hive leave it stale', () => {
    const dir = unpack('transactions_NTUSER.DAT', 'transactions_ntuser.dat.log2');
    const opened = openHiveFile(join(dir, 'transactions_NTUSER.DAT'));
    expect(opened.stale).toBe("dirty, and no entry of transactions_ntuser.dat.log2 follows the hive's sequence number 566");
  });

  it('a clean hive ignores logs beside it', () => {
    const dir = unpack('SAM', 'UsrClass.dat.LOG1');
    copyFileSync(join(dir, 'UsrClass.dat.LOG1'), join(dir, 'SAM.LOG1'));
    const opened = openHiveFile(join(dir, 'SAM'));
    expect(opened.stale).toBeUndefined();
    expect(opened.recovered).toBeUndefined();
  });
});

describe('old-format (DIRT) log, constructed from hivex-written hives', () => {
  const first = { keys: [{ path: ['Setup'], values: [{ name: 'CloneTag', type: 7, hex: Buffer.from('one\0\0', 'utf16le').toString('hex') }] }] };
  const more = {
    clear: false,
    keys: [
      {
        path: ['Setup'],
        values: [
          { name: 'CloneTag', type: 7, hex: Buffer.from('two\0\0', 'utf16le').toString('hex') },
          { name: 'State', type: 4, hex: '07000000' },
        ],
      },
      ...Array.from({ length: 200 }, (_, i) => ({ path: ['Added', `key${i}`], values: [{ name: 'v', type: 3, hex: 'ab'.repeat(200) }] })),
    ],
  };

  /** The log as if written by another write of the hive: Last written timestamp + 1, checksum kept valid. */
  function restamped(data: Buffer): Buffer {
    const log = Buffer.from(data);
    log.writeBigUInt64LE(log.readBigUInt64LE(12) + 1n, 12);
    log.writeUInt32LE(baseBlockChecksum(log), 508);
    return log;
  }

  function makeDirty(): { dir: string; after: string } {
    const dir = unpack();
    const before = buildHive(first, dir, 'before');
    const after = buildHive(more, dir, 'after', before);
    execFileSync(PYTHON, [MAKE_DIRT_LOG, before, after, join(dir, 'HIVE')]);
    return { dir, after };
  }

  it('replays the dirty pages: the result equals hivex reading the newer hive', () => {
    const { dir, after } = makeDirty();
    const opened = openHiveFile(join(dir, 'HIVE'));
    expect(opened.stale).toBeUndefined();
    expect(opened.recovered?.[0]?.format).toBe('DIRT');
    expect(opened.recovered?.[0]?.pages).toBeGreaterThan(8);
    const mine = readerDump(opened.hive);
    const oracle = hivexDump(after);
    expect(firstDifference(mine, oracle)).toBe(-1);
    expect(mine).toHaveLength(1 + 1 + 1 + 200);
    // Without its log the same file holds the older data.
    expect(hivexDump(join(dir, 'HIVE'))).toHaveLength(2);
  });

  it('LOG2 is the fallback when LOG1 belongs to another write', () => {
    const { dir, after } = makeDirty();
    const good = readFileSync(join(dir, 'HIVE.LOG1'));
    writeFileSync(join(dir, 'HIVE.LOG2'), good);
    writeFileSync(join(dir, 'HIVE.LOG1'), restamped(good));
    const opened = openHiveFile(join(dir, 'HIVE'));
    expect(opened.recovered?.map((a) => [a.log, a.format])).toEqual([['HIVE.LOG2', 'DIRT']]);
    expect(firstDifference(readerDump(opened.hive), hivexDump(after))).toBe(-1);
  });

  it('a log from another write (Last written timestamp differs) is not applied', () => {
    const { dir } = makeDirty();
    writeFileSync(join(dir, 'HIVE.LOG1'), restamped(readFileSync(join(dir, 'HIVE.LOG1'))));
    const opened = openHiveFile(join(dir, 'HIVE'));
    expect(opened.stale).toMatch(/HIVE\.LOG1 belongs to another write of the hive/);
  });
});
