import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { findPwsh, requireReal, skipWithout, type RealPart } from '../helpers/real.js';

const root = join(import.meta.dirname, '../..');

/** Pester 5.7.1: $PRESEAL_PESTER, else the NuGet cache that `dotnet restore .ci/pester/pester.csproj` fills. */
function findPester(): RealPart {
  const path = [process.env['PRESEAL_PESTER'], join(homedir(), '.nuget/packages/pester/5.7.1/tools/Pester.psd1')].find(
    (p): p is string => !!p && existsSync(p),
  );
  return path
    ? { available: true, path, why: '' }
    : { available: false, path: '', why: 'Pester 5.7.1 not found (run: dotnet restore .ci/pester/pester.csproj, or set PRESEAL_PESTER)' };
}

const pwsh = findPwsh();
const pester = findPester();
const skip = skipWithout(pwsh, 'Pester tests') || skipWithout(pester, 'Pester tests');
// Every Pester file under test/ (today all in test/windows/pester). (Node 20 has no fs.globSync.)
function pesterFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : pesterFiles(rel);
    return /\/pester\/[^/]+\.Tests\.ps1$/.test(rel) ? [rel] : [];
  });
}
const files = pesterFiles('test').sort();

describe('the Pester files', () => {
  it('are named after what they test: test/windows/pester/<collector>.Tests.ps1, lib.Tests.ps1 or fixtures.Tests.ps1', () => {
    const collectors = readdirSync(join(root, 'src/probes/windows/collectors')).map((f) => f.replace(/\.ps1$/, ''));
    const allowed = new Set([...collectors, 'lib', 'fixtures'].map((n) => `test/windows/pester/${n}.Tests.ps1`));
    expect(files.filter((f) => !allowed.has(f))).toEqual([]);
  });
});

interface PesterCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  containersFailed: number;
  failures: string[];
}

describe.skipIf(skip)('Pester tests of the Windows collectors (real pwsh)', () => {
  it('finds the Pester test files', () => {
    expect(files).toContain('test/windows/pester/lib.Tests.ps1');
    if (requireReal) expect(files.length).toBeGreaterThan(0);
  });

  it('passes every Pester test', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-pester-'));
    const out = join(dir, 'result.json');
    const script = [
      "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'",
      `Import-Module '${pester.path.replace(/'/g, "''")}'`,
      '$c = New-PesterConfiguration',
      `$c.Run.Path = @(${files.map((f) => `'${join(root, f).replace(/'/g, "''")}'`).join(', ')})`,
      '$c.Run.PassThru = $true',
      "$c.Output.Verbosity = 'None'",
      '$r = Invoke-Pester -Configuration $c',
      '$failures = @($r.Failed | ForEach-Object { "$($_.ExpandedPath): $($_.ErrorRecord | Select-Object -First 1)" }) + @($r.Containers | Where-Object { $_.Result -eq \'Failed\' } | ForEach-Object { "container $($_.Item): $($_.ErrorRecord | Select-Object -First 1)" })',
      '$o = [ordered]@{ total = $r.TotalCount; passed = $r.PassedCount; failed = $r.FailedCount; skipped = $r.SkippedCount; notRun = $r.NotRunCount; containersFailed = $r.FailedContainersCount; failures = @($failures) }',
      `[IO.File]::WriteAllText('${out.replace(/'/g, "''")}', (ConvertTo-Json -InputObject $o -Depth 4))`,
    ].join('\n');
    try {
      const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-Command', '-'], script, { timeoutMs: 900_000 });
      expect(existsSync(out), `Pester wrote no result: ${run.stderr.toString('utf8').slice(-2000)}`).toBe(true);
      const counts = JSON.parse(readFileSync(out, 'utf8')) as PesterCounts;
      console.log(
        `Pester over ${files.map((f) => relative('test', f)).join(', ')}: ${counts.total} tests, ${counts.passed} passed, ${counts.failed} failed, ` +
          `${counts.skipped} skipped, ${counts.notRun} not run, ${counts.containersFailed} files failed to run`,
      );
      expect(counts.failures, counts.failures.join('\n')).toEqual([]);
      expect(counts.failed).toBe(0);
      expect(counts.containersFailed).toBe(0);
      expect(counts.passed).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
