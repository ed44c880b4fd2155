/**
 * The three groups a mounted volume once left as errors: sysprepBinary from the version resources
 * of sysprep.exe and ntoskrnl.exe, licensing from SkipRearm, and the cloud from the agent installed
 * on the volume. The volumes are built around the real SYSTEM hive, a SOFTWARE hive written by
 * python3-hivex with documented values, and real PE files.
 *
 * sysprep.exe and ntoskrnl.exe are stand-ins: Windows' own files are not on this machine, so real
 * Microsoft-built PEs from PowerShell 7.6.9 take their place for the shape of the version resource
 * (VS_FIXEDFILEINFO and a StringFileInfo FileVersion such as "10.0.17763.30000 (WinBuild.160101.0800)"
 * or "6.3.9600.18144 (winblue_ltsb.151119-0600)", the form Windows' system files carry), and for
 * the PE machine of x64, x86 and ARM64 builds. The expected versions are pefile's (the oracle).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTALLED_AGENT } from '../../src/windows-offline/derive/cloud.js';
import { groupsFor } from '../../src/facts/catalog.js';
import { collectWindowsOffline, LIVE_ONLY_GROUPS, OFFLINE_ERRORS } from '../../src/windows-offline/volume.js';
import { runCli } from '../helpers/cli.js';
import { buildHive, requireHivex, unpack } from './helpers.js';
import { pefileDump, powershellWindowsDir, requirePefile } from './real-pe.js';

beforeAll(() => {
  requireHivex();
  requirePefile();
});

const native = (arch: 'x64' | 'x86' | 'arm64', dll: string) => {
  const win = powershellWindowsDir();
  if (!win) throw new Error('PowerShell 7.6.9 (dotnet tool) is needed for its real Windows PE files: dotnet tool install --global PowerShell --version 7.6.9');
  return join(win, 'runtimes', `win-${arch}`, 'native', dll);
};
/** Microsoft's MI client library, a Windows component: x64 6.3.9600.18144, ARM64 10.0.17763.30000. */
const MI = 'microsoft.management.infrastructure.native.unmanaged.dll';
/** A real Microsoft PE with no version resource. */
const NO_VERSION = 'getfilesiginforedist.dll';

const dword = (n: number) => Buffer.from(Uint32Array.of(n).buffer).toString('hex');
const sz = (t: string) => Buffer.from(`${t}\0`, 'utf16le').toString('hex');

interface VolumeSpec {
  build: string;
  skipRearm?: number;
  sysprep?: string;
  kernel?: string;
  /** Folders to create below the volume root. */
  folders?: string[];
  /** Services to add to the SYSTEM hive's current control set (ControlSet001 in the real hive): name, Start. */
  services?: [string, number][];
}

/**
 * A volume: the real SYSTEM hive (edited with python3-hivex when services are added), a SOFTWARE
 * hive with CurrentVersion as Windows keeps it (learn.microsoft.com/windows/win32/sysinfo/registry-
 * keys-affected-by-wow64 lists it; CurrentBuildNumber REG_SZ, CurrentMajor/MinorVersionNumber
 * REG_DWORD) and, when given, SoftwareProtectionPlatform SkipRearm (REG_DWORD; learn.microsoft.com/
 * windows-server/get-started/activation-slmgr-vbs-options).
 */
function volume(spec: VolumeSpec): string {
  const work = unpack('SYSTEM');
  const root = unpack();
  const config = join(root, 'Windows', 'System32', 'config');
  mkdirSync(config, { recursive: true });
  let system = join(work, 'SYSTEM');
  if (spec.services?.length) {
    // Type 0x10, SERVICE_WIN32_OWN_PROCESS, as the VM Agent and GCE agent register themselves.
    const keys = spec.services.map(([name, start]) => ({
      path: ['ControlSet001', 'Services', name],
      values: [
        { name: 'Start', type: 4, hex: dword(start) },
        { name: 'Type', type: 4, hex: dword(0x10) },
      ],
    }));
    system = buildHive({ clear: false, keys }, work, 'SYSTEM.edited', system);
  }
  copyFileSync(system, join(config, 'SYSTEM'));
  const cv = ['Microsoft', 'Windows NT', 'CurrentVersion'];
  const keys: { path: string[]; values: { name: string; type: number; hex: string }[] }[] = [
    {
      path: cv,
      values: [
        { name: 'ProductName', type: 1, hex: sz('Windows Server 2012 R2 Datacenter') },
        { name: 'CurrentMajorVersionNumber', type: 4, hex: dword(10) },
        { name: 'CurrentMinorVersionNumber', type: 4, hex: dword(0) },
        { name: 'CurrentBuildNumber', type: 1, hex: sz(spec.build) },
      ],
    },
  ];
  if (spec.skipRearm !== undefined)
    keys.push({ path: [...cv, 'SoftwareProtectionPlatform'], values: [{ name: 'SkipRearm', type: 4, hex: dword(spec.skipRearm) }] });
  copyFileSync(buildHive({ keys }, work, 'SOFTWARE'), join(config, 'SOFTWARE'));
  const system32 = join(root, 'Windows', 'System32');
  if (spec.sysprep) {
    mkdirSync(join(system32, 'Sysprep'), { recursive: true });
    copyFileSync(spec.sysprep, join(system32, 'Sysprep', 'sysprep.exe'));
  }
  if (spec.kernel) copyFileSync(spec.kernel, join(system32, 'ntoskrnl.exe'));
  for (const f of spec.folders ?? []) mkdirSync(join(root, ...f.split('\\')), { recursive: true });
  return root;
}

type Result = { ruleId: string; status: string; reason?: string; message: string; findings: { messageId: string; resource: string }[] };
async function lint(root: string, ...args: string[]): Promise<Map<string, Result>> {
  const run = await runCli(['lint', `root:${root}`, '--format', 'json', ...args]);
  const results = JSON.parse(run.stdout).targets[0].results as Result[];
  return new Map(results.map((r) => [r.ruleId, r]));
}

const sysprepPath = (root: string) => join(root, 'Windows', 'System32', 'Sysprep', 'sysprep.exe');

describe('sysprepBinary offline', () => {
  it('sysprep.exe and the kernel of the same build: the versions pefile reads, the OS 64-bit from the kernel, W019 passes', async () => {
    const [mi] = pefileDump([native('x64', MI)]);
    const root = volume({ build: '9600', sysprep: native('x64', MI), kernel: native('x64', MI) });
    const env = await collectWindowsOffline('root:x', root);
    expect(env.errors['sysprepBinary']).toBeUndefined();
    expect(env.facts['sysprepBinary']).toEqual({
      path: sysprepPath(root),
      exists: true,
      fileVersion: '6.3.9600.18144 (winblue_ltsb.151119-0600)',
      fileBuild: 9600,
      osBuild: 9600,
      kernelBuild: 9600,
      is64BitProcess: null,
      is64BitOperatingSystem: true,
    });
    // The oracle's reading of the same file.
    expect(mi!.fixed![2]).toBe(9600);
    expect(Object.values(mi!.tables!)[0]!['FileVersion']).toBe('6.3.9600.18144 (winblue_ltsb.151119-0600)');
    const r = await lint(root);
    expect(r.get('W019')!.status).toBe('pass');
  });

  it('a sysprep.exe of another build than the kernel fails W019, naming the file', async () => {
    const root = volume({ build: '9600', sysprep: native('arm64', MI), kernel: native('x64', MI) });
    const env = await collectWindowsOffline('root:x', root);
    expect(env.facts['sysprepBinary']).toMatchObject({ fileVersion: '10.0.17763.30000 (WinBuild.160101.0800)', fileBuild: 17763, kernelBuild: 9600 });
    const w019 = (await lint(root)).get('W019')!;
    expect(w019.status).toBe('fail');
    expect(w019.findings).toEqual([expect.objectContaining({ messageId: 'mismatch', resource: sysprepPath(root) })]);
    expect(w019.message).toContain('is build 17763 but the system files are build 9600');
  });

  it('the OS bitness: an x86 kernel is 32-bit; without a kernel or sysprep.exe, SysWOW64 says 64-bit; with none of them an error', async () => {
    const x86 = await collectWindowsOffline('root:x', volume({ build: '9600', sysprep: native('x86', MI), kernel: native('x86', MI) }));
    expect(x86.facts['sysprepBinary']).toMatchObject({ is64BitOperatingSystem: false, is64BitProcess: null });

    const wow = volume({ build: '9600', folders: ['Windows\\SysWOW64'] });
    const env = await collectWindowsOffline('root:x', wow);
    expect(env.facts['sysprepBinary']).toEqual({
      path: sysprepPath(wow),
      exists: false,
      fileVersion: null,
      fileBuild: null,
      osBuild: 9600,
      kernelBuild: null,
      is64BitProcess: null,
      is64BitOperatingSystem: true,
    });
    const w019 = (await lint(wow)).get('W019')!;
    expect(w019.findings.map((f) => [f.messageId, f.resource])).toEqual([['missing', sysprepPath(wow)]]);

    const bare = await collectWindowsOffline('root:x', volume({ build: '9600' }));
    expect(bare.errors['sysprepBinary']).toMatch(/^whether this Windows is 64-bit cannot be told/);
  });

  it('a PE without a version resource is build 0, as FileVersionInfo reports it', async () => {
    const env = await collectWindowsOffline('root:x', volume({ build: '9600', sysprep: native('x64', NO_VERSION), kernel: native('x64', MI) }));
    expect(env.facts['sysprepBinary']).toMatchObject({ exists: true, fileVersion: null, fileBuild: 0, kernelBuild: 9600 });
  });

  it('a damaged sysprep.exe makes the group an error in one line, so W019 is unknown', async () => {
    const root = volume({ build: '9600', kernel: native('x64', MI) });
    mkdirSync(join(root, 'Windows', 'System32', 'Sysprep'), { recursive: true });
    writeFileSync(sysprepPath(root), readFileSync(native('x64', MI)).subarray(0, 300));
    const env = await collectWindowsOffline('root:x', root);
    expect(env.errors['sysprepBinary']).toMatch(new RegExp(`^${sysprepPath(root).replace(/[\\.]/g, '\\$&')}: .*beyond the end of the file`));
    expect(env.errors['sysprepBinary']).not.toContain('\n');
    const w019 = (await lint(root)).get('W019')!;
    expect(w019.status).toBe('unknown');
    expect(w019.reason).toContain('sysprepBinary: ');
  });
});

describe('licensing offline (W013)', () => {
  it('no SkipRearm: not applicable, the rearm count needs the running system; never a pass', async () => {
    const root = volume({ build: '9600' });
    const env = await collectWindowsOffline('root:x', root);
    expect(env.facts['licensing']).toBeUndefined();
    expect(env.notApplicable['licensing']).toBe(
      'needs the running system: RemainingWindowsReArmCount comes from SoftwareLicensingService (CIM); HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform SkipRearm is not set',
    );
    const w013 = (await lint(root)).get('W013')!;
    expect(w013.status).toBe('not-applicable');
    expect(w013.reason).toMatch(/^licensing: needs the running system/);
  });

  it('SkipRearm = 0 is not applicable too, and says so', async () => {
    const env = await collectWindowsOffline('root:x', volume({ build: '9600', skipRearm: 0 }));
    expect(env.notApplicable['licensing']).toMatch(/SkipRearm is 0$/);
  });

  it('SkipRearm = 1: the registry alone decides, W013 fails naming the value', async () => {
    const root = volume({ build: '9600', skipRearm: 1 });
    const env = await collectWindowsOffline('root:x', root);
    expect(env.facts['licensing']).toEqual({ remainingWindowsRearmCount: null, skipRearm: 1, osVersion: '10.0.9600' });
    const w013 = (await lint(root)).get('W013')!;
    expect(w013.status).toBe('fail');
    expect(w013.findings.map((f) => [f.messageId, f.resource])).toEqual([
      ['skip', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform\\SkipRearm'],
    ]);
  });
});

describe('the cloud offline, from the installed agent', () => {
  const cloudOf = async (spec: Partial<VolumeSpec>) => {
    const root = volume({ build: '9600', ...spec });
    return { root, env: await collectWindowsOffline('root:x', root) };
  };

  it('Azure: the VM Agent service in the SYSTEM hive and C:\\WindowsAzure, each named, said to be installed-agent evidence', async () => {
    const { root, env } = await cloudOf({
      services: [
        ['WindowsAzureGuestAgent', 2],
        ['RdAgent', 2],
      ],
      folders: ['WindowsAzure'],
    });
    expect(env.facts['cloud']).toEqual({
      provider: 'azure',
      evidence: [
        `${INSTALLED_AGENT}: service HKLM\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent (start Automatic)`,
        `${INSTALLED_AGENT}: service HKLM\\SYSTEM\\CurrentControlSet\\Services\\RdAgent (start Automatic)`,
        `${INSTALLED_AGENT}: ${join(root, 'WindowsAzure')} exists`,
      ],
    });
    expect(env.errors['cloud']).toBeUndefined();
  });

  it('AWS (EC2Launch v2) and Google (Compute Engine folder, GCEAgent service)', async () => {
    const aws = await cloudOf({ folders: ['ProgramData\\Amazon\\EC2Launch'] });
    expect(aws.env.facts['cloud']).toEqual({
      provider: 'aws',
      evidence: [`${INSTALLED_AGENT}: ${join(aws.root, 'ProgramData', 'Amazon', 'EC2Launch')} exists`],
    });
    const gcp = await cloudOf({ services: [['GCEAgent', 2]], folders: ['Program Files\\Google\\Compute Engine'] });
    expect(gcp.env.facts['cloud']).toMatchObject({ provider: 'gcp' });
    expect((gcp.env.facts['cloud'] as { evidence: string[] }).evidence).toHaveLength(2);
  });

  it('no agent, or agents of two clouds: the cloud stays unknown (an error), never a guess', async () => {
    const none = await cloudOf({});
    expect(none.env.facts['cloud']).toBeUndefined();
    expect(none.env.errors['cloud']).toMatch(/^the cloud comes from the SMBIOS of the running machine .* give it with --cloud$/);
    const two = await cloudOf({ folders: ['WindowsAzure', 'Program Files\\Amazon\\EC2Launch'] });
    expect(two.env.errors['cloud']).toMatch(
      /^cloud agents of Azure and AWS are installed \(.*WindowsAzure exists; .*EC2Launch exists\): give the cloud with --cloud$/,
    );
  });

  it('cloud-scoped rules: evaluated in the cloud the agent shows, not applicable in another, and --cloud still decides', async () => {
    const azure = volume({ build: '9600', folders: ['WindowsAzure'] });
    // W047 (Azure only) reads firewallRules, which the volume has.
    const detected = await lint(azure);
    expect(['pass', 'fail']).toContain(detected.get('W047')!.status);
    const overridden = await lint(azure, '--cloud', 'none');
    expect(overridden.get('W047')!.status).toBe('not-applicable');
    const aws = await lint(volume({ build: '9600', folders: ['Program Files\\Amazon\\Ec2ConfigService'] }));
    expect(aws.get('W047')!.status).toBe('not-applicable');
    expect(aws.get('W047')!.reason).toContain('cloud: aws');
  });
});

describe('every Windows group is read from the volume or says why not', () => {
  it('no group is left as "not read offline", and only the live-only ones are not applicable for need of the running system', async () => {
    expect(OFFLINE_ERRORS).toEqual({});
    const env = await collectWindowsOffline(
      'root:x',
      volume({ build: '9600', sysprep: native('x64', MI), kernel: native('x64', MI), folders: ['WindowsAzure'] }),
    );
    for (const group of groupsFor('windows')) {
      const where = group in env.facts ? 'facts' : group in env.errors ? 'errors' : group in env.notApplicable ? 'notApplicable' : 'missing';
      expect({ group, where }).not.toEqual({ group, where: 'missing' });
      if (where === 'errors') expect(env.errors[group], group).not.toBe('not read from an offline Windows volume yet');
    }
    for (const g of ['sysprepBinary', 'cloud']) expect(env.facts[g], g).toBeDefined();
    const running = Object.entries(env.notApplicable).filter(([, why]) => why.startsWith('needs the running system'));
    expect(running.map(([g]) => g).sort()).toEqual([...Object.keys(LIVE_ONLY_GROUPS), 'licensing'].sort());
  });
});
