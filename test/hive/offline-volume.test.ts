/**
 * `preseal lint root:DIR` on a mounted Windows volume, built around the real hives: the volume is
 * recognised (names matched case-insensitively), the facts come from the hives, live-only groups
 * are not applicable, and W001 fails on the domain-joined SYSTEM hive and passes on the
 * workgroup one.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computerSystemDerivation } from '../../src/windows-offline/derive/computer-system.js';
import { openHiveFile } from '../../src/windows-offline/index.js';
import { HiveRegistry, type HiveName } from '../../src/windows-offline/registry-source.js';
import { collectWindowsOffline, isWindowsVolume, LIVE_ONLY_GROUPS, OFFLINE_DERIVATIONS } from '../../src/windows-offline/volume.js';
import { rawReadsFrom, rawReadSchema, RawReadsSource, readPlan } from '../../src/windows-offline/raw-reads.js';
import { deriveGroups } from '../../src/windows-offline/derive/run.js';
import { runCli } from '../helpers/cli.js';
import { buildHive, requireHivex, unpack } from './helpers.js';

/** A volume tree with the given fixture hives in <config dirs>/NAME. */
function volume(configDirs: string[], hives: Partial<Record<HiveName, string>>): string {
  const root = unpack();
  const config = join(root, ...configDirs);
  mkdirSync(config, { recursive: true });
  for (const [name, fixture] of Object.entries(hives)) copyFileSync(join(unpack(fixture), fixture), join(config, name));
  return root;
}

function derive(hives: Partial<Record<HiveName, string>>) {
  const dir = unpack(...Object.values(hives));
  const registry = new HiveRegistry((h) => (hives[h] ? openHiveFile(join(dir, hives[h])) : `${h} hive not found`));
  const results = Object.fromEntries(Object.entries(computerSystemDerivation.reads).map(([k, r]) => [k, registry.read(r)]));
  return { results, derived: computerSystemDerivation.derive(results) };
}

describe('computerSystem derived from real hives', () => {
  it('the domain-joined Windows 7 SYSTEM hive: member workstation of shieldbase.local', () => {
    expect(derive({ SYSTEM: 'SYSTEM' }).derived).toEqual({
      facts: {
        name: 'WKS-WIN732BITA',
        partOfDomain: true,
        domain: 'shieldbase.local',
        workgroup: null,
        domainRole: 1,
        hypervisorPresent: null,
        manufacturer: null,
        model: null,
        bios: null,
      },
    });
  });

  it('the workgroup SYSTEM hive: standalone workstation', () => {
    expect(derive({ SYSTEM: 'SYSTEM_2' }).derived).toEqual({
      facts: {
        name: 'SENSEI',
        partOfDomain: false,
        domain: '',
        workgroup: null,
        domainRole: 0,
        hypervisorPresent: null,
        manufacturer: null,
        model: null,
        bios: null,
      },
    });
  });

  it('LSA policy in SECURITY decides when it can be read (the real SECURITY hive: workgroup WORKGROUP)', () => {
    // This SYSTEM and SECURITY come from different machines; the test is of which source wins.
    const { derived } = derive({ SYSTEM: 'SYSTEM', SECURITY: 'SECURITY' });
    expect(derived).toMatchObject({ facts: { name: 'WKS-WIN732BITA', partOfDomain: false, domain: 'WORKGROUP', workgroup: 'WORKGROUP', domainRole: 0 } });
  });

  it('SYSTEM traces that disagree give an error, not a guess', () => {
    const { results } = derive({ SYSTEM: 'SYSTEM' });
    const out = computerSystemDerivation.derive({ ...results, dynamicSiteName: { kind: 'absent' } });
    expect(out).toEqual({
      error:
        'SYSTEM alone does not tell whether the machine is joined: primary DNS suffix "shieldbase.local", Netlogon site "" (SECURITY: SECURITY hive not found)',
    });
  });
});

describe('one interpretation: raw reads in the live wire form give the same facts', () => {
  function registryOf(hives: Partial<Record<HiveName, string>>): HiveRegistry {
    const dir = unpack(...Object.values(hives));
    return new HiveRegistry((h) => (hives[h] ? openHiveFile(join(dir, hives[h])) : `${h} hive not found`));
  }

  for (const system of ['SYSTEM', 'SYSTEM_2']) {
    it(`${system}: hive files and their raw reads (through JSON) derive identical facts`, () => {
      const registry = registryOf({ SYSTEM: system });
      const plan = readPlan(OFFLINE_DERIVATIONS);
      const wire = JSON.parse(JSON.stringify(rawReadsFrom(registry, plan))) as unknown[];
      const reads = wire.map((r) => rawReadSchema.parse(r));
      expect(reads).toHaveLength(plan.length);
      const offline = deriveGroups(registry, OFFLINE_DERIVATIONS);
      const live = deriveGroups(new RawReadsSource(reads), OFFLINE_DERIVATIONS);
      expect(live.facts).toEqual(offline.facts);
      expect(Object.keys(live.facts)).toEqual(['computerSystem', 'setupStatus']);
    });
  }

  it('a read the probe did not return makes the group an error, never a guess', () => {
    const reads = rawReadsFrom(registryOf({ SYSTEM: 'SYSTEM' }), readPlan(OFFLINE_DERIVATIONS)).filter((r) => !('value' in r) || r.value !== 'ComputerName');
    const live = deriveGroups(new RawReadsSource(reads), OFFLINE_DERIVATIONS);
    expect(live.errors['computerSystem']).toBe('SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName ComputerName was not read by the probe');
  });
});

describe('the offline volume', () => {
  it('is recognised with names in any case, and not without SYSTEM', () => {
    expect(isWindowsVolume(volume(['WINDOWS', 'system32', 'Config'], { SYSTEM: 'SAM' }))).toBe(true);
    expect(isWindowsVolume(volume(['Windows', 'System32'], {}))).toBe(false);
  });

  it('envelope: platform windows, probe.live false, live-only groups not applicable, a damaged hive an error', () => {
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'corrupted_system_hive' });
    const env = collectWindowsOffline('root:x', root);
    expect(env.platform).toBe('windows');
    expect(env.probe?.live).toBe(false);
    expect(env.errors['computerSystem']).toBe('SYSTEM: damaged: no hive bin signature at offset 0x19000');
    for (const group of Object.keys(LIVE_ONLY_GROUPS)) expect(env.notApplicable[group]).toMatch(/^needs the running system/);
  });
});

describe('preseal lint root:DIR (built CLI)', () => {
  beforeAll(() => requireHivex());

  it('W001 fails on the domain-joined SYSTEM hive, naming shieldbase.local', async () => {
    const root = volume(['windows', 'system32', 'CONFIG'], { SYSTEM: 'SYSTEM' });
    const run = await runCli(['lint', `root:${root}`, '--format', 'json']);
    expect(run.code).toBe(1);
    const target = JSON.parse(run.stdout).targets[0];
    expect(target.platform).toBe('windows');
    const w001 = target.results.find((r: { ruleId: string }) => r.ruleId === 'W001');
    expect(w001.status).toBe('fail');
    expect(w001.findings.map((f: { resource: string }) => f.resource)).toEqual(['domain shieldbase.local']);
    const w014 = target.results.find((r: { ruleId: string }) => r.ruleId === 'W014');
    expect(w014.status).toBe('not-applicable');
    expect(w014.reason).toMatch(/needs the running system/);
  });

  it('W001 passes on the workgroup SYSTEM hive, and the report says that dirty hive may be stale', async () => {
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'SYSTEM_2' });
    const run = await runCli(['lint', `root:${root}`, '--format', 'json']);
    const target = JSON.parse(run.stdout).targets[0];
    expect(target.results.find((r: { ruleId: string }) => r.ruleId === 'W001').status).toBe('pass');
    expect(target.notes).toContain(
      'computerSystem was read only in part: SYSTEM may be stale: dirty (sequence numbers 205 and 204 differ) and no transaction log (.LOG1/.LOG2) beside it',
    );
  });

  it('W010 reads ImageState from a SOFTWARE hive and State.ini on the volume (any case)', async () => {
    // SOFTWARE is written by python3-hivex with the value Microsoft documents for a machine that
    // was generalized and not booted since (windows-setup-states).
    const utf16 = (t: string) => Buffer.from(t, 'utf16le').toString('hex');
    const dir = unpack();
    const software = buildHive(
      {
        keys: [
          {
            path: ['Microsoft', 'Windows', 'CurrentVersion', 'Setup', 'State'],
            values: [{ name: 'ImageState', type: 1, hex: utf16('IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\0') }],
          },
        ],
      },
      dir,
      'SOFTWARE',
    );
    const root = volume(['WINDOWS', 'System32', 'config'], { SYSTEM: 'SYSTEM' });
    copyFileSync(software, join(root, 'WINDOWS', 'System32', 'config', 'software'));
    mkdirSync(join(root, 'WINDOWS', 'setup', 'STATE'), { recursive: true });
    writeFileSync(join(root, 'WINDOWS', 'setup', 'STATE', 'state.ini'), '[State]\r\nImageState=IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\r\n');
    const env = collectWindowsOffline('root:x', root);
    expect(env.facts['sysprepState']).toEqual({
      imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
      stateIniImageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
      generalizationState: 7,
      cleanupState: 2,
    });
    const run = await runCli(['lint', `root:${root}`, '--format', 'json']);
    const results = JSON.parse(run.stdout).targets[0].results as { ruleId: string; status: string; findings: { messageId: string }[] }[];
    const w010 = results.find((r) => r.ruleId === 'W010')!;
    expect(w010.status).toBe('fail');
    expect(w010.findings[0]!.messageId).toBe('resealed');
    // SysprepStatus of the real hive: GeneralizationState 7, CleanupState 2.
    expect(results.find((r) => r.ruleId === 'W011')!.status).toBe('pass');
  });

  it('collect prints probe.live false; --platform windows without a SYSTEM hive is a target error (exit 3)', async () => {
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'SYSTEM' });
    const collected = await runCli(['collect', `root:${root}`]);
    const env = JSON.parse(collected.stdout);
    expect(env.probe).toMatchObject({ live: false, root });
    expect(env.facts.computerSystem.domain).toBe('shieldbase.local');

    const empty = unpack();
    const run = await runCli(['lint', `root:${empty}`, '--platform', 'windows']);
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).toContain('has no Windows\\System32\\config\\SYSTEM');
  });
});
