import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsProbeScript } from '../../src/probes/windows.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { findPwsh, skipWithout } from '../helpers/real.js';

/**
 * Every command the assembled Windows probe calls, and every parameter it passes, exists in Windows
 * PowerShell 5.1 as Microsoft's own catalog records it (test/windows/ps51-catalog.json, copied from
 * PSScriptAnalyzer's desktop-5.1.14393.206-windows.json); commands from optional modules each have a
 * tested fallback.
 */
interface CatalogEntry {
  module: string;
  name: string;
  commandType: string;
  parameterSets: string;
}
interface Call {
  name: string;
  parameters: string[];
  line: number;
}

const here = import.meta.dirname;
const catalog = JSON.parse(readFileSync(join(here, 'ps51-catalog.json'), 'utf8')) as { source: string; commands: CatalogEntry[] };
const REFERENCE = '/work/shared/reference/windows-powershell/desktop-5.1.14393.206-windows.json';
// about_CommonParameters (Windows PowerShell 5.1).
const COMMON = [
  'Verbose',
  'Debug',
  'ErrorAction',
  'WarningAction',
  'InformationAction',
  'ErrorVariable',
  'WarningVariable',
  'InformationVariable',
  'OutVariable',
  'OutBuffer',
  'PipelineVariable',
];
// Modules that are not on every Windows: each command of theirs needs a fallback, tested where named.
const OPTIONAL = ['Appx', 'Defender', 'NetConnection', 'Storage', 'BitLocker', 'ServerManager'];
const FALLBACKS: Record<string, { file: string; test: string }> = {
  'Get-AppxPackage': { file: 'appx.Tests.ps1', test: 'falls back to the per-user AppxAllUserStore keys when the Appx cmdlets fail (remote, session 0)' },
  'Get-MpComputerStatus': {
    file: 'agents.Tests.ps1',
    test: 'falls back to the Defender policies and the service when Get-MpComputerStatus (Defender module) is missing',
  },
  'Get-NetConnectionProfile': { file: 'appx.Tests.ps1', test: 'reports connectivity as unknown, keeping the policy, when Get-NetConnectionProfile fails' },
  'Get-Partition': { file: 'storage.Tests.ps1', test: 'still reports the system drive, without partition details, when Get-Partition fails or is missing' },
};

const pwsh = findPwsh();
let dir = '';
let calls: Call[] = [];
beforeAll(async () => {
  if (!pwsh.available) return;
  dir = mkdtempSync(join(tmpdir(), 'preseal-ps51cat-'));
  const file = join(dir, 'probe.ps1');
  writeFileSync(file, windowsProbeScript());
  const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', join(here, 'ps51-commands.ps1'), '-Path', file], '', {
    timeoutMs: 120_000,
  });
  expect(run.code, run.stderr.toString()).toBe(0);
  calls = JSON.parse(run.stdout.toString('utf8')) as Call[];
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const entry = (name: string) => catalog.commands.find((c) => c.name.toLowerCase() === name.toLowerCase());
/** The parameter names of a command's syntax text ("[-Name <string[]>] -Path <string> [-Force]"). */
const parametersOf = (e: CatalogEntry) => new Set([...e.parameterSets.matchAll(/-(\w+)/g)].map((m) => (m[1] as string).toLowerCase()));

describe('the catalog copy', () => {
  it.skipIf(!existsSync(REFERENCE))('holds the reference entries unchanged', () => {
    const ref = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { Modules: { Name: string; ExportedCommands?: unknown }[] };
    for (const c of catalog.commands) {
      const module = ref.Modules.find((m) => m.Name === c.module);
      const exported = module?.ExportedCommands;
      const list = (Array.isArray(exported) ? exported : exported ? [exported] : []) as { Name: string; CommandType: string; ParameterSets: string }[];
      const found = list.find((x) => x.Name === c.name);
      expect(found, `${c.module}\\${c.name}`).toBeDefined();
      expect({ commandType: c.commandType, parameterSets: c.parameterSets }).toEqual({ commandType: found?.CommandType, parameterSets: found?.ParameterSets });
    }
  });
});

describe.skipIf(skipWithout(pwsh, 'the probe command catalog check'))('the Windows probe against the Windows PowerShell 5.1 catalog', () => {
  it("finds the probe's commands", () => {
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(['Get-CimInstance', 'Get-ItemProperty', 'Get-AppxPackage']));
  });

  it('calls only commands that Windows PowerShell 5.1 has', () => {
    const missing = [...new Set(calls.filter((c) => !entry(c.name)).map((c) => `${c.name} (probe line ${c.line})`))];
    expect(missing, 'add the entry from the 5.1 catalog to test/windows/ps51-catalog.json, or do not call it').toEqual([]);
  });

  it('passes only parameters those commands have in 5.1', () => {
    const wrong: string[] = [];
    for (const c of calls) {
      const e = entry(c.name);
      if (!e) continue;
      const known = parametersOf(e);
      for (const p of c.parameters) {
        const lower = p.toLowerCase();
        // PowerShell accepts an unambiguous prefix of a parameter name.
        const matches = [...known].filter((k) => k === lower || k.startsWith(lower));
        if (matches.length === 0 && !COMMON.some((x) => x.toLowerCase() === lower)) wrong.push(`${c.name} -${p} (probe line ${c.line})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has a tested fallback for every command of an optional module', () => {
    const optional = [
      ...new Set(
        calls
          .map((c) => entry(c.name))
          .filter((e): e is CatalogEntry => !!e && OPTIONAL.includes(e.module))
          .map((e) => e.name),
      ),
    ].sort();
    expect(optional).toEqual(Object.keys(FALLBACKS).sort());
    for (const [command, { file, test }] of Object.entries(FALLBACKS)) {
      const text = readFileSync(join(here, 'pester', file), 'utf8');
      expect(text.includes(`It '${test.replace(/'/g, "''")}'`), `${command}: Pester test "${test}" in ${file}`).toBe(true);
    }
  });
});
