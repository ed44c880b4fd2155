/**
 * preseal's hive reader against hivex (python3-hivex) as the oracle: every key and every value
 * (name, type, raw data) of whole hives, in stored order. Real hives are read as they are on
 * disk, without log replay, because hivex does not replay logs (recovery.test.ts covers that).
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIG_DATA_SEGMENT, Hive } from '../../src/windows-offline/regf.js';
import { currentControlSet, openSystemKey, regDword, regString } from '../../src/windows-offline/index.js';
import { buildHive, firstDifference, hivexDump, PYTHON, readerDump, requireHivex, unpack, type HiveSpec } from './helpers.js';

beforeAll(() => requireHivex());

function expectSameAsHivex(path: string): string[] {
  const mine = readerDump(new Hive(readFileSync(path), path));
  const oracle = hivexDump(path);
  const i = firstDifference(mine, oracle);
  expect(i === -1 ? undefined : { line: i, preseal: mine[i], hivex: oracle[i] }).toBeUndefined();
  expect(mine.length).toBe(oracle.length);
  return mine;
}

describe('real hives read exactly as hivex reads them', () => {
  // Key counts are what hivex walks in each file; they make an empty walk impossible to pass.
  const cases: [string, number][] = [
    ['BCD', 132],
    ['SAM', 65],
    ['SECURITY', 100],
    ['SYSTEM', 30756],
    ['SYSTEM_2', 20015],
    ['UsrClass.dat', 6205],
    ['transactions_NTUSER.DAT', 2590],
  ];
  for (const [name, keys] of cases) {
    it(`${name}: every key and value`, () => {
      const dir = unpack(name);
      expect(expectSameAsHivex(join(dir, name))).toHaveLength(keys);
    });
  }
});

describe('lookups on the real SYSTEM hives', () => {
  it('resolves CurrentControlSet through Select\\Current and matches names case-insensitively', () => {
    const path = join(unpack('SYSTEM'), 'SYSTEM');
    const hive = new Hive(readFileSync(path), 'SYSTEM');
    const select = execFileSync('hivexget', [path, 'Select', 'Current'], { encoding: 'utf8' }).trim();
    expect(currentControlSet(hive)).toBe(`ControlSet${select.padStart(3, '0')}`);
    const params = openSystemKey(hive, 'currentcontrolset\\SERVICES\\tcpip\\Parameters');
    expect(params).toBeDefined();
    const domain = hive.value(params!, 'nv domain');
    const oracle = execFileSync('hivexget', [path, `${currentControlSet(hive)}\\Services\\Tcpip\\Parameters`, 'NV Domain'], { encoding: 'utf8' }).trim();
    expect(regString(domain!)).toBe(oracle);
    expect(oracle).toBe('shieldbase.local');
    expect(hive.openKey('ControlSet001\\Services\\NoSuchService')).toBeUndefined();
  });

  it('a SYSTEM hive without Select\\Current is a HiveError, not a guess', () => {
    const hive = new Hive(readFileSync(join(unpack('SAM'), 'SAM')), 'SAM');
    expect(() => currentControlSet(hive)).toThrow(/Select\\Current does not name a control set/);
  });
});

describe('hives built with python3-hivex', () => {
  const bigData = Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7 + 3) % 256));
  const utf16 = (s: string) => Buffer.from(`${s}\0`, 'utf16le').toString('hex');
  const spec: HiveSpec = {
    keys: [
      {
        path: ['Types'],
        values: [
          { name: 'none', type: 0, hex: '' },
          { name: 'sz', type: 1, hex: utf16('C:\\Windows') },
          { name: 'expand', type: 2, hex: utf16('%SystemRoot%\\System32') },
          { name: 'binary', type: 3, hex: '00ff10' },
          { name: 'dword', type: 4, hex: '78563412' },
          { name: 'dword-be', type: 5, hex: '12345678' },
          { name: 'link', type: 6, hex: Buffer.from('\\Registry\\Machine\\SYSTEM', 'utf16le').toString('hex') },
          { name: 'multi', type: 7, hex: Buffer.from('one\0two\0\0', 'utf16le').toString('hex') },
          { name: 'resource-list', type: 8, hex: '0100000001000000' },
          { name: 'full-resource', type: 9, hex: '0500000002000000aa' },
          { name: 'requirements', type: 10, hex: '2000000000000000' },
          { name: 'qword', type: 11, hex: '0807060504030201' },
          { name: 'devprop', type: 0xffff0012, hex: utf16('cmbatt.inf') },
          { name: 'one byte', type: 3, hex: 'ab' },
          { name: 'five bytes', type: 3, hex: '0102030405' },
          { name: 'big', type: 3, hex: bigData.toString('hex') },
          { name: 'exactly one segment', type: 3, hex: Buffer.alloc(BIG_DATA_SEGMENT, 0x5a).toString('hex') },
          { name: '', type: 1, hex: utf16('default value') },
          { name: 'wide name \u00e9\u4e2d', type: 4, hex: '01000000' },
        ],
      },
      { path: ['Unicode \u4e2d\u6587 key'], values: [{ name: 'x', type: 4, hex: '02000000' }] },
      { path: ['Deep', ...Array.from({ length: 300 }, (_, i) => `level${i}`)] },
      ...Array.from({ length: 1500 }, (_, i) => ({ path: ['Many', `k${String(i).padStart(5, '0')}`] })),
    ],
  };
  let path = '';
  beforeAll(() => {
    path = buildHive(spec, unpack(), 'built.hive');
  });

  it('every value type, inline, big data, UTF-16 names, 300 levels and 1500 subkeys equal hivex', () => {
    const lines = expectSameAsHivex(path);
    expect(lines.length).toBe(1 + 1 + 1 + 301 + 1 + 1500);
  });

  it('values decode to what was written', () => {
    const hive = new Hive(readFileSync(path), 'built');
    const types = hive.openKey('TYPES')!;
    const v = (n: string) => hive.value(types, n)!;
    expect(regString(v('sz'))).toBe('C:\\Windows');
    expect(regString(v('expand'))).toBe('%SystemRoot%\\System32');
    expect(regString(v('link'))).toBe('\\Registry\\Machine\\SYSTEM');
    expect(regDword(v('dword'))).toBe(0x12345678);
    expect(regDword(v('dword-be'))).toBe(0x12345678);
    expect(regString(v(''))).toBe('default value');
    expect(Buffer.from(v('big').data).equals(bigData)).toBe(true);
    expect(v('devprop').type).toBe(0xffff0012);
    expect(hive.openKey(['unicode \u4e2d\u6587 KEY'])).toBeDefined();
  });

  it('hivex writes a big value as one cell; the reader reads that too', () => {
    // Hive version 1.3 (this BCD base) has no big data records; db cells are covered by the real
    // SYSTEM hives below, which hold eleven of them.
    const script = `import hivex,sys\nh=hivex.Hivex(sys.argv[1])\nk=h.node_get_child(h.root(),'Types')\nv=h.node_get_value(k,'big')\nprint(h.value_data_cell_offset(v)[1])`;
    const offset = Number(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' }).trim());
    expect(readFileSync(path).readInt32LE(offset)).toBeLessThanOrEqual(-(40_000 + 4));
  });
});

describe('big data (db) in the real SYSTEM hive', () => {
  it('ProductPolicy (21428 bytes) is stored in db segments and reads as hivex reads it', () => {
    const path = join(unpack('SYSTEM'), 'SYSTEM');
    const script = `import hivex,sys\nh=hivex.Hivex(sys.argv[1])\nn=h.root()\nfor p in ['ControlSet001','Control','ProductOptions']: n=h.node_get_child(n,p)\nv=h.node_get_value(n,'ProductPolicy')\nl,o=h.value_data_cell_offset(v)\nt,d=h.value_value(v)\nprint(o, d.hex())`;
    const [offset, hex] = execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 24 })
      .trim()
      .split(' ');
    const buf = readFileSync(path);
    expect(buf.toString('latin1', Number(offset) + 4, Number(offset) + 6)).toBe('db');
    const hive = new Hive(buf, 'SYSTEM');
    const value = hive.value(openSystemKey(hive, 'CurrentControlSet\\Control\\ProductOptions')!, 'ProductPolicy')!;
    expect(value.data.length).toBe(21428);
    expect(value.data.length).toBeGreaterThan(BIG_DATA_SEGMENT);
    expect(Buffer.from(value.data).toString('hex')).toBe(hex);
  });
});
