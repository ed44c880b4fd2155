/**
 * Live and offline give the same facts for the same registry: the live probe's PowerShell
 * collector (real pwsh, real lib.ps1 and collector) runs with its registry reads served from
 * real hives and its files from a Windows folder, and its facts must equal what the offline
 * derivation makes of the same data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnWithInput } from '../../src/transports/spawn.js';
import type { Derivation } from '../../src/windows-offline/derive/define.js';
import { deriveGroups } from '../../src/windows-offline/derive/run.js';
import { setupStatusDerivation } from '../../src/windows-offline/derive/setup-status.js';
import { sysprepStateDerivation } from '../../src/windows-offline/derive/sysprep-state.js';
import { openHiveFile } from '../../src/windows-offline/index.js';
import { rawReadsFrom, readPlan } from '../../src/windows-offline/raw-reads.js';
import { HiveRegistry, type HiveName } from '../../src/windows-offline/registry-source.js';
import { findPwsh, skipWithout } from '../helpers/real.js';
import { buildHive, requireHivex, unpack } from './helpers.js';

const pwsh = findPwsh();
const skip = skipWithout(pwsh, 'live/offline parity');
const probeDir = join(import.meta.dirname, '../../src/probes/windows');
const harness = join(import.meta.dirname, 'registry-from-hive.ps1');

interface Machine {
  hives: Partial<Record<HiveName, string>>;
  /** Files below %WINDIR%, by path relative to it. */
  files?: Record<string, Buffer>;
}

function registryOf(m: Machine): HiveRegistry {
  return new HiveRegistry(
    (h) => (m.hives[h] ? openHiveFile(m.hives[h]) : `${h} hive not present`),
    (path) => (m.files?.[path] ? { kind: 'file', data: m.files[path] } : { kind: 'absent' }),
  );
}

/** What the PowerShell collector `fn` returns on this machine's registry and files. */
async function liveFacts(m: Machine, d: Derivation<unknown>, collector: string, fn: string): Promise<unknown> {
  const reads = rawReadsFrom(registryOf(m), readPlan([d]));
  const hklm = (hive: string, key: string) => `HKLM:\\${hive}\\${key}`;
  const keys: string[] = [];
  const values: { path: string; name: string; type: number; data: string }[] = [];
  for (const r of reads) {
    if ('windowsFile' in r || !('data' in r)) continue;
    if (r.value === null) keys.push(hklm(r.hive, r.key));
    else values.push({ path: hklm(r.hive, r.key), name: r.value, type: r.type, data: r.data });
  }
  const dir = unpack();
  const winDir = join(dir, 'Windows');
  mkdirSync(winDir);
  for (const [path, data] of Object.entries(m.files ?? {})) {
    const file = join(winDir, ...path.split('\\'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  writeFileSync(join(dir, 'registry.json'), JSON.stringify({ keys, values }));
  const run = await spawnWithInput(
    pwsh.path,
    ['-NoProfile', '-NonInteractive', '-File', harness, probeDir, collector, fn, join(dir, 'registry.json'), winDir],
    '',
    { timeoutMs: 60_000 },
  );
  expect(run.stderr.toString()).toBe('');
  return JSON.parse(run.stdout.toString());
}

function offlineFacts(m: Machine, d: Derivation<unknown>): unknown {
  const out = deriveGroups(registryOf(m), [d]);
  return d.group in out.facts ? { facts: out.facts[d.group] } : { error: out.errors[d.group] };
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le').toString('hex');

describe.skipIf(skip)('setupStatus: Get-PresealSetupStatus on the hive = the offline derivation', () => {
  for (const name of ['SYSTEM', 'SYSTEM_2']) {
    it(`the real ${name} hive`, async () => {
      const m = { hives: { SYSTEM: join(unpack(name), name) } };
      const offline = offlineFacts(m, setupStatusDerivation);
      expect(offline).toEqual({ facts: { systemSetupInProgress: 0, oobeInProgress: 0, setupType: 0, setupPhase: 0, auditBoot: 0, childCompletionSetup: 3 } });
      expect(await liveFacts(m, setupStatusDerivation, 'setup-state', 'Get-PresealSetupStatus')).toEqual(offline);
    });
  }

  it('values of unexpected types, written with python3-hivex, convert the same way', async () => {
    requireHivex();
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
    const m = { hives: { SYSTEM: path } };
    const offline = offlineFacts(m, setupStatusDerivation);
    expect(offline).toEqual({ facts: { systemSetupInProgress: 1, oobeInProgress: 5, setupType: 2, setupPhase: 4, auditBoot: -1, childCompletionSetup: null } });
    expect(await liveFacts(m, setupStatusDerivation, 'setup-state', 'Get-PresealSetupStatus')).toEqual(offline);
  });

  it('a hive without a Setup key: both say HKLM\\SYSTEM\\Setup is not readable', async () => {
    const m = { hives: { SYSTEM: join(unpack('SAM'), 'SAM') } };
    const offline = offlineFacts(m, setupStatusDerivation);
    expect(offline).toEqual({ error: 'HKLM\\SYSTEM\\Setup is not readable' });
    expect(await liveFacts(m, setupStatusDerivation, 'setup-state', 'Get-PresealSetupStatus')).toEqual(offline);
  });
});

describe.skipIf(skip)('sysprepState: Get-PresealSysprepState = the offline derivation', () => {
  /**
   * The real SYSTEM hive (SysprepStatus GeneralizationState 7, CleanupState 2) with a SOFTWARE
   * hive written by python3-hivex holding ImageState IMAGE_STATE_COMPLETE, and a State.ini in
   * UTF-16 with a byte order mark: the values and file Microsoft documents for a deployed image
   * (learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states).
   */
  it('the real SYSTEM hive with a SOFTWARE hive and State.ini', async () => {
    requireHivex();
    const software = buildHive(
      {
        keys: [
          {
            path: ['Microsoft', 'Windows', 'CurrentVersion', 'Setup', 'State'],
            values: [{ name: 'ImageState', type: 1, hex: utf16('IMAGE_STATE_COMPLETE\0') }],
          },
        ],
      },
      unpack(),
      'SOFTWARE',
    );
    const ini = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('[State]\r\nImageState=IMAGE_STATE_UNDEPLOYABLE\r\nImageState = IMAGE_STATE_COMPLETE\r\n', 'utf16le'),
    ]);
    const m = { hives: { SYSTEM: join(unpack('SYSTEM'), 'SYSTEM'), SOFTWARE: software }, files: { 'Setup\\State\\State.ini': ini } };
    const offline = offlineFacts(m, sysprepStateDerivation);
    expect(offline).toEqual({
      facts: { imageState: 'IMAGE_STATE_COMPLETE', stateIniImageState: 'IMAGE_STATE_COMPLETE', generalizationState: 7, cleanupState: 2 },
    });
    expect(await liveFacts(m, sysprepStateDerivation, 'setup-state', 'Get-PresealSysprepState')).toEqual(offline);
  });

  it('SYSTEM_2 without SOFTWARE or State.ini: a missing SOFTWARE hive is an error, not a null ImageState', async () => {
    const m = { hives: { SYSTEM: join(unpack('SYSTEM_2'), 'SYSTEM_2') } };
    expect(offlineFacts(m, sysprepStateDerivation)).toEqual({ error: 'SOFTWARE hive not present' });
  });
});
