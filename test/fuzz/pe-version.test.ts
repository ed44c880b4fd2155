import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bufferSource, PeError, readPeVersion } from '../../src/windows-offline/pe-version.js';
import { powershellNativeBinaries, referenceAssemblies } from '../hive/real-pe.js';

/**
 * sysprep.exe and ntoskrnl.exe on a mounted volume are hostile input: real PE files (a Microsoft
 * reference assembly, a native PowerShell DLL) with random bytes overwritten, mostly in the headers
 * and the version resource, and cut at random lengths, give a result or a one-line PeError, fast.
 */
function real(): Buffer[] {
  const files = [
    referenceAssemblies().find((p) => p.endsWith('/Accessibility.dll')),
    powershellNativeBinaries().find((p) => /win-x64.native.pwrshplugin\.dll$/.test(p)),
  ];
  return files.filter((p): p is string => p !== undefined).map((p) => readFileSync(p));
}

function hotSpots(d: Buffer): number[] {
  const peAt = d.readUInt32LE(0x3c);
  const info = d.indexOf(Buffer.from('VS_VERSION_INFO\0', 'utf16le')) - 6;
  return [0x3c, peAt, peAt + 4, peAt + 20, peAt + 24, peAt + 116, peAt + 24 + d.readUInt16LE(peAt + 20), info, info + 92];
}

describe('the PE version reader on damaged files', () => {
  const samples = real();

  it('has real files to damage', () => expect(samples.length).toBe(2));

  it('mutated and truncated real PEs: a version or one line, never a crash or a hang', () => {
    const edit = fc.record({ near: fc.nat(), delta: fc.integer({ min: -64, max: 600 }), value: fc.integer({ min: 0, max: 255 }), anywhere: fc.nat() });
    fc.assert(
      fc.property(fc.nat(samples.length - 1), fc.array(edit, { minLength: 1, maxLength: 12 }), fc.option(fc.nat(), { nil: undefined }), (which, edits, cut) => {
        const d = Buffer.from(samples[which]!);
        const spots = hotSpots(d);
        for (const e of edits) {
          const at = e.anywhere % 4 === 0 ? e.anywhere % d.length : spots[e.near % spots.length]! + e.delta;
          if (at >= 0 && at < d.length) d[at] = e.value;
        }
        const bytes = cut === undefined ? d : d.subarray(0, cut % (d.length + 1));
        const started = Date.now();
        try {
          const v = readPeVersion(bufferSource(bytes), 'sysprep.exe');
          expect(typeof v.machine).toBe('number');
          if (v.fileVersion !== null) expect(v.fileVersion.length).toBeLessThanOrEqual(0xffff);
        } catch (e) {
          if (!(e instanceof PeError)) throw e;
          expect(e.message.startsWith('sysprep.exe: ')).toBe(true);
          expect(e.message).not.toContain('\n');
        }
        expect(Date.now() - started).toBeLessThan(500);
      }),
      { numRuns: 3000 },
    );
  });

  it('random bytes behind a real DOS and PE header', () => {
    const head = samples[0]!.subarray(0, 1024);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 8192 }), (tail) => {
        try {
          readPeVersion(bufferSource(Buffer.concat([head, tail])), 'x');
        } catch (e) {
          if (!(e instanceof PeError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
