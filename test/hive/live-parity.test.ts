/**
 * Live and offline give the same facts for the same registry: the live probe's PowerShell
 * collector (real pwsh, real lib.ps1 and collector) runs with its registry reads served from a
 * real hive, and its facts must equal what the offline derivation makes of the same hive.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { setupStatusDerivation } from '../../src/windows-offline/derive/setup-status.js';
import type { Derivation } from '../../src/windows-offline/derive/define.js';
import { deriveGroups } from '../../src/windows-offline/derive/run.js';
import { openHiveFile } from '../../src/windows-offline/index.js';
import { rawReadsFrom, readPlan } from '../../src/windows-offline/raw-reads.js';
import { HiveRegistry } from '../../src/windows-offline/registry-source.js';
import { findPwsh, skipWithout } from '../helpers/real.js';
import { buildHive, requireHivex, unpack } from './helpers.js';

const pwsh = findPwsh();
const skip = skipWithout(pwsh, 'live/offline parity');
const probeDir = join(import.meta.dirname, '../../src/probes/windows');
const harness = join(import.meta.dirname, 'registry-from-hive.ps1');

/** The collector's output when its registry is the hive at `path`. */
async function liveFacts(path: string, d: Derivation<unknown>, collector: string, fn: string): Promise<unknown> {
  const registry = new HiveRegistry((h) => (h === 'SYSTEM' ? openHiveFile(path) : `${h} hive not present`));
  const reads = rawReadsFrom(registry, readPlan([d]));
  const hklm = (hive: string, key: string) => `HKLM:\\${hive}\\${key}`;
  const data = {
    keys: reads.filter((r) => r.value === null && 'data' in r).map((r) => hklm(r.hive, r.key)),
    values: reads.flatMap((r) => (r.value !== null && 'data' in r ? [{ path: hklm(r.hive, r.key), name: r.value, type: r.type, data: r.data }] : [])),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'preseal-parity-')), 'registry.json');
  writeFileSync(file, JSON.stringify(data));
  const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', harness, probeDir, collector, fn, file], '', { timeoutMs: 60_000 });
  expect(run.stderr.toString()).toBe('');
  return JSON.parse(run.stdout.toString());
}

function offlineFacts(path: string, d: Derivation<unknown>): unknown {
  const registry = new HiveRegistry((h) => (h === 'SYSTEM' ? openHiveFile(path) : `${h} hive not present`));
  const out = deriveGroups(registry, [d]);
  return d.group in out.facts ? { facts: out.facts[d.group] } : { error: out.errors[d.group] };
}

describe.skipIf(skip)('setupStatus: Get-PresealSetupStatus on the hive = the offline derivation', () => {
  for (const name of ['SYSTEM', 'SYSTEM_2']) {
    it(`the real ${name} hive`, async () => {
      const path = join(unpack(name), name);
      const offline = offlineFacts(path, setupStatusDerivation);
      expect(offline).toEqual({ facts: { systemSetupInProgress: 0, oobeInProgress: 0, setupType: 0, setupPhase: 0, auditBoot: 0, childCompletionSetup: 3 } });
      expect(await liveFacts(path, setupStatusDerivation, 'setup-state', 'Get-PresealSetupStatus')).toEqual(offline);
    });
  }

  it('values of unexpected types, written with python3-hivex, convert the same way', async () => {
    requireHivex();
    const utf16 = (s: string) => Buffer.from(s, 'utf16le').toString('hex');
    const path = buildHive(
      {
        keys: [
          {
            path: ['Setup'],
            values: [
              { name: 'SystemSetupInProgress', type: 1, hex: utf16(' 1\0') },
              { name: 'OOBEInProgress', type: 3, hex: '05' },
              { name: 'SetupType', type: 7, hex: utf16('2\0\0') },
              { name: 'SetupPhase', type: 11, hex: '0400000000000000' },
            ],
          },
          { path: ['Setup', 'Status'], values: [{ name: 'AuditBoot', type: 4, hex: 'ffffffff' }] },
          { path: ['Setup', 'Status', 'ChildCompletion'], values: [{ name: 'setup.exe', type: 3, hex: '0102' }] },
        ],
      },
      unpack(),
      'setup-types',
    );
    const offline = offlineFacts(path, setupStatusDerivation);
    expect(offline).toEqual({ facts: { systemSetupInProgress: 1, oobeInProgress: 5, setupType: 2, setupPhase: 4, auditBoot: -1, childCompletionSetup: null } });
    expect(await liveFacts(path, setupStatusDerivation, 'setup-state', 'Get-PresealSetupStatus')).toEqual(offline);
  });

  it('a hive without a Setup key: both say HKLM\\SYSTEM\\Setup is not readable', async () => {
    const path = join(unpack('SAM'), 'SAM');
    const offline = offlineFacts(path, setupStatusDerivation);
    expect(offline).toEqual({ error: 'HKLM\\SYSTEM\\Setup is not readable' });
    expect(await liveFacts(path, setupStatusDerivation, 'setup-state', 'Get-PresealSetupStatus')).toEqual(offline);
  });
});
