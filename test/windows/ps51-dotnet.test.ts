import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { windowsProbeScript } from '../../src/probes/windows.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { findPwsh, skipWithout, type RealPart } from '../helpers/real.js';

/**
 * Every .NET type the Windows probe names, and every static member it calls on one, exists in the
 * .NET Framework 4.6.2 reference assemblies (what Windows Server 2016 ships; Windows PowerShell 5.1
 * runs on .NET Framework). Instance members on untyped variables cannot be checked statically.
 * The assemblies come from NuGet: `dotnet restore .ci/refasm/refasm.csproj`.
 */
function findReferenceAssemblies(): RealPart {
  const pkg = join(homedir(), '.nuget/packages/microsoft.netframework.referenceassemblies.net462');
  const version = existsSync(pkg) ? readdirSync(pkg).sort().at(-1) : undefined;
  const path = version ? join(pkg, version, 'build/.NETFramework/v4.6.2') : '';
  return path && existsSync(path)
    ? { available: true, path, why: '' }
    : { available: false, path: '', why: '.NET Framework 4.6.2 reference assemblies not found (run: dotnet restore .ci/refasm/refasm.csproj)' };
}

const pwsh = findPwsh();
const refs = findReferenceAssemblies();
const skip = skipWithout(pwsh, 'the .NET member check') || skipWithout(refs, 'the .NET member check');
const dir = mkdtempSync(join(tmpdir(), 'preseal-dotnet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(script: string): Promise<{ checked: string[]; missing: string[]; powershell: string[] }> {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.ps1`);
  writeFileSync(file, script);
  const run = await spawnWithInput(
    pwsh.path,
    ['-NoProfile', '-NonInteractive', '-File', join(import.meta.dirname, 'ps51-dotnet.ps1'), '-Path', file, '-ReferenceDir', refs.path],
    '',
    {
      timeoutMs: 300_000,
    },
  );
  expect(run.code, run.stderr.toString()).toBe(0);
  return JSON.parse(run.stdout.toString('utf8')) as { checked: string[]; missing: string[]; powershell: string[] };
}

describe.skipIf(skip)('the Windows probe against the .NET Framework 4.6.2 reference assemblies', () => {
  it('names only types and static members that .NET Framework 4.6.2 has', async () => {
    const r = await check(windowsProbeScript());
    expect(r.missing).toEqual([]);
    expect(r.checked).toEqual(
      expect.arrayContaining([
        'System.IO.DirectoryInfo',
        'Microsoft.Win32.Registry::LocalMachine',
        'Microsoft.Win32.RegistryKey::OpenBaseKey',
        'Microsoft.Win32.RegistryView::Registry64',
        'Microsoft.Win32.RegistryValueOptions::DoNotExpandEnvironmentNames',
        'System.Environment::Is64BitOperatingSystem',
        'System.Collections.Generic.Queue`1',
      ]),
    );
    // PowerShell's own types ship with Windows PowerShell, not with .NET Framework.
    expect(r.powershell.every((t) => /^(System\.)?Management\.Automation\./.test(t))).toBe(true);
  }, 300_000);

  it('tells a member .NET Framework 4.6.2 lacks from one it has', async () => {
    const r = await check(
      "[IO.Path]::Join('a', 'b')\n[IO.Path]::Combine('a', 'b')\n[string]::IsNullOrWhiteSpace('')\nNew-Object System.Text.Json.JsonDocumentOptions",
    );
    expect(r.missing.map((m) => m.replace(/^line \d+: /, ''))).toEqual(['[IO.Path]::Join', 'New-Object System.Text.Json.JsonDocumentOptions']);
    expect(r.checked).toEqual(expect.arrayContaining(['System.IO.Path::Combine', 'System.String::IsNullOrWhiteSpace']));
  }, 300_000);
});
