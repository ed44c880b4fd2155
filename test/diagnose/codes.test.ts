import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codesIn, decodeCode, HRESULT_CODES, NTSTATUS_CODES, WIN32_CODES } from '../../src/diagnose/codes.js';
import { classifyEntries, splitEntries } from '../../src/diagnose/match.js';
import { providerIn } from '../../src/diagnose/providers.js';
import { skipWithout } from '../helpers/real.js';
import { corpus } from './corpus.js';

// MinGW-w64's headers (Debian package mingw-w64-x86-64-dev) are an independent transcription of
// the Windows SDK's error codes: every name and value we decode must agree with them.
const INCLUDE = '/usr/x86_64-w64-mingw32/include';
const headers = {
  available: existsSync(`${INCLUDE}/winerror.h`),
  path: INCLUDE,
  why: 'MinGW-w64 headers not found (install: apt-get install mingw-w64-x86-64-dev)',
};

function definedValue(text: string, name: string): number | undefined {
  const m = new RegExp(
    `(?:#define\\s+${name}\\s+(?:__MSABI_LONG\\(|_HRESULT_TYPEDEF_\\(|\\(\\(NTSTATUS\\))(0x[0-9A-Fa-f]+|\\d+)|\\b${name}\\s*=\\s*(0x[0-9A-Fa-f]+))`,
  ).exec(text);
  const v = m?.[1] ?? m?.[2];
  return v === undefined ? undefined : Number(v) >>> 0;
}

describe.skipIf(skipWithout(headers, 'error codes against MinGW-w64 headers'))('error codes against MinGW-w64 headers', () => {
  const text = ['winerror.h', 'ntstatus.h', 'wbemcli.h'].map((f) => readFileSync(`${INCLUDE}/${f}`, 'latin1')).join('\n');
  it('every named Win32, HRESULT and NTSTATUS code has the value the SDK headers give it', () => {
    const checked: string[] = [];
    const missing: string[] = [];
    for (const c of [...WIN32_CODES, ...HRESULT_CODES, ...NTSTATUS_CODES]) {
      if (!c.name) continue;
      const v = definedValue(text, c.name);
      if (v === undefined) missing.push(c.name);
      else {
        expect(v, c.name).toBe(c.value >>> 0);
        checked.push(c.name);
      }
    }
    // The FVE_* BitLocker codes are not in MinGW's headers; they are cited from Microsoft's Win32 metadata.
    expect(missing.sort()).toEqual(['FVE_E_LOCKED_VOLUME', 'FVE_E_NOT_DECRYPTED']);
    expect(checked.length).toBeGreaterThan(30);
  });
});

describe('decoding codes', () => {
  it('unwraps HRESULT_FROM_WIN32 and HRESULT_FROM_NT, and reads Win32 codes logged as dwRet', () => {
    expect(decodeCode(0x80070005)).toMatchObject({ code: '0x80070005', kind: 'HRESULT', name: 'HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)' });
    expect(decodeCode(0x5)).toMatchObject({ code: '0x5', kind: 'Win32', name: 'ERROR_ACCESS_DENIED' });
    expect(decodeCode(0x80073cf2)).toMatchObject({ name: 'HRESULT_FROM_WIN32(ERROR_INSTALL_INVALID_PACKAGE)', ruleId: 'W024' });
    expect(decodeCode(0xd0000022)).toMatchObject({ kind: 'NTSTATUS', name: 'STATUS_ACCESS_DENIED' });
    expect(decodeCode(0x80310039)).toMatchObject({ name: 'FVE_E_NOT_DECRYPTED', ruleId: 'W023' });
    expect(decodeCode(0xc004d307)).toMatchObject({ ruleId: 'W013' });
    expect(decodeCode(0x12345678)).toBeUndefined();
  });

  it('finds result codes in every way Sysprep writes them, and sets GetLastError values apart', () => {
    const codes = codesIn('RunExternalDlls: halting sysprep execution. dwRet = 0x2[gle=0x00000006]');
    expect(codes.map((c) => [c.code, c.role])).toEqual([
      ['0x2', 'result'],
      ['0x6', 'last-error'],
    ]);
    expect(codesIn('SYSPRP BCD: BiCreateMergedBootEntry failed c0000225').map((c) => c.name)).toEqual(['STATUS_NOT_FOUND']);
    expect(codesIn('FindWinReSourceImageAndPartition Error 0X2 while searching').map((c) => c.name)).toEqual(['ERROR_FILE_NOT_FOUND']);
    // An HRESULT logged in signed decimal (the rearm signature accepts this form too).
    expect(codesIn("Failure occurred while executing 'C:\\Windows\\System32\\slc.dll,SLReArmWindows', returned error code -1073425657")).toMatchObject([
      { code: '0xC004D307', ruleId: 'W013' },
    ]);
  });

  it('names providers in the three ways Sysprep logs them', () => {
    expect(
      providerIn("Failure occurred while executing 'ValidateBitLockerState' from C:\\Windows\\System32\\BdeSysprep.dll; dwRet = 0x80310039"),
    ).toMatchObject({
      name: 'ValidateBitLockerState from BdeSysprep.dll',
      known: { ruleId: 'W023' },
    });
    expect(
      providerIn("LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\slc.dll,SLReArmWindows', returned error code -1073425657")?.name,
    ).toBe('SLReArmWindows from slc.dll');
    expect(providerIn('MRTGeneralize:140 - ERROR: Failed DeleteInstance')?.known?.ruleId).toBe('W034');
    expect(providerIn('Entering SysprepGeneralizeValidate (Appx) - validating whether all apps are also provisioned.')?.name).toBe(
      'SysprepGeneralizeValidate from AppxSysprep.dll',
    );
  });

  it('reads both renderings of the message id', async () => {
    const { parseEntry } = await import('../../src/diagnose/match.js');
    expect(parseEntry('2018-09-15 18:08:32, Error      [0x0f00d8] SYSPRP WinMain:Hit failure').messageId).toBe('0x0F00D8');
    expect(parseEntry('2018-09-15 18:08:32, Error      983256 (0xf00d8) SYSPRP WinMain:Hit failure')).toMatchObject({
      messageId: '0x0F00D8',
      message: 'SYSPRP WinMain:Hit failure',
    });
    // Two numbers that do not agree are not a message id: they stay in the message.
    expect(parseEntry('2018-09-15 18:08:32, Error      1234 (0x99) SYSPRP x').messageId).toBeNull();
  });
});

describe('the corpus of real published failure lines', () => {
  for (const c of corpus) {
    it(`explains every line that names a code or a provider (${c.source}, ${c.lines.length} lines)`, () => {
      const entries = splitEntries(c.lines.join('\r\n'));
      expect(entries.length, 'one entry per posted line').toBe(c.lines.length);
      const { diagnoses, unrecognized } = classifyEntries(c.file, entries, c.file === 'setuperr.log');
      for (const u of unrecognized) {
        expect(
          codesIn(u.text).filter((x) => x.role === 'result'),
          `unrecognized line names a known code: ${u.text}`,
        ).toEqual([]);
        expect(providerIn(u.text), `unrecognized line names a provider: ${u.text}`).toBeNull();
      }
      for (const [line, want] of Object.entries(c.expect)) {
        const d = diagnoses.find((x) => x.line === Number(line));
        expect(d, `line ${line} is explained`).toBeDefined();
        if (!d) continue;
        if ('ruleId' in want) expect(d.ruleId, `line ${line} rule`).toBe(want.ruleId);
        if (want.code) expect(d.codes[0]?.code, `line ${line} code`).toBe(want.code);
        if (want.provider) expect(d.provider, `line ${line} provider`).toBe(want.provider);
        if (want.causedBy) expect(d.causedBy, `line ${line} follows`).toBe(want.causedBy);
        expect(d.cause.length).toBeGreaterThan(20);
      }
    });
  }
});
