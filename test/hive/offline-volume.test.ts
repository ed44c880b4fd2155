/**
 * `preseal lint root:DIR` on a mounted Windows volume, built around the real hives: the volume is
 * recognised (names matched case-insensitively), the facts come from the hives, live-only groups
 * are not applicable, and W001 fails on the domain-joined SYSTEM hive and passes on the
 * workgroup one.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computerSystemDerivation } from '../../src/windows-offline/derive/computer-system.js';
import { openHiveFile } from '../../src/windows-offline/index.js';
import { HiveRegistry, type HiveName } from '../../src/windows-offline/registry-source.js';
import { collectWindowsOffline, isWindowsVolume, LIVE_ONLY_GROUPS, OFFLINE_DERIVATIONS } from '../../src/windows-offline/volume.js';
import { rawReadsFrom, rawReadSchema, RawReadsSource, readPlan } from '../../src/windows-offline/raw-reads.js';
import { windowsContext } from '../../src/windows-offline/derive/define.js';
import { deriveGroups } from '../../src/windows-offline/derive/run.js';
import { runCli } from '../helpers/cli.js';
import { buildHive, PYTHON, requireHivex, unpack } from './helpers.js';

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
  return { results, derived: computerSystemDerivation.derive(results, windowsContext()) };
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
        source:
          'registry: HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters Domain = "shieldbase.local", HKLM\\SYSTEM\\CurrentControlSet\\Services\\Netlogon\\Parameters DynamicSiteName = "Default-First-Site-Name" (SECURITY: SECURITY hive not found); ' +
          'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions ProductType = WINNT, so DomainRole = 1',
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
        source: expect.stringMatching(/^registry: /),
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
    const out = computerSystemDerivation.derive({ ...results, dynamicSiteName: { kind: 'absent' } }, windowsContext());
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
      // SYSTEM alone: its groups derive; the SOFTWARE groups are errors on both sides.
      expect(Object.keys(live.facts)).toEqual(expect.arrayContaining(['computerSystem', 'setupStatus', 'entraJoin', 'azureGuestAgent', 'azureSettings']));
      expect(Object.keys(live.facts)).not.toContain('mdmEnrollment');
      expect(live.errors).toEqual(offline.errors);
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

  it('envelope: platform windows, probe.live false, live-only groups not applicable, a damaged hive an error', async () => {
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'corrupted_system_hive' });
    const env = await collectWindowsOffline('root:x', root);
    expect(env.platform).toBe('windows');
    expect(env.probe?.live).toBe(false);
    expect(env.errors['computerSystem']).toBe('SYSTEM: damaged: no hive bin signature at offset 0x19000');
    for (const group of Object.keys(LIVE_ONLY_GROUPS)) expect(env.notApplicable[group]).toMatch(/^needs the running system/);
  });
});

describe('links on a hostile volume are never followed', () => {
  // ntfs-3g shows junctions and symbolic links as links; one could point at the admin's own files.
  it('a linked Panther folder, Sysprep folder, SOFTWARE hive or config folder: errors that say so, nothing read through them', async () => {
    const host = unpack('SYSTEM');
    mkdirSync(join(host, 'Panther'), { recursive: true });
    writeFileSync(join(host, 'Panther', 'setupact.log'), 'host file, never to be read\r\n');
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'SYSTEM' });
    symlinkSync(join(host, 'Panther'), join(root, 'Windows', 'Panther'));
    symlinkSync(host, join(root, 'Windows', 'System32', 'Sysprep'));
    symlinkSync(join(host, 'SYSTEM'), join(root, 'Windows', 'System32', 'config', 'SOFTWARE'));
    const env = await collectWindowsOffline('root:x', root);
    expect(env.errors['panther']).toMatch(/(Panther|Sysprep) is a symbolic link or junction, which preseal does not follow/);
    expect(env.errors['sysprepBinary']).toMatch(/(Sysprep|SOFTWARE) is a symbolic link or junction/);
    expect(env.errors['sysprepState']).toMatch(/SOFTWARE is a symbolic link or junction/);
    expect(JSON.stringify(env)).not.toContain('never to be read');

    const linked = unpack();
    symlinkSync(join(root, 'Windows'), join(linked, 'Windows'));
    await expect(collectWindowsOffline('root:y', linked)).rejects.toThrow(/Windows is a symbolic link or junction/);
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
    // Offline the message names the registry values, not Win32_ComputerSystem, which was never asked.
    expect(w001.message).toMatch(
      /^the machine is joined to domain shieldbase\.local \(registry: HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters Domain = "shieldbase\.local"/,
    );
    expect(w001.message).not.toContain('Win32_ComputerSystem');
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
    const env = await collectWindowsOffline('root:x', root);
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

describe('stage and cloud on an offline volume (built CLI)', () => {
  beforeAll(() => requireHivex());

  /**
   * A volume as Sysprep /generalize /oobe leaves it: the real SYSTEM hive, a SOFTWARE hive written
   * by python3-hivex with ImageState IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE, State.ini saying the
   * same, Sysprep_succeeded.tag, and the setupact.log Sysprep writes in System32\Sysprep\Panther
   * (learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states and
   * .../sysprep--generalize--a-windows-installation). `logs` false: the pipeline removed the log.
   */
  function generalizedVolume(logs: boolean): string {
    const utf16 = (t: string) => Buffer.from(t, 'utf16le').toString('hex');
    const software = buildHive(
      {
        keys: [
          {
            path: ['Microsoft', 'Windows', 'CurrentVersion', 'Setup', 'State'],
            values: [{ name: 'ImageState', type: 1, hex: utf16('IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\0') }],
          },
        ],
      },
      unpack(),
      'SOFTWARE',
    );
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'SYSTEM' });
    copyFileSync(software, join(root, 'Windows', 'System32', 'config', 'SOFTWARE'));
    mkdirSync(join(root, 'Windows', 'Setup', 'State'), { recursive: true });
    writeFileSync(join(root, 'Windows', 'Setup', 'State', 'State.ini'), '[State]\r\nImageState=IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\r\n');
    const sysprep = join(root, 'Windows', 'System32', 'Sysprep');
    mkdirSync(join(sysprep, 'Panther'), { recursive: true });
    writeFileSync(join(sysprep, 'Sysprep_succeeded.tag'), '');
    if (logs)
      writeFileSync(
        join(sysprep, 'Panther', 'setupact.log'),
        '2024-01-05 10:12:30, Info                  SYSPRP ===          Beginning of a new sysprep run          ===\r\n',
      );
    return root;
  }

  type Result = { ruleId: string; status: string; reason?: string; findings: { messageId: string; resource: string }[] };
  async function lint(root: string, ...args: string[]): Promise<Map<string, Result>> {
    const run = await runCli(['lint', `root:${root}`, '--format', 'json', ...args]);
    const results = JSON.parse(run.stdout).targets[0].results as Result[];
    return new Map(results.map((r) => [r.ruleId, r]));
  }

  it('--generalizer none: the generalized image passes W010, W011 does not apply, a Panther log left fails W012', async () => {
    const root = generalizedVolume(true);
    const r = await lint(root, '--generalizer', 'none');
    expect(r.get('W010')!.status).toBe('pass');
    expect(r.get('W011')!.status).toBe('not-applicable');
    expect(r.get('W011')!.reason).toContain('Sysprep does not run');
    const w012 = r.get('W012')!;
    expect(w012.status).toBe('fail');
    expect(w012.findings.map((f) => [f.messageId, f.resource])).toEqual([
      ['leftInImage', join(root, 'Windows', 'System32', 'Sysprep', 'Panther', 'setupact.log')],
    ]);
  });

  it('--generalizer none with the logs removed: W012 passes', async () => {
    const r = await lint(generalizedVolume(false), '--generalizer', 'none');
    expect(r.get('W012')!.status).toBe('pass');
    expect(r.get('W010')!.status).toBe('pass');
  });

  it('the same volume about to be generalized (default sysprep): W010 and W012 say it was already generalized', async () => {
    const root = generalizedVolume(true);
    const r = await lint(root);
    expect(r.get('W010')!.findings.map((f) => f.messageId)).toEqual(['resealed']);
    expect(r.get('W012')!.findings.map((f) => f.messageId)).toEqual(['succeeded']);
  });

  it('an image never generalized, captured as it is: W010 fails notGeneralized', async () => {
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'SYSTEM_2' });
    const utf16 = (t: string) => Buffer.from(t, 'utf16le').toString('hex');
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
    copyFileSync(software, join(root, 'Windows', 'System32', 'config', 'SOFTWARE'));
    const r = await lint(root, '--generalizer', 'none');
    expect(r.get('W010')!.findings.map((f) => f.messageId)).toEqual(['notGeneralized']);
  });

  it('offline the cloud is unknown, so Azure rules are unknown (not not-applicable) until --cloud says', async () => {
    const root = generalizedVolume(false);
    const unknown = await lint(root);
    // W047 reads firewallRules, which the volume has: only the cloud keeps it from being evaluated.
    expect(unknown.get('W047')!.status).toBe('unknown');
    expect(unknown.get('W047')!.reason).toContain('the cloud could not be detected: the cloud comes from the SMBIOS of the running machine');
    const azure = await lint(root, '--cloud', 'azure');
    expect(['pass', 'fail']).toContain(azure.get('W047')!.status);
    const none = await lint(root, '--cloud', 'none');
    expect(none.get('W047')!.status).toBe('not-applicable');
  });
});

describe('answer files on an offline volume', () => {
  it('drive-root and launch-agent answer files are read, a pointer elsewhere and a broken file are errors, never skipped', async () => {
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'SYSTEM' });
    // The Administrator password element of the unattend reference, with a placeholder value.
    const xml =
      '<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="oobeSystem"><component name="Microsoft-Windows-Shell-Setup"><UserAccounts><AdministratorPassword><Value>placeholder</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts></component></settings></unattend>';
    writeFileSync(join(root, 'autounattend.xml'), xml);
    mkdirSync(join(root, 'Program Files', 'Amazon', 'Ec2ConfigService'), { recursive: true });
    writeFileSync(
      join(root, 'Program Files', 'Amazon', 'Ec2ConfigService', 'sysprep2008.xml'),
      '<unattend><settings pass="oobeSystem"><AdministratorPassword>',
    );
    mkdirSync(join(root, 'Windows', 'Panther'), { recursive: true });
    writeFileSync(join(root, 'Windows', 'Panther', 'unattend.xml'), '<!DOCTYPE unattend [<!ENTITY x SYSTEM "file:///etc/passwd">]><unattend>&x;</unattend>');
    const env = await collectWindowsOffline('root:x', root);
    const files = (env.facts['answerFiles'] as { files: { path: string; source: string; error: string | null; secrets: unknown[] }[] }).files;
    expect(files.map((f) => [f.path, f.source, f.error === null])).toEqual([
      [join(root, 'Windows', 'Panther', 'Unattend.xml'), 'implicit search location', false],
      [join(root, 'Autounattend.xml'), 'implicit search location', true],
      [join(root, 'Program Files', 'Amazon', 'Ec2ConfigService', 'sysprep2008.xml'), 'cloud launch agent answer file', false],
    ]);
    expect(files[0]!.error).toContain('DTD is prohibited');
    expect(files[1]!.secrets).toEqual([{ element: 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword', pass: 'oobeSystem', plainText: true }]);
    expect(JSON.stringify(env.facts['answerFiles'])).not.toContain('placeholder');
  });
});

describe('services and agents from the real SYSTEM hive and files on the volume', () => {
  /** Start of Services\<name> in the hive's current control set, read by hivex (the oracle), as Get-Service names it. */
  function hivexStartType(system: string, name: string): string | null {
    const script = [
      'import hivex, sys',
      'h = hivex.Hivex(sys.argv[1])',
      'def child(n, k):',
      '    c = h.node_get_child(n, k)',
      '    if c is None: raise SystemExit("none")',
      '    return c',
      'cur = h.value_dword(h.node_get_value(child(h.root(), "Select"), "Current"))',
      'svc = child(child(child(h.root(), "ControlSet%03d" % cur), "Services"), sys.argv[2])',
      'print(h.value_dword(h.node_get_value(svc, "Start")), h.value_dword(h.node_get_value(svc, "Type")))',
    ].join('\n');
    try {
      const [start, type] = execFileSync(PYTHON, ['-c', script, system, name], { encoding: 'utf8' }).trim().split(' ').map(Number);
      if ((type! & 0x30) === 0) return null;
      return ['Boot', 'System', 'Automatic', 'Manual', 'Disabled'][start!]!;
    } catch {
      return null;
    }
  }

  it("service start types equal hivex's reading of the same hive; agents and their files are found", async () => {
    requireHivex();
    const root = volume(['Windows', 'System32', 'config'], { SYSTEM: 'SYSTEM' });
    const dword = (n: number) => Buffer.from(Uint32Array.of(n).buffer).toString('hex');
    const sz = (t: string) => Buffer.from(`${t}\0`, 'utf16le').toString('hex');
    // Documented markers: MDE's Status\OnboardingState 1 (learn.microsoft.com/defender-endpoint/
    // troubleshoot-onboarding), the Configuration Manager client's HKLM\SOFTWARE\Microsoft\CCM
    // and SMS certificate store (learn.microsoft.com/intune/configmgr/core/clients/deploy/
    // deploy-clients-to-windows-computers, "prepare the client for imaging").
    const software = buildHive(
      {
        keys: [
          { path: ['Microsoft', 'Windows Advanced Threat Protection', 'Status'], values: [{ name: 'OnboardingState', type: 4, hex: dword(1) }] },
          { path: ['Microsoft', 'CCM'] },
          { path: ['Microsoft', 'SystemCertificates', 'SMS', 'Certificates', '1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D'] },
          // CurrentVersion as Windows Server 2019 keeps it, and ProfileList entries as Windows writes
          // them (%systemroot% for the service accounts; learn.microsoft.com/troubleshoot/windows-server/
          // user-profiles-and-logon/renaming-user-account-not-change-profile-path).
          {
            path: ['Microsoft', 'Windows NT', 'CurrentVersion'],
            values: [
              { name: 'ProductName', type: 1, hex: sz('Windows Server 2019 Datacenter') },
              { name: 'CurrentMajorVersionNumber', type: 4, hex: dword(10) },
              { name: 'CurrentMinorVersionNumber', type: 4, hex: dword(0) },
              { name: 'CurrentBuildNumber', type: 1, hex: sz('17763') },
              { name: 'SystemRoot', type: 1, hex: sz('C:\\Windows') },
            ],
          },
          {
            path: ['Microsoft', 'Windows NT', 'CurrentVersion', 'ProfileList', 'S-1-5-18'],
            values: [{ name: 'ProfileImagePath', type: 2, hex: sz('%systemroot%\\system32\\config\\systemprofile') }],
          },
          {
            path: ['Microsoft', 'Windows NT', 'CurrentVersion', 'ProfileList', 'S-1-5-21-1004336348-1177238915-682003330-500'],
            values: [{ name: 'ProfileImagePath', type: 2, hex: sz('C:\\Users\\Administrator') }],
          },
          {
            path: ['Microsoft', 'Windows NT', 'CurrentVersion', 'ProfileList', 'S-1-5-21-1004336348-1177238915-682003330-1001'],
            values: [{ name: 'ProfileImagePath', type: 2, hex: sz('C:\\Users\\builder') }],
          },
        ],
      },
      unpack(),
      'SOFTWARE',
    );
    copyFileSync(software, join(root, 'Windows', 'System32', 'config', 'SOFTWARE'));
    writeFileSync(join(root, 'Windows', 'SMSCFG.ini'), '[Configuration - Client Properties]\r\n');
    mkdirSync(join(root, 'Windows', 'System32', 'config', 'systemprofile'), { recursive: true });
    mkdirSync(join(root, 'Users', 'Administrator'), { recursive: true });
    // A VM extension left by Azure (learn.microsoft.com/azure/virtual-machines/extensions/features-windows:
    // C:\Packages\Plugins\<publisher.type>), and a file beside it that is no plug-in.
    mkdirSync(join(root, 'Packages', 'Plugins', 'Microsoft.EnterpriseCloud.Monitoring.MicrosoftMonitoringAgent'), { recursive: true });
    writeFileSync(join(root, 'Packages', 'Plugins', 'readme.txt'), '');
    // Build leftovers: a temp file, a profile's temp file, crash dumps at the drive root, a memory dump.
    mkdirSync(join(root, 'Windows', 'Temp', 'sub'), { recursive: true });
    writeFileSync(join(root, 'Windows', 'Temp', 'sub', 'setup.tmp'), '0123456789');
    mkdirSync(join(root, 'Users', 'Administrator', 'AppData', 'Local', 'Temp'), { recursive: true });
    writeFileSync(join(root, 'Users', 'Administrator', 'AppData', 'Local', 'Temp', 'x.log'), '12345');
    mkdirSync(join(root, 'CrashDumps'));
    writeFileSync(join(root, 'CrashDumps', 'app.dmp'), 'dump');
    writeFileSync(join(root, 'CrashDumps', 'notes.txt'), 'not a dump');
    writeFileSync(join(root, 'Windows', 'MEMORY.DMP'), Buffer.alloc(100));
    // A DSC document left pending (learn.microsoft.com/powershell/dsc/managing-nodes/metaconfig: Pending.mof).
    mkdirSync(join(root, 'Windows', 'System32', 'Configuration'), { recursive: true });
    writeFileSync(join(root, 'Windows', 'System32', 'Configuration', 'pending.mof'), 'instance of MSFT_DSCMetaConfiguration {};');
    mkdirSync(join(root, 'Program Files', 'Amazon', 'EC2Launch'), { recursive: true });
    writeFileSync(join(root, 'Program Files', 'Amazon', 'EC2Launch', 'EC2Launch.exe'), '');
    // An Arc agent connected to a resource (learn.microsoft.com/azure/azure-arc/servers/agent-overview:
    // agentconfig.json holds the resource id of the HybridCompute machine).
    mkdirSync(join(root, 'ProgramData', 'AzureConnectedMachineAgent', 'Config'), { recursive: true });
    const arcId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/images/providers/Microsoft.HybridCompute/machines/build01';
    writeFileSync(
      join(root, 'ProgramData', 'AzureConnectedMachineAgent', 'Config', 'agentconfig.json'),
      JSON.stringify({ resourceId: arcId, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }),
    );
    const env = await collectWindowsOffline('root:x', root);
    const system = join(root, 'Windows', 'System32', 'config', 'SYSTEM');
    expect(env.facts['azureArc']).toEqual({
      himds: null,
      configPath: join(root, 'ProgramData', 'AzureConnectedMachineAgent', 'Config', 'agentconfig.json'),
      resourceId: arcId,
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    const defender = env.facts['defender'] as { windefendService: { startType: string } | null; amServiceEnabled: unknown };
    expect(defender.windefendService?.startType ?? null).toBe(hivexStartType(system, 'WinDefend'));
    expect(defender.amServiceEnabled).toBeNull();
    expect(env.facts['monitoringAgents']).toEqual({
      services: [],
      mmaManagementGroups: [],
      extensionPlugins: ['Microsoft.EnterpriseCloud.Monitoring.MicrosoftMonitoringAgent'],
    });
    expect(env.facts['buildLeftovers']).toEqual({
      locations: [
        { path: join(root, 'Windows', 'Temp'), kind: 'temp', files: 1, bytes: 10, truncated: false, error: null },
        { path: join(root, 'CrashDumps'), kind: 'dump', files: 1, bytes: 4, truncated: false, error: null },
        { path: join(root, 'Users', 'Administrator', 'AppData', 'Local', 'Temp'), kind: 'temp', files: 1, bytes: 5, truncated: false, error: null },
        { path: join(root, 'Windows', 'MEMORY.DMP'), kind: 'dump', files: 1, bytes: 100, truncated: false, error: null },
      ],
    });
    expect(env.facts['dsc']).toEqual({ documents: [join(root, 'Windows', 'System32', 'Configuration', 'Pending.mof')] });
    expect(env.notApplicable['iis']).toBe('IIS is not installed (no applicationHost.config)');
    expect(env.facts['os']).toMatchObject({ name: 'Microsoft Windows Server 2019 Datacenter', version: '10.0.17763', build: '17763' });
    expect(env.facts['userProfiles']).toEqual({
      profiles: [
        { sid: 'S-1-5-18', path: 'C:\\Windows\\system32\\config\\systemprofile', exists: true, special: true, loaded: null },
        { sid: 'S-1-5-21-1004336348-1177238915-682003330-1001', path: 'C:\\Users\\builder', exists: false, special: false, loaded: null },
        { sid: 'S-1-5-21-1004336348-1177238915-682003330-500', path: 'C:\\Users\\Administrator', exists: true, special: false, loaded: null },
      ],
    });

    const azure = env.facts['azureSettings'] as { services: { name: string; startType: string | null }[] };
    expect(azure.services.length).toBe(12);
    expect(azure.services.some((s) => s.startType !== null)).toBe(true);
    for (const s of azure.services) expect([s.name, s.startType]).toEqual([s.name, hivexStartType(system, s.name)]);

    expect(env.facts['defenderEndpoint']).toEqual({ onboardingState: 1, senseGuidPresent: false, senseService: null });
    expect(env.facts['configMgr']).toEqual({ ccmExec: null, ccmKeyPresent: true, smsCfgIni: true, smsCertificateCount: 1 });
    expect(env.facts['awsLaunchAgents']).toMatchObject({
      ec2LaunchV2: { path: join(root, 'Program Files', 'Amazon', 'EC2Launch', 'EC2Launch.exe'), present: true },
      ec2Config: { present: false },
    });
    const guest = env.facts['azureGuestAgent'] as Record<string, unknown>;
    expect(guest).toEqual({ guestAgent: null, rdAgent: null });
    const remote = env.facts['remoteAccess'] as { winRm: { status: string; startType: string } | null; fDenyTSConnections: number | null };
    expect(remote.winRm?.startType ?? null).toBe(hivexStartType(system, 'WinRM'));
    expect(remote.winRm?.status).toBe('Stopped');
    expect(remote.fDenyTSConnections).not.toBeUndefined();
    expect(env.notApplicable['passwordPolicy']).toMatch(/^needs the running system: .*RSoP/);
    // Nothing runs on a volume: the installer is not busy, TrustedInstaller (if installed) is stopped.
    expect(env.facts['servicing']).toEqual({
      installerBusy: false,
      installerBusyError: null,
      trustedInstallerStatus: hivexStartType(system, 'TrustedInstaller') === null ? null : 'Stopped',
      cbsSessionsPending: false,
      reservedStorageState: null,
      activeScenario: null,
    });
    // CurrentBuild is absent here; CurrentBuildNumber answers, as in the collector.
    expect(env.facts['upgradeHistory']).toMatchObject({ currentBuild: 17763, windowsOld: false });
  });
});
