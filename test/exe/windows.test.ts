// The Windows executable: a valid PE (the official node.exe) carrying the SEA blob this build made,
// with the SEA fuse flipped. Where Wine can run Node.js, it also runs the executable.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { buildExecutables, injectedBlob, windowsExe, windowsNode } from './build.js';

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const RT_RCDATA = 10;

interface Pe {
  machine: number;
  magic: number;
  subsystem: number;
  sections: string[];
  /** The RT_RCDATA resources by name: their bytes. */
  rcdata: Map<string, Buffer>;
}

/** Reads the headers, the section table and the RT_RCDATA resources of a PE file (Microsoft's PE/COFF specification). */
function readPe(buf: Buffer): Pe {
  if (buf.toString('latin1', 0, 2) !== 'MZ') throw new Error('no MZ header');
  const pe = buf.readUInt32LE(0x3c);
  if (buf.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('no PE signature');
  const machine = buf.readUInt16LE(pe + 4);
  const count = buf.readUInt16LE(pe + 6);
  const optionalSize = buf.readUInt16LE(pe + 20);
  const opt = pe + 24;
  const magic = buf.readUInt16LE(opt);
  if (magic !== 0x20b) throw new Error(`optional header magic ${magic.toString(16)} is not PE32+`);
  const subsystem = buf.readUInt16LE(opt + 68);
  const resourceRva = buf.readUInt32LE(opt + 112 + 2 * 8);
  const table = opt + optionalSize;
  const sections = Array.from({ length: count }, (_, i) => {
    const at = table + i * 40;
    return {
      name: buf.toString('latin1', at, at + 8).replace(/\0+$/, ''),
      size: Math.max(buf.readUInt32LE(at + 8), buf.readUInt32LE(at + 16)),
      va: buf.readUInt32LE(at + 12),
      raw: buf.readUInt32LE(at + 20),
    };
  });
  const offset = (rva: number) => {
    const s = sections.find((x) => rva >= x.va && rva < x.va + x.size);
    if (!s) throw new Error(`RVA ${rva.toString(16)} is in no section`);
    return rva - s.va + s.raw;
  };
  const base = offset(resourceRva);
  const entries = (dir: number) => {
    const n = buf.readUInt16LE(dir + 12) + buf.readUInt16LE(dir + 14);
    return Array.from({ length: n }, (_, i) => {
      const name = buf.readUInt32LE(dir + 16 + i * 8);
      const data = buf.readUInt32LE(dir + 20 + i * 8);
      const named = (name & 0x80000000) !== 0;
      const label = named
        ? buf.toString('utf16le', base + (name & 0x7fffffff) + 2, base + (name & 0x7fffffff) + 2 + 2 * buf.readUInt16LE(base + (name & 0x7fffffff)))
        : String(name);
      return { label, id: named ? -1 : name, dir: (data & 0x80000000) !== 0, at: base + (data & 0x7fffffff) };
    });
  };
  const rcdata = new Map<string, Buffer>();
  const type = entries(base).find((e) => e.id === RT_RCDATA && e.dir);
  for (const named of type ? entries(type.at) : []) {
    const lang = entries(named.at)[0];
    if (!lang || lang.dir) continue;
    const rva = buf.readUInt32LE(lang.at);
    const size = buf.readUInt32LE(lang.at + 4);
    rcdata.set(named.label, buf.subarray(offset(rva), offset(rva) + size));
  }
  return { machine, magic, subsystem, sections: sections.map((s) => s.name), rcdata };
}

beforeAll(() => buildExecutables(), 600_000);

describe('dist-exe/preseal-win-x64.exe', () => {
  it('is the official node.exe as a valid x64 console PE, with the SEA blob as its NODE_SEA_BLOB resource and the fuse flipped', () => {
    const exe = readFileSync(windowsExe);
    const original = readFileSync(windowsNode);
    const pe = readPe(exe);
    expect(pe).toMatchObject({ machine: 0x8664, magic: 0x20b, subsystem: 3 });
    expect(readPe(original).rcdata.has('NODE_SEA_BLOB')).toBe(false);
    // The resource holds exactly the blob this build generated, byte for byte.
    const blob = pe.rcdata.get('NODE_SEA_BLOB');
    expect(blob, `RT_RCDATA names: ${[...pe.rcdata.keys()].join(', ')}`).toBeDefined();
    expect(Buffer.compare(blob!, readFileSync(injectedBlob('win-x64')))).toBe(0);
    // The blob carries the Windows probe's files themselves.
    for (const file of ['src/probes/windows/main.ps1', 'src/probes/windows/lib.ps1'])
      expect(blob!.includes(readFileSync(join(repoRoot, file))), file).toBe(true);
    // node.exe runs the injected blob only when its fuse reads :1.
    expect(exe.includes(`${SEA_FUSE}:1`)).toBe(true);
    expect(exe.includes(`${SEA_FUSE}:0`)).toBe(false);
    expect(original.includes(`${SEA_FUSE}:0`)).toBe(true);
    expect(exe.length).toBeLessThan(150 * 2 ** 20);
  });
});

/** Debian's wine64, with a prefix of its own that reports Windows 10 (Node.js refuses older). */
function wine(): { run: (exe: string, args: string[]) => ReturnType<typeof spawnSync>; reason?: string } | { reason: string } {
  const candidates = ['/usr/lib/wine/wine64', '/usr/bin/wine64', '/usr/bin/wine'];
  const bin = candidates.find((c) => existsSync(c));
  if (!bin) return { reason: 'Wine is not installed (apt-get install wine64)' };
  const env = { ...process.env, WINEPREFIX: join(tmpdir(), 'preseal-wine-prefix'), WINEDEBUG: '-all', DISPLAY: '' };
  const run = (exe: string, args: string[]) => spawnSync(bin, [exe, ...args], { env, encoding: 'utf8', timeout: 180_000 });
  spawnSync(bin, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { env, encoding: 'utf8', timeout: 180_000 });
  // Can this Wine run V8 at all? The official node.exe, without any preseal in it, says.
  const probe = run(windowsNode, ['-e', "process.stdout.write('ok')"]);
  if (probe.stdout !== 'ok') {
    const why =
      `${probe.stdout}\n${probe.stderr}`
        .split('\n')
        .find((l) => /Fatal|error|not supported/i.test(l))
        ?.trim() ?? `exit ${probe.status}`;
    return { reason: `${bin} cannot run the official node.exe ${'26.10.0'} itself (-e): ${why}` };
  }
  return { run };
}

describe('preseal-win-x64.exe under Wine', () => {
  it('--version, rules and lint facts:FILE', (ctx) => {
    const w = wine();
    if (!('run' in w)) {
      console.warn(`skipping the Windows executable under Wine: ${w.reason}`);
      ctx.skip(w.reason);
      return;
    }
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(w.run(windowsExe, ['--version']).stdout).toBe(`${pkg.version}\n`);
    const rules = w.run(windowsExe, ['rules', '--platform', 'windows']);
    expect(rules.status, String(rules.stderr)).toBe(0);
    expect(rules.stdout).toMatch(/^W\d{3} /m);
    const lint = w.run(windowsExe, ['lint', `facts:${join(repoRoot, 'fixtures/windows/failed-sysprep.json')}`, '--format', 'json']);
    expect(lint.status, String(lint.stderr)).toBe(1);
    expect(JSON.parse(String(lint.stdout)).targets[0]).toMatchObject({ platform: 'windows', error: null });
  }, 600_000);
});
