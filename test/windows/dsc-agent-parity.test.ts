/**
 * dscAgent: the live collector (real pwsh, real lib.ps1 and agents.ps1, registry reads served
 * from a hive by test/hive/registry-from-hive.ps1) and the offline derivation give the same facts
 * for the same SOFTWARE hive, written with python3-hivex in the shapes the LCM and runner-images
 * leave: AgentId a REG_SZ GUID, blanked to '', or never written. The value itself is in neither.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { windowsContext } from '../../src/windows-offline/derive/define.js';
import { dscAgentDerivation } from '../../src/windows-offline/derive/dsc-agent.js';
import { deriveGroups } from '../../src/windows-offline/derive/run.js';
import { openHiveFile } from '../../src/windows-offline/index.js';
import { rawReadsFrom, readPlan } from '../../src/windows-offline/raw-reads.js';
import { HiveRegistry } from '../../src/windows-offline/registry-source.js';
import { LIVE_ONLY_GROUPS, OFFLINE_DERIVATIONS } from '../../src/windows-offline/volume.js';
import { findPwsh, skipWithout } from '../helpers/real.js';
import { buildHive, requireHivex, unpack } from '../hive/helpers.js';

const pwsh = findPwsh();
const skip = skipWithout(pwsh, 'live/offline parity of dscAgent');
const probeDir = join(import.meta.dirname, '../../src/probes/windows');
const harness = join(import.meta.dirname, '../hive/registry-from-hive.ps1');
const KEY = ['Microsoft', 'DesiredStateConfiguration'];
const AGENT_ID = '4D1C9B2E-7A3F-11EE-8C90-0242AC120002';
const utf16 = (s: string) => Buffer.from(s, 'utf16le').toString('hex');

function registryOf(software: string | undefined): HiveRegistry {
  return new HiveRegistry(
    (h) => (h === 'SOFTWARE' && software ? openHiveFile(software) : `${h} hive not present`),
    () => ({ kind: 'absent' }),
    () => ({ kind: 'absent' }),
  );
}

function offline(software: string | undefined): unknown {
  const out = deriveGroups(registryOf(software), [dscAgentDerivation], windowsContext());
  return 'dscAgent' in out.facts ? { facts: out.facts['dscAgent'] } : { error: out.errors['dscAgent'] };
}

/** Get-PresealDscAgent on the registry the harness serves from the same hive. */
async function live(software: string): Promise<unknown> {
  const reads = rawReadsFrom(registryOf(software), readPlan([dscAgentDerivation]));
  const keys: string[] = [];
  const values: { path: string; name: string; type: number; data: string }[] = [];
  for (const r of reads) {
    if (!('hive' in r) || !('value' in r) || !('data' in r)) continue;
    const path = `HKLM:\\${r.hive}\\${r.key}`;
    if (r.value === null) keys.push(path);
    else values.push({ path, name: r.value, type: r.type, data: r.data });
  }
  const dir = unpack();
  writeFileSync(join(dir, 'registry.json'), JSON.stringify({ keys, values, children: {}, valueNames: {} }));
  const run = await spawnWithInput(
    pwsh.path,
    ['-NoProfile', '-NonInteractive', '-File', harness, probeDir, 'agents', 'Get-PresealDscAgent', join(dir, 'registry.json'), join(dir, 'Windows')],
    '',
    { timeoutMs: 60_000 },
  );
  expect(run.stderr.toString()).toBe('');
  return JSON.parse(run.stdout.toString());
}

function hive(values: { name: string; type: number; hex: string }[] | null): string {
  const keys = values === null ? [{ path: ['Microsoft', 'Windows'] }] : [{ path: KEY, values }];
  return buildHive({ keys }, unpack(), 'SOFTWARE');
}

describe('dscAgent offline', () => {
  it('is derived from the SOFTWARE hive of a mounted volume; the CIM and certificate-store groups are live-only', () => {
    expect(OFFLINE_DERIVATIONS).toContain(dscAgentDerivation);
    expect(LIVE_ONLY_GROUPS['localUserAccounts']).toMatch(/^needs the running system: .*Win32_UserAccount/);
    expect(LIVE_ONLY_GROUPS['selfSignedCertificates']).toMatch(/^needs the running system: .*X509Store/);
  });

  it('without a SOFTWARE hive it is an error, never "not set"', () => {
    expect(offline(undefined)).toEqual({ error: 'SOFTWARE hive not present' });
  });
});

describe.skipIf(skip)('dscAgent: Get-PresealDscAgent on the hive = the offline derivation', () => {
  beforeAll(() => requireHivex());

  const cases: { name: string; values: { name: string; type: number; hex: string }[] | null; facts: { keyExists: boolean; agentIdSet: boolean } }[] = [
    {
      name: 'an AgentId the LCM wrote (REG_SZ GUID)',
      values: [{ name: 'AgentId', type: 1, hex: utf16(`${AGENT_ID}\0`) }],
      facts: { keyExists: true, agentIdSet: true },
    },
    {
      name: "an AgentId blanked as runner-images does (REG_SZ '')",
      values: [{ name: 'AgentId', type: 1, hex: utf16('\0') }],
      facts: { keyExists: true, agentIdSet: false },
    },
    { name: 'the key without an AgentId', values: [{ name: 'Other', type: 4, hex: '01000000' }], facts: { keyExists: true, agentIdSet: false } },
    { name: 'no DesiredStateConfiguration key', values: null, facts: { keyExists: false, agentIdSet: false } },
    { name: 'an AgentId of an unexpected type, REG_BINARY', values: [{ name: 'AgentId', type: 3, hex: '0102' }], facts: { keyExists: true, agentIdSet: true } },
    { name: 'an empty REG_MULTI_SZ AgentId', values: [{ name: 'AgentId', type: 7, hex: utf16('\0') }], facts: { keyExists: true, agentIdSet: false } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const path = hive(c.values);
      const want = { facts: c.facts };
      expect(offline(path)).toEqual(want);
      const got = await live(path);
      expect(got).toEqual(want);
      expect(JSON.stringify(got)).not.toContain(AGENT_ID);
    });
  }
});
