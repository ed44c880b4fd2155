import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnosePaths } from '../../src/diagnose/command.js';
import { classifyEntries, splitEntries } from '../../src/diagnose/match.js';
import { decodeLog } from '../../src/diagnose/read.js';
import { noise, signatures } from '../../src/diagnose/signatures.js';
import { UsageError } from '../../src/errors.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';

const fx = (p: string) => join(repoRoot, 'fixtures', 'panther', p);

describe('signature catalog', () => {
  it('has at least 25 signatures, unique ids, each with a cited https source', () => {
    expect(signatures.length).toBeGreaterThanOrEqual(25);
    expect(new Set(signatures.map((s) => s.id)).size).toBe(signatures.length);
    for (const s of [...signatures, ...noise]) expect(s.source.url, s.id).toMatch(/^https:\/\//);
  });

  it('names rules that exist in the catalog', async () => {
    const { rules } = await import('../../rules/index.js');
    const ids = new Set(rules.map((r) => r.id));
    for (const s of signatures) if (s.ruleId) expect(ids.has(s.ruleId), `${s.id} -> ${s.ruleId}`).toBe(true);
  });

  // Lines quoted in the cited sources, verbatim apart from the timestamp.
  const real: [string, string, string | null][] = [
    [
      'Error                 SYSPRP Package Microsoft.Copilot_0.4.2.0_neutral__8wekyb3d8bbwe was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.',
      'appx-not-provisioned',
      'Microsoft.Copilot_0.4.2.0_neutral__8wekyb3d8bbwe',
    ],
    [
      "Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\slc.dll, SLReArmWindows', returned error code -1073425657",
      'rearm-failed',
      'C:\\Windows\\System32\\slc.dll -1073425657',
    ],
    [
      'Error                 SYSPRP Sysprep_Clean_Validate_Opk: Audit mode cannot be turned on if reserved storage is in use. An update or servicing operation may be using reserved storage.; hr = 0x800F0975',
      'reserved-storage-in-use',
      null,
    ],
    ['Error      [0x0f00b0] SYSPRP spopk.dll:: Failed to query pending CBS operations; hr = 0x80080005', 'cbs-pending-query-failed', '0x80080005'],
    [
      'Error                 SYSPRP MRTGeneralize:116 - ERROR: Failed DeleteInstance AntiVirusProduct.instanceGuid="{D68DDC3A-831F-4FAE-9E44-DA132C1ACF46}" hr=2147749904',
      'mrt-generalize-failed',
      'AntiVirusProduct.instanceGuid="{D68DDC3A-831F-4FAE-9E44-DA132C1ACF46}"',
    ],
    [
      "Error      [0x0f0073] SYSPRP RunExternalDlls:Not running DLLs; either the machine is in an invalid state or we couldn't update the recorded state, dwRet = 0x1f",
      'invalid-state',
      null,
    ],
    [
      "Error [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'C:\\Windows\\System32\\spbcd.dll,Sysprep_Generalize_Bcd', returned error code 2[gle=0x00000012]",
      'bcd-generalize-failed',
      'C:\\Windows\\System32\\spbcd.dll,Sysprep_Generalize_Bcd',
    ],
    [
      'Error                 SYSPRP Sysprep_Clean_Validate_Opk: There are one or more Windows updates that require a reboot. To run Sysprep, reboot the computer and restart the application.[gle=0x000036b7]',
      'updates-need-reboot',
      null,
    ],
    [
      "Error                 SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'Contoso_Cleanup' from C:\\Program Files\\Contoso\\ContosoSysprep.dll; dwRet = 0x1",
      'provider-failed',
      'Contoso_Cleanup from C:\\Program',
    ],
  ];
  it.each(real)('recognizes %s', (line, id, object) => {
    const { diagnoses, unrecognized } = classifyEntries('setupact.log', [{ line: 1, text: `2024-01-05 10:12:33, ${line}` }], false);
    expect(unrecognized).toEqual([]);
    expect(diagnoses.map((d) => d.signature)).toEqual([id]);
    if (object !== null) expect(diagnoses[0]?.object).toBe(object);
  });

  it('does not report lines that also appear in healthy runs, nor info lines', () => {
    const text = [
      '2024-02-10 08:00:09, Error                 SYSPRP setupdigetclassdevs failed with error 0',
      '2024-02-10 08:00:01, Warning               SYSPRP WinMain: File operations pending',
      "2024-02-10 08:00:02, Info                  SYSPRP ActionPlatform::LaunchModule: Executing method 'SysprepGeneralizeValidate' from C:\\Windows\\System32\\AppxSysprep.dll",
    ].join('\r\n');
    const c = classifyEntries('setupact.log', splitEntries(text), false);
    expect(c).toEqual({ diagnoses: [], unrecognized: [], noise: 1 });
  });
});

describe('decoding', () => {
  it('reads UTF-16LE with a BOM, UTF-8 with a BOM and Windows-1252', () => {
    const s = '2024-01-05 10:12:33, Error SYSPRP Dépôt';
    expect(decodeLog(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]))).toBe(s);
    expect(decodeLog(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]))).toBe(s);
    expect(decodeLog(Buffer.from(s, 'latin1'))).toBe(s);
    expect(decodeLog(Buffer.from(s, 'utf16le'))).toBe(s);
  });
});

describe('diagnosePaths on the Panther fixtures', () => {
  it('finds both per-user packages and folds setuperr.log into setupact.log', () => {
    const { report, repeated } = diagnosePaths([fx('appx-failure')]);
    const causes = report.diagnoses.filter((d) => d.signature === 'appx-not-provisioned');
    expect(causes.map((d) => [d.object, d.line, d.ruleId])).toEqual([
      ['Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe', 18, 'W024'],
      ['NotepadPlusPlus_1.0.0.0_neutral__7njy0v32s6xk6', 19, 'W024'],
    ]);
    expect(report.diagnoses.every((d) => d.file.endsWith('setupact.log'))).toBe(true);
    expect(repeated[fx('appx-failure/setuperr.log')]).toBe(9);
    expect(report.unrecognized).toEqual([]);
  });

  it('reads a UTF-16LE log and joins the continuation line', () => {
    const { report } = diagnosePaths([fx('bitlocker-utf16/setupact.log')]);
    const first = report.diagnoses[0];
    expect(first?.signature).toBe('bitlocker-on');
    expect(first?.ruleId).toBe('W023');
    expect(first?.text).toContain('(0x80310039) [gle=0x00000001]');
  });

  it('reads an ANSI setuperr.log and explains a line no signature knows by its code', () => {
    const { report } = diagnosePaths([fx('mde-ansi/setuperr.log')]);
    expect(report.diagnoses[0]?.object).toBe('HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows Advanced Threat Protection\\senseGuid');
    expect(report.unrecognized).toEqual([]);
    const byCode = report.diagnoses.find((d) => d.line === 8);
    expect(byCode).toMatchObject({ signature: 'error-code', component: 'SYSPRP', text: expect.stringContaining('Dépôt C:\\ProgramData\\Contoso\\état.db') });
    expect(byCode?.codes.map((c) => c.name)).toEqual(['ERROR_SHARING_VIOLATION']);
  });

  it('lists a line that names neither a known code nor a provider as unrecognized', () => {
    const c = classifyEntries('setuperr.log', splitEntries('2024-01-05 10:12:33, Error SYSPRP ContosoAgent: cleanup failed; dwRet = 0x130'), true);
    expect(c.diagnoses).toEqual([]);
    expect(c.unrecognized.map((u) => u.line)).toEqual([1]);
  });

  it('walks a folder with several logs', () => {
    const { files, report } = diagnosePaths([fx('multi')]);
    expect(files).toHaveLength(3);
    expect(new Set(report.diagnoses.filter((d) => d.ruleId).map((d) => d.ruleId))).toEqual(new Set(['W032', 'W044']));
    expect(report.unrecognized).toEqual([]);
    const uncatalogued = report.diagnoses.find((d) => d.text.includes('Something nobody has catalogued yet'));
    expect(uncatalogued).toMatchObject({
      signature: 'error-code',
      component: 'Shell Unattend',
      title: 'Shell Unattend failed with HRESULT_FROM_WIN32(ERROR_INVALID_DATA)',
    });
  });

  it('throws a UsageError for a path that cannot be read and for a folder without logs', () => {
    expect(() => diagnosePaths([fx('does-not-exist')])).toThrow(UsageError);
    const empty = mkdtempSync(join(tmpdir(), 'preseal-diag-'));
    expect(() => diagnosePaths([empty])).toThrow(/no setupact.log or setuperr.log/);
  });
});

describe('preseal diagnose (built CLI)', () => {
  beforeAll(() => {
    ensureBuilt();
  }, 180_000);

  it('prints exactly the JSON contract and exits 1 on a failed run', async () => {
    const r = await runCli(['diagnose', fx('appx-failure'), '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'diagnoses', 'unrecognized']);
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json.diagnoses[0])).toEqual([
      'signature',
      'title',
      'cause',
      'remediation',
      'ruleId',
      'object',
      'file',
      'line',
      'text',
      'messageId',
      'component',
      'codes',
      'provider',
      'causedBy',
    ]);
    expect(json.diagnoses[0].object).toBe('Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe');
  });

  it('exits 0 on a healthy log and says so', async () => {
    const r = await runCli(['diagnose', fx('healthy')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no Sysprep errors found');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('prints the cause, fix and rule in the pretty format', async () => {
    const r = await runCli(['diagnose', fx('bitlocker-utf16/setupact.log'), fx('mde-ansi')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BitLocker is on for the OS volume (0x80310039)');
    expect(r.stdout).toContain('W033');
    expect(r.stdout).toContain('Disable-BitLocker -MountPoint C:');
    expect(r.stdout).toContain('A Sysprep step failed with ERROR_SHARING_VIOLATION');
    expect(r.stdout).toContain('code:   0x20 ERROR_SHARING_VIOLATION: another process has the file open');
  });

  it('exits 2 with one line and a hint when a path cannot be read', async () => {
    const r = await runCli(['diagnose', fx('nope.log')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^preseal: cannot read .*nope\.log: ENOENT\n {2}hint: /);
  });

  it('reads a log written by PowerShell 5.1 Out-File (UTF-16LE with BOM) from a temp folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-diag-'));
    const text = readFileSync(fx('appx-failure/setupact.log'), 'utf8');
    writeFileSync(join(dir, 'setupact.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await runCli(['diagnose', dir, '-f', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnoses.filter((d: { signature: string }) => d.signature === 'appx-not-provisioned')).toHaveLength(2);
  });
});
