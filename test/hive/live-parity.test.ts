/**
 * Live and offline give the same facts for the same registry.
 * - The groups derived in TypeScript for both (src/platforms/windows/live.ts): the live probe's
 *   raw-read function (real pwsh, real lib.ps1 Read-PresealRawReads) runs with its .NET registry
 *   seam served from real hives; its raw reads must carry the hive's exact types and bytes, and
 *   the facts derived from them must equal what the same derivation makes of the hive files.
 * - The groups still interpreted on the target (collectors that read files with secrets, or
 *   enumerate): the PowerShell collector runs on the same data and its facts must equal the
 *   offline derivation's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { windowsContext, type DeriveContext, type Derivation } from '../../src/windows-offline/derive/define.js';
import { answerFilesDerivation } from '../../src/windows-offline/derive/answer-files.js';
import { iisDerivation, npsDerivation } from '../../src/windows-offline/derive/roles.js';
import { awsAdminPasswordsDerivation } from '../../src/windows-offline/derive/agents.js';
import { azureNetworkDerivation } from '../../src/windows-offline/derive/network.js';
import { remoteAccessPolicyDerivation, winRmListenersDerivation } from '../../src/windows-offline/derive/remote-access.js';
import { dscAgentDerivation } from '../../src/windows-offline/derive/dsc-agent.js';
import { appxPackagesDerivation, storeUpdateDerivation } from '../../src/windows-offline/derive/appx.js';
import { upgradeHistoryDerivation } from '../../src/windows-offline/derive/installation.js';
import { deriveGroups } from '../../src/windows-offline/derive/run.js';
import { setupStatusDerivation } from '../../src/windows-offline/derive/setup-status.js';
import { sysprepStateDerivation } from '../../src/windows-offline/derive/sysprep-state.js';
import { pantherDerivation } from '../../src/windows-offline/derive/panther.js';
import { pendingRebootDerivation } from '../../src/windows-offline/derive/servicing.js';
import {
  entraJoinDerivation,
  FIREWALL_RULE_MATCH,
  firewallRulesDerivation,
  mdmEnrollmentDerivation,
  removableStoragePolicyDerivation,
} from '../../src/windows-offline/derive/registry-lists.js';
import { openHiveFile } from '../../src/windows-offline/index.js';
import { RawReadsSource, rawReadSchema, rawReadsFrom, readPlan, type RawKeyTree, type RawRead } from '../../src/windows-offline/raw-reads.js';
import { LIVE_COMPLETED, LIVE_DERIVATIONS } from '../../src/platforms/windows/live.js';
import { remoteAccessDerivation } from '../../src/windows-offline/derive/network.js';
import { HiveRegistry, type HiveName, type Read, registryString, treeValueFilter } from '../../src/windows-offline/registry-source.js';
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
  /** Directories below %WINDIR%. */
  dirs?: string[];
  /** Files below the volume root (Program Files, ProgramData), by path relative to it. */
  volumeFiles?: Record<string, Buffer>;
  /** Directories below the volume root (Windows.old). */
  volumeDirs?: string[];
}

function registryOf(m: Machine): HiveRegistry {
  return new HiveRegistry(
    (h) => (m.hives[h] ? openHiveFile(m.hives[h]) : `${h} hive not present`),
    (path) => (m.files?.[path] ? { kind: 'file', data: m.files[path] } : m.dirs?.includes(path) ? { kind: 'directory' } : { kind: 'absent' }),
    // Files below the volume root, the folder above Windows: the harness points %SystemDrive%,
    // %ProgramFiles% and %ProgramData% there.
    (path, presence) =>
      m.volumeFiles?.[path]
        ? { kind: 'file', data: presence ? Buffer.alloc(0) : m.volumeFiles[path] }
        : m.volumeDirs?.includes(path)
          ? { kind: 'directory' }
          : { kind: 'absent' },
  );
}

/**
 * The registry as the harness serves it: keys, values, and for enumerated keys their subkey and
 * value names; keys whose read failed (a missing or damaged hive) as keys that cannot be opened.
 */
function registryJson(reads: RawRead[]) {
  const hklm = (hive: string, key: string) => `HKLM:\\${hive}\\${key}`;
  const keys: string[] = [];
  const values: { path: string; name: string; type: number; data: string }[] = [];
  const children: Record<string, string[]> = {};
  const valueNames: Record<string, string[]> = {};
  // Keys below a tree read's depth come by name only: their values and subkeys were not read, so
  // they are not served as empty (another read may give them).
  const addTree = (path: string, t: RawKeyTree, depth: number) => {
    keys.push(path);
    if (depth < 0) return;
    children[path] = t.subkeys.map((k) => k.name);
    valueNames[path] = t.values.map((v) => v.name);
    for (const v of t.values) values.push({ path, name: v.name, type: v.type, data: v.data });
    for (const k of t.subkeys) addTree(`${path}\\${k.name}`, k, depth - 1);
  };
  const denied: string[] = [];
  for (const r of reads) {
    if ('windowsFile' in r || 'volumeFile' in r) continue;
    if ('error' in r) denied.push(hklm(r.hive, r.key));
    if ('keyTree' in r) addTree(hklm(r.hive, r.key), r.keyTree, r.tree);
    else if (!('data' in r) || !('value' in r)) continue;
    else if (r.value === null) keys.push(hklm(r.hive, r.key));
    else values.push({ path: hklm(r.hive, r.key), name: r.value, type: r.type, data: r.data });
  }
  return { keys, values, children, valueNames, denied };
}

/**
 * What the PowerShell collector `fn` returns on this machine's registry and files. Files are laid
 * out twice below the temporary folder: as real folders (for collectors that join paths with
 * Join-PresealPath) and as single names with backslashes (for collectors that write
 * "$env:WINDIR\\Panther\\..."; on Linux a backslash is part of a file name).
 */
let lastWindowsDir: string | undefined;
async function liveFacts(m: Machine, d: Derivation<unknown>, collector: string, fn: string): Promise<unknown> {
  return JSON.parse((await runHarness(m, readPlan([d]), [collector, fn])).toString());
}

/** A plan's reads without their value filters (TreeRead.values, TreeRead.match): every value of each key read. */
function unfiltered(plan: readonly Read[]): Read[] {
  return plan.map((r) => {
    if (!('tree' in r) || (r.values === undefined && r.match === undefined)) return r;
    const { values: _, match: __, ...all } = r;
    return all;
  });
}

/**
 * Lays out the machine's files, serves its registry to registry-from-hive.ps1, and returns what
 * the harness printed. The harness is served whole keys (the plan without its value filters): a
 * value filter (names or a data pattern) must be applied by the probe's own reader, not by what
 * the test hands it.
 */
async function runHarness(m: Machine, plan: ReturnType<typeof readPlan>, mode: [collector: string, fn: string] | 'raw-reads'): Promise<Buffer> {
  const reads = rawReadsFrom(registryOf(m), unfiltered(plan));
  const dir = unpack();
  const winDir = join(dir, 'Windows');
  lastWindowsDir = winDir;
  mkdirSync(winDir);
  for (const path of m.dirs ?? []) {
    mkdirSync(join(winDir, ...path.split('\\')), { recursive: true });
    mkdirSync(`${winDir}\\${path}`);
  }
  for (const [path, data] of Object.entries(m.files ?? {})) {
    const file = join(winDir, ...path.split('\\'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    writeFileSync(`${winDir}\\${path}`, data);
  }
  for (const path of m.volumeDirs ?? []) mkdirSync(join(dir, ...path.split('\\')), { recursive: true });
  for (const [path, data] of Object.entries(m.volumeFiles ?? {})) {
    const file = join(dir, ...path.split('\\'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  writeFileSync(join(dir, 'registry.json'), JSON.stringify(registryJson(reads)));
  const args = [probeDir, ...(mode === 'raw-reads' ? ['', ''] : mode), join(dir, 'registry.json'), winDir];
  if (mode === 'raw-reads') {
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ reads: plan }));
    args.push(join(dir, 'plan.json'));
  }
  const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', harness, ...args], '', { timeoutMs: 60_000 });
  expect(run.stderr.toString()).toBe('');
  return run.stdout;
}

/** What the live probe's Read-PresealRawReads returns for `plan` on this machine (validated as the wire form). */
async function liveRawReads(m: Machine, plan: ReturnType<typeof readPlan>): Promise<RawRead[]> {
  const out = JSON.parse((await runHarness(m, plan, 'raw-reads')).toString()) as { reads?: unknown[]; error?: string };
  expect(out.error).toBeUndefined();
  return (out.reads ?? []).map((r) => rawReadSchema.parse(r));
}

/**
 * A value's bytes as the probe can return them: .NET's GetValue hides how a string was stored
 * (it reads the data as UTF-16, an odd size rounded up, and drops one terminating NUL; a REG_MULTI_SZ is split at
 * each NUL), so the probe writes strings back in the form Windows stores them, NUL-terminated.
 * Numbers, REG_BINARY and REG_NONE come back byte for byte. This is what a hive read of a string
 * looks like after that round trip; for a string written the usual way it is the same bytes.
 */
function asDotNetReturnsIt(type: number, data: string): string {
  const b = Buffer.from(data, 'base64');
  const units = (b.length % 2 === 1 ? Buffer.concat([b, Buffer.alloc(1)]) : b).toString('utf16le');
  if (type === 1 || type === 2) return Buffer.from(`${units.endsWith('\0') ? units.slice(0, -1) : units}\0`, 'utf16le').toString('base64');
  // REG_DWORD: an Int32 up to 4 bytes, an Int64 up to 8; REG_QWORD an Int64 up to 8 (zero-padded).
  const pad = (n: number) => Buffer.concat([b, Buffer.alloc(n - b.length)]).toString('base64');
  if (type === 4 && b.length < 4) return pad(4);
  if (type === 4 && b.length > 4 && b.length < 8) return pad(8);
  if (type === 11 && b.length < 8) return pad(8);
  if (type !== 7) return data;
  // RegistryKey.GetValue (.NET Framework) for REG_MULTI_SZ: strings between NULs, an empty one kept unless it is the last unit.
  const parts: string[] = [];
  for (let cur = 0; cur < units.length; ) {
    let next = units.indexOf('\0', cur);
    if (next < 0) next = units.length;
    if (next < units.length) {
      if (next > cur) parts.push(units.slice(cur, next));
      else if (next !== units.length - 1) parts.push('');
    } else parts.push(units.slice(cur));
    cur = next + 1;
  }
  return Buffer.from(`${parts.map((p) => `${p}\0`).join('')}\0`, 'utf16le').toString('base64');
}

function canonicalTree(t: RawKeyTree): RawKeyTree {
  return { name: t.name, values: t.values.map((v) => ({ ...v, data: asDotNetReturnsIt(v.type, v.data) })), subkeys: t.subkeys.map(canonicalTree) };
}

/** Hive reads as the live probe can return them (asDotNetReturnsIt); errors stay errors. */
function asLive(reads: RawRead[]): RawRead[] {
  return reads.map((r) => {
    if ('keyTree' in r) return { ...r, keyTree: canonicalTree(r.keyTree) };
    if ('type' in r) return { ...r, data: asDotNetReturnsIt(r.type, r.data) };
    return r;
  });
}

/** Live and hive reads agree: the same bytes (strings as asDotNetReturnsIt says), absent where absent, an error where the hive could not be read. */
function expectSameReads(live: RawRead[], hive: RawRead[], plan: readonly unknown[]): void {
  expect(live.length).toBe(hive.length);
  for (const [i, r] of asLive(hive).entries()) {
    if ('error' in r) expect(live[i], JSON.stringify(plan[i])).toHaveProperty('error');
    else expect(live[i], JSON.stringify(plan[i])).toEqual(r);
  }
}

/**
 * The live facts of a group derived in TypeScript: the probe's raw reads of the derivation's plan,
 * then the same derivation over them. Also checks that every value read live carries the hive's
 * exact type and bytes.
 */
async function liveDerived(m: Machine, d: Derivation<unknown>): Promise<unknown> {
  expect([...LIVE_DERIVATIONS, ...Object.values(LIVE_COMPLETED).map((c) => c.derivation)]).toContain(d);
  const plan = readPlan([d]);
  const live = await liveRawReads(m, plan);
  expectSameReads(live, rawReadsFrom(registryOf(m), plan), plan);
  const out = deriveGroups(new RawReadsSource(live), [d], windowsContext(lastWindowsDir));
  return d.group in out.facts ? { facts: out.facts[d.group] } : { error: out.errors[d.group] };
}

/** The offline derivation, with paths written as the live probe writes them for WINDIR `windowsDir`. */
function offlineFacts(m: Machine, d: Derivation<unknown>, windowsDir?: string | DeriveContext): unknown {
  const out = deriveGroups(registryOf(m), [d], typeof windowsDir === 'object' ? windowsDir : windowsContext(windowsDir));
  return d.group in out.facts ? { facts: out.facts[d.group] } : { error: out.errors[d.group] };
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le').toString('hex');

describe.skipIf(skip)('setupStatus: the live raw reads of the hive = the hive files, through the one derivation', () => {
  for (const name of ['SYSTEM', 'SYSTEM_2']) {
    it(`the real ${name} hive`, async () => {
      const m = { hives: { SYSTEM: join(unpack(name), name) } };
      const offline = offlineFacts(m, setupStatusDerivation);
      expect(offline).toEqual({ facts: { systemSetupInProgress: 0, oobeInProgress: 0, setupType: 0, setupPhase: 0, auditBoot: 0, childCompletionSetup: 3 } });
      expect(await liveDerived(m, setupStatusDerivation)).toEqual(offline);
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
    expect(await liveDerived(m, setupStatusDerivation)).toEqual(offline);
  });

  it('a hive without a Setup key: both say HKLM\\SYSTEM\\Setup is not readable', async () => {
    const m = { hives: { SYSTEM: join(unpack('SAM'), 'SAM') } };
    const offline = offlineFacts(m, setupStatusDerivation);
    expect(offline).toEqual({ error: 'HKLM\\SYSTEM\\Setup is not readable' });
    expect(await liveDerived(m, setupStatusDerivation)).toEqual(offline);
  });
});

describe.skipIf(skip)('sysprepState: the live raw reads and State.ini = the hive files, through the one derivation', () => {
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
    expect(await liveDerived(m, sysprepStateDerivation)).toEqual(offline);
  });

  it('SYSTEM_2 without SOFTWARE or State.ini: a missing SOFTWARE hive is an error, not a null ImageState', async () => {
    const m = { hives: { SYSTEM: join(unpack('SYSTEM_2'), 'SYSTEM_2') } };
    expect(offlineFacts(m, sysprepStateDerivation)).toEqual({ error: 'SOFTWARE hive not present' });
  });
});

/** The live raw reads and the hive files through the same derivation. */
async function derivedParity(m: Machine, d: Derivation<unknown>): Promise<{ offline: unknown; live: unknown }> {
  const live = await liveDerived(m, d);
  return { live, offline: offlineFacts(m, d, lastWindowsDir) };
}

/** Runs the collector and the derivation on the same machine; paths as the live probe writes them. */
async function parity(m: Machine, d: Derivation<unknown>, collector: string, fn: string): Promise<{ offline: unknown; live: unknown }> {
  const live = await liveFacts(m, d, collector, fn);
  return { live, offline: offlineFacts(m, d, lastWindowsDir) };
}

const GUID_ENROLLMENT = '{8C1B7A4E-2F1D-4B33-9E0A-6D2C5B7F9A10}';

/**
 * A SOFTWARE hive written by python3-hivex with documented values:
 * - RemovableStorageDevices Deny_All = 1 and the CD/DVD class's Deny_Read = 1, the values the
 *   "All Removable Storage classes: Deny all access" and "CD and DVD: Deny read access" policies
 *   write (RemovableStorage.admx; learn.microsoft.com/windows/client-management/mdm/policy-csp-admx-removablestorage).
 * - Group Policy firewall rules in the rule-string grammar of [MS-GPFAS] 2.2.2.10
 *   (learn.microsoft.com/openspecs/windows_protocols/ms-gpfas): one allowing RDP (LPort 3389) from
 *   the Azure platform address 168.63.129.16 (learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16),
 *   and one for port 80 that the collector does not keep.
 * - Servicing restart markers: the Component Based Servicing\\RebootPending key and Updates
 *   UpdateExeVolatile = 1 (learn.microsoft.com/troubleshoot/windows-server/installing-updates-features-roles/
 *   determine-pending-restart; the keys Configuration Manager's client checks).
 * - An MDM enrollment: Enrollments\<GUID> with EnrollmentState 1 (enrolled), EnrollmentType 6 (MDM
 *   enrolled with full device), ProviderID "MS DM Server" (Intune), beside the Context key that is
 *   no enrollment, and its OMADM account (learn.microsoft.com/windows/client-management/mdm-enrollment-of-windows-devices;
 *   learn.microsoft.com/troubleshoot/mem/intune/device-enrollment/troubleshoot-windows-auto-enrollment).
 */
function softwareHive(dir: string): string {
  const dword = (n: number) => Buffer.from(Uint32Array.of(n).buffer).toString('hex');
  const sz = (t: string) => utf16(`${t}\0`);
  return buildHive(
    {
      keys: [
        {
          path: ['Microsoft', 'Windows NT', 'CurrentVersion'],
          values: [
            { name: 'ProductName', type: 1, hex: sz('Windows Server 2022 Datacenter') },
            // Windows Server 2022 is build 20348 (learn.microsoft.com/windows/release-health/windows-server-release-info).
            { name: 'CurrentBuild', type: 1, hex: sz('20348') },
          ],
        },
        { path: ['Policies', 'Microsoft', 'Windows', 'RemovableStorageDevices'], values: [{ name: 'Deny_All', type: 4, hex: dword(1) }] },
        {
          path: ['Policies', 'Microsoft', 'Windows', 'RemovableStorageDevices', '{53f56308-b6bf-11d0-94f2-00a0c91efb8b}'],
          values: [{ name: 'Deny_Read', type: 4, hex: dword(1) }],
        },
        {
          path: ['Policies', 'Microsoft', 'WindowsFirewall', 'FirewallRules'],
          values: [
            {
              name: '{A1F2C3D4-0000-4000-8000-000000003389}',
              type: 1,
              hex: sz('v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|RA4=168.63.129.16|Name=RDP from the platform|'),
            },
            { name: '{A1F2C3D4-0000-4000-8000-000000000080}', type: 1, hex: sz('v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=80|Name=Web|') },
          ],
        },
        {
          path: ['Microsoft', 'Enrollments', GUID_ENROLLMENT],
          values: [
            { name: 'EnrollmentState', type: 4, hex: dword(1) },
            { name: 'EnrollmentType', type: 4, hex: dword(6) },
            { name: 'ProviderID', type: 1, hex: sz('MS DM Server') },
            { name: 'UPN', type: 1, hex: sz('builder@contoso.onmicrosoft.com') },
          ],
        },
        { path: ['Microsoft', 'Enrollments', 'Context'] },
        { path: ['Microsoft', 'Provisioning', 'OMADM', 'Accounts', '{6A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9}'] },
        { path: ['Microsoft', 'Windows', 'CurrentVersion', 'Component Based Servicing', 'RebootPending'] },
        { path: ['Microsoft', 'Updates'], values: [{ name: 'UpdateExeVolatile', type: 4, hex: dword(1) }] },
      ],
    },
    dir,
    'SOFTWARE',
  );
}

describe.skipIf(skip)('enumerated keys on the real SYSTEM hive and a hivex-built SOFTWARE: the live raw reads = the hive files', () => {
  let m: Machine;
  beforeAll(() => {
    requireHivex();
    m = { hives: { SYSTEM: join(unpack('SYSTEM'), 'SYSTEM'), SOFTWARE: softwareHive(unpack()) } };
  });

  it('removableStoragePolicy: the live raw reads', async () => {
    const { live, offline } = await derivedParity(m, removableStoragePolicyDerivation);
    expect(offline).toEqual({ facts: { denyAll: 1, cdDvdDenyRead: 1 } });
    expect(live).toEqual(offline);
  });

  it('firewallRules: the live raw reads keep the same rule strings of both stores, in the same order', async () => {
    const { live, offline } = await derivedParity(m, firewallRulesDerivation);
    const rules = (offline as { facts: { rules: { store: string; id: string; value: string }[] } }).facts.rules;
    // The real Windows 7 hive's local store has its Remote Desktop rules (EmbedCtxt @FirewallAPI.dll,-28752).
    expect(rules.filter((r) => r.store === 'local').length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.store === 'local').every((r) => /\|LPort=(3389|5985|5986)\||\|RA4=([0-9]|\*\||any\|)|-28752\|/i.test(r.value))).toBe(true);
    // Its inbox WinRM rule without a remote address (Domain profile, LPort 5985) is kept for W056.
    expect(rules.some((r) => r.id === 'WINRM-HTTP-In-TCP-NoScope')).toBe(true);
    expect(rules.filter((r) => r.store === 'policy').map((r) => r.id)).toEqual(['{A1F2C3D4-0000-4000-8000-000000003389}']);
    expect(live).toEqual(offline);
  });

  it('mdmEnrollment: the live raw reads', async () => {
    const { live, offline } = await derivedParity(m, mdmEnrollmentDerivation);
    expect(offline).toEqual({
      facts: {
        enrollments: [
          {
            key: `HKLM\\SOFTWARE\\Microsoft\\Enrollments\\${GUID_ENROLLMENT}`,
            enrollmentState: 1,
            enrollmentType: 6,
            providerId: 'MS DM Server',
            upn: 'builder@contoso.onmicrosoft.com',
          },
        ],
        omadmAccounts: ['HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts\\{6A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9}'],
      },
    });
    expect(live).toEqual(offline);
  });

  it('entraJoin on the real hive (no CloudDomainJoin): empty lists from both', async () => {
    const { live, offline } = await derivedParity(m, entraJoinDerivation);
    expect(offline).toEqual({ facts: { joins: [], tenants: [] } });
    expect(live).toEqual(offline);
  });

  it('pendingReboot: the live raw reads = the hive files', async () => {
    const { live, offline } = await derivedParity(m, pendingRebootDerivation);
    expect(offline).toMatchObject({ facts: { cbsRebootPending: true, wuRebootRequired: false, updateExeVolatile: 1 } });
    expect(live).toEqual(offline);
  });

  it('removableStoragePolicy without a SOFTWARE hive: an error offline, not null policies', () => {
    expect(offlineFacts({ hives: { SYSTEM: m.hives.SYSTEM! } }, removableStoragePolicyDerivation)).toEqual({ error: 'SOFTWARE hive not present' });
  });
});

describe.skipIf(skip)('firewallRules on the real Windows 10 SYSTEM_2 hive: only the rules the pattern selects leave the target', () => {
  const local = firewallRulesDerivation.reads['local'] as Extract<Read, { tree: number }>;
  let m: Machine;
  /** Every value of the hive's local rule store, as a read without the pattern gets it. */
  let store: { name: string; type: number; data: Uint8Array }[];
  beforeAll(() => {
    requireHivex();
    m = { hives: { SYSTEM: join(unpack('SYSTEM_2'), 'SYSTEM_2'), SOFTWARE: softwareHive(unpack()) } };
    const { match: _, ...whole } = local;
    const all = registryOf(m).read(whole);
    store = all.kind === 'tree' ? all.tree.values : [];
  });

  it('live = offline through the one derivation (derivedParity)', async () => {
    const { live, offline } = await derivedParity(m, firewallRulesDerivation);
    const rules = (offline as { facts: { rules: { store: string; id: string; value: string }[] } }).facts.rules;
    expect(store).toHaveLength(400);
    const kept = rules.filter((r) => r.store === 'local');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(store.length);
    // Windows 10's inbox Remote Desktop and WinRM rules are among them.
    expect(kept.some((r) => /\|EmbedCtxt=@FirewallAPI\.dll,-28752\|/i.test(r.value))).toBe(true);
    expect(kept.some((r) => /\|LPort=5985\|/i.test(r.value))).toBe(true);
    expect(live).toEqual(offline);
  });

  // On this hive the group's raw reads of the whole store (400 rules) are 296 KB of JSON. Selecting every
  // RA4= rule kept 159 (155 inbox rules scoped to LocalSubnet, a keyword that never covers an address);
  // with RA4 narrowed to scopes that can cover one, the probe prints the 5 rules selected by their port
  // or the Remote Desktop group.
  it("the probe's raw reads of the store carry only the selected rules (5 of 400), though it was served all 400", async () => {
    const plan = readPlan([firewallRulesDerivation]);
    const served = JSON.stringify(rawReadsFrom(registryOf(m), unfiltered(plan)));
    const printed = (await runHarness(m, plan, 'raw-reads')).toString();
    const reads = (JSON.parse(printed) as { reads: unknown[] }).reads.map((r) => rawReadSchema.parse(r));
    const read = reads.find((r) => 'keyTree' in r && r.key === local.key);
    const pattern = new RegExp(FIREWALL_RULE_MATCH, 'i');
    const wanted = store.filter((v) => pattern.test(registryString(v.type, v.data) ?? '\0')).map((v) => v.name);
    expect(read && 'keyTree' in read ? read.keyTree.values.map((v) => v.name) : read).toEqual(wanted);
    expect(read).toMatchObject({ match: FIREWALL_RULE_MATCH });
    for (const v of store.filter((x) => !wanted.includes(x.name))) expect(printed).not.toContain(`"${v.name}"`);
    expect(wanted).toHaveLength(5);
    expect(printed.length * 2).toBeLessThan(served.length);
  });

  it('.NET (lib.ps1 Test-PresealValueMatch under pwsh) and JavaScript select the same of the 400 rule strings', async () => {
    const sz = (text: string) => Buffer.from(`${text}\0`, 'utf16le');
    // Beside the hive's own: the cases a pattern could tell apart (case, a longer port, an unescaped '.', a near miss).
    const crafted = [
      'v2.10|Dir=In|lport=3389|',
      'v2.10|Dir=In|LPORT=33890|',
      'v2.10|Dir=In|LPort=5986|',
      'v2.10|ra4=10.0.0.0/8|',
      'v2.10|RA4 =10.0.0.1|',
      'v2.10|EmbedCtxt=@FirewallAPIxdll,-28752|',
      'v2.10|EmbedCtxt=@firewallapi.DLL,-28752|',
      'v2.10|EmbedCtxt=@FirewallAPI.dll,-287520|',
      'LPort=3389',
      'v2.10|RA4=LocalSubnet|RA6=LocalSubnet|',
      'v2.10|RA4=LocalSubnet|RA4=168.63.129.16|',
      'v2.10|RA4=*|',
      'v2.10|RA4=Any|',
    ].map((text, i) => ({ name: `crafted-${i}`, type: 1, data: sz(text) }));
    const values = [...store, ...crafted];
    expect(values.every((v) => registryString(v.type, v.data) !== undefined)).toBe(true);
    const keep = treeValueFilter(local)!;
    const js = values.map((v) => keep(v));
    const dir = unpack();
    writeFileSync(join(dir, 'strings.json'), JSON.stringify({ pattern: FIREWALL_RULE_MATCH, strings: values.map((v) => registryString(v.type, v.data)) }));
    const script = join(dir, 'match.ps1');
    writeFileSync(
      script,
      [
        'param([string]$ProbeDir, [string]$In)',
        "$ErrorActionPreference = 'Stop'",
        ". (Join-Path $ProbeDir 'lib.ps1')",
        '$data = Get-Content -Raw -LiteralPath $In | ConvertFrom-Json',
        "ConvertTo-Json -Compress -InputObject @($data.strings | ForEach-Object { [bool](Test-PresealValueMatch 'String' ([string]$_) $data.pattern) })",
      ].join('\n'),
    );
    const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', script, probeDir, join(dir, 'strings.json')], '', {
      timeoutMs: 60_000,
    });
    expect(run.stderr.toString()).toBe('');
    const dotnet = JSON.parse(run.stdout.toString()) as boolean[];
    expect(dotnet).toHaveLength(values.length);
    expect(dotnet).toEqual(js);
    expect(js.slice(store.length)).toEqual([true, false, true, true, false, false, true, false, false, false, true, true, true]);
    expect(js.slice(0, store.length).filter(Boolean)).toHaveLength(5);
  });
});

describe.skipIf(skip)('entraJoin on a joined machine: the live raw reads = the hive files', () => {
  it('a hivex-built SYSTEM hive with CloudDomainJoin JoinInfo and TenantInfo', async () => {
    requireHivex();
    // The fields of DSREG_JOIN_INFO that NetGetAadJoinInformation reads from these keys
    // (learn.microsoft.com/windows/win32/api/lmjoin/ns-lmjoin-dsreg_join_info): tenant id,
    // user e-mail, tenant display name, MDM enrollment URL (Intune's documented enrollment URL).
    const sz = (t: string) => utf16(`${t}\0`);
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const system = buildHive(
      {
        keys: [
          { path: ['Select'], values: [{ name: 'Current', type: 4, hex: '01000000' }] },
          {
            path: ['ControlSet001', 'Control', 'CloudDomainJoin', 'JoinInfo', '3A5F0C1E9B7D2A4C6E8F0A1B3C5D7E9F0A2B4C6D'],
            values: [
              { name: 'TenantId', type: 1, hex: sz(tenant) },
              { name: 'UserEmail', type: 1, hex: sz('builder@contoso.com') },
            ],
          },
          {
            path: ['ControlSet001', 'Control', 'CloudDomainJoin', 'TenantInfo', tenant],
            values: [
              { name: 'DisplayName', type: 1, hex: sz('Contoso') },
              { name: 'MdmEnrollmentUrl', type: 1, hex: sz('https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc') },
            ],
          },
        ],
      },
      unpack(),
      'SYSTEM',
    );
    const { live, offline } = await derivedParity({ hives: { SYSTEM: system } }, entraJoinDerivation);
    expect(offline).toEqual({
      facts: {
        joins: [
          {
            key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\CloudDomainJoin\\JoinInfo\\3A5F0C1E9B7D2A4C6E8F0A1B3C5D7E9F0A2B4C6D',
            tenantId: tenant,
            userEmail: 'builder@contoso.com',
          },
        ],
        tenants: [{ tenantId: tenant, displayName: 'Contoso', mdmEnrollmentUrl: 'https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc' }],
      },
    });
    expect(live).toEqual(offline);
  });
});

describe.skipIf(skip)('pendingReboot: PendingFileRenameOperations as MoveFileEx writes it', () => {
  it('pairs of source and destination, an empty destination for a delete (MOVEFILE_DELAY_UNTIL_REBOOT)', async () => {
    requireHivex();
    // MoveFileEx with MOVEFILE_DELAY_UNTIL_REBOOT stores "\\??\\source" then "\\??\\destination" or an
    // empty string for a delete (learn.microsoft.com/windows/win32/api/winbase/nf-winbase-movefileexa).
    const multi = utf16('\\??\\C:\\Windows\\Temp\\old.dll\0\0\\??\\C:\\Windows\\Temp\\new.dll\0!\\??\\C:\\Windows\\System32\\x.dll\0\0');
    const system = buildHive(
      {
        keys: [
          { path: ['Select'], values: [{ name: 'Current', type: 4, hex: '01000000' }] },
          {
            path: ['ControlSet001', 'Control', 'Session Manager'],
            values: [
              { name: 'PendingFileRenameOperations', type: 7, hex: multi },
              { name: 'PendingFileRenameOperations2', type: 3, hex: '0001' },
            ],
          },
        ],
      },
      unpack(),
      'SYSTEM',
    );
    const software = buildHive(
      { keys: [{ path: ['Microsoft', 'Windows', 'CurrentVersion', 'WindowsUpdate', 'Auto Update', 'RebootRequired'] }] },
      unpack(),
      'SOFTWARE',
    );
    const { live, offline } = await derivedParity({ hives: { SYSTEM: system, SOFTWARE: software } }, pendingRebootDerivation);
    expect(offline).toEqual({
      facts: {
        cbsRebootPending: false,
        wuRebootRequired: true,
        pendingFileRenameCount: 3,
        pendingFileRenames: ['C:\\Windows\\Temp\\old.dll', 'C:\\Windows\\Temp\\new.dll', '!C:\\Windows\\System32\\x.dll'],
        pendingFileRename2Count: 2,
        updateExeVolatile: null,
      },
    });
    expect(live).toEqual(offline);
  });
});

describe.skipIf(skip)('panther: Get-PresealPanther on the same files = the offline derivation', () => {
  it('error and warning entries with their continuation lines, the succeeded tag and the Panther folder', async () => {
    // The log line Microsoft quotes for Sysprep failing on a per-user Appx package
    // (learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps).
    const act = [
      '2024-01-05 10:12:30, Info                  SYSPRP ===          Beginning of a new sysprep run          ===',
      '2024-01-05 10:12:33, Error                 SYSPRP Package Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe was installed for a user, but not provisioned for all users. This package will not function properly in the sysprep image.',
      '[gle=0x00000001]',
      '2024-01-05 10:12:33, Warning               SYSPRP Failed to remove apps for the current user: 0x80073cf2.',
      '2024-01-05 10:12:34, Info                  SYSPRP Shutting down SysPrep log',
    ];
    const err = ['2024-01-05 10:12:33, Error                 SYSPRP Exit code of RemoveAllApps thread was 0x3cf2.', ''];
    const m: Machine = {
      hives: {},
      dirs: ['Panther'],
      files: {
        'System32\\Sysprep\\Panther\\setupact.log': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(act.join('\r\n'), 'utf16le')]),
        'System32\\Sysprep\\Panther\\setuperr.log': Buffer.from(err.join('\r\n'), 'utf8'),
        'System32\\Sysprep\\Sysprep_succeeded.tag': Buffer.alloc(0),
      },
    };
    const { live, offline } = await parity(m, pantherDerivation, 'panther', 'Get-PresealPanther');
    const facts = (offline as { facts: { logs: { lines: { line: number }[] }[]; succeededTag: string | null; pantherFolder: string | null } }).facts;
    expect(facts.logs.map((l) => l.lines.map((x) => x.line))).toEqual([[2, 3, 4], [1]]);
    expect(facts.succeededTag).toMatch(/\\System32\\Sysprep\\Sysprep_succeeded\.tag$/);
    expect(facts.pantherFolder).toMatch(/\\Panther$/);
    expect(live).toEqual(offline);
  });
});

describe.skipIf(skip)('answerFiles: Get-PresealAnswerFiles on the same files = the offline derivation', () => {
  /**
   * An answer file in the shape of Microsoft's unattend reference
   * (learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-useraccounts-administratorpassword,
   * ...-autologon-password, microsoft-windows-setup-userdata-productkey-key,
   * microsoft-windows-deployment-runsynchronous-runsynchronouscommand-path), with placeholder values:
   * only the element names may come back.
   */
  const unattend = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">',
    '  <settings pass="windowsPE">',
    '    <component name="Microsoft-Windows-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">',
    '      <UserData><ProductKey>',
    '        <Key>XXXXX-XXXXX-XXXXX-XXXXX-XXXXX</Key>',
    '      </ProductKey><AcceptEula>true</AcceptEula></UserData>',
    '    </component>',
    '  </settings>',
    '  <settings pass="specialize">',
    '    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">',
    '      <RunSynchronous><RunSynchronousCommand wcm:action="add"><Order>1</Order>',
    '        <Path>C:\\Windows\\System32\\Sysprep\\sysprep.exe /generalize /oobe /quiet</Path>',
    '      </RunSynchronousCommand></RunSynchronous>',
    '    </component>',
    '    <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">',
    '      <Identification><Credentials><Domain>contoso.com</Domain><Password>placeholder-join</Password><Username>joiner</Username></Credentials>',
    '        <MachinePassword>   </MachinePassword><JoinDomain>contoso.com</JoinDomain></Identification>',
    '    </component>',
    '  </settings>',
    '  <settings pass="oobeSystem">',
    '    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">',
    '      <UserAccounts><AdministratorPassword><Value>UABsAGEAYwBlAGgAbwBsAGQAZQByAA==</Value><PlainText>false</PlainText></AdministratorPassword></UserAccounts>',
    '      <AutoLogon><Password><Value>placeholder</Value><PlainText> TRUE </PlainText></Password><Enabled>true</Enabled><Username>Administrator</Username></AutoLogon>',
    '      <!-- an empty password is no secret --><OEMInformation><Password><Value></Value></Password></OEMInformation>',
    '    </component>',
    '  </settings>',
    '</unattend>',
  ].join('\r\n');

  it('secret element names, settings passes and the sysprep command, from %WINDIR% locations; values never', async () => {
    const m: Machine = {
      hives: { SYSTEM: join(unpack('SYSTEM'), 'SYSTEM') },
      files: {
        'Panther\\Unattend.xml': Buffer.from(unattend, 'utf8'),
        'System32\\Sysprep\\Unattend.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unattend.replace('utf-8', 'utf-16'), 'utf16le')]),
      },
    };
    const live = await liveFacts(m, answerFilesDerivation, 'answer-files', 'Get-PresealAnswerFiles');
    const winDir = lastWindowsDir!;
    // The collector joins with Join-PresealPath, so on Linux its paths use '/'.
    const offline = offlineFacts(m, answerFilesDerivation, { windowsPath: (rel) => join(winDir, ...rel.split('\\')), volumePath: (rel) => `C:\\${rel}` });
    const files = (offline as { facts: { files: { path: string; secrets: unknown[]; sysprepCommands: unknown[] }[] } }).facts.files;
    expect(files.map((f) => f.path)).toEqual([join(winDir, 'Panther', 'Unattend.xml'), join(winDir, 'System32', 'Sysprep', 'Unattend.xml')]);
    expect(files[0]!.secrets).toEqual([
      // The domain-join password is a plain string (no Value child); a blank MachinePassword is none.
      { element: 'Microsoft-Windows-UnattendedJoin/Identification/Credentials/Password', pass: 'specialize', plainText: true },
      { element: 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword', pass: 'oobeSystem', plainText: false },
      { element: 'Microsoft-Windows-Shell-Setup/AutoLogon/Password', pass: 'oobeSystem', plainText: true },
      { element: 'Microsoft-Windows-Setup/UserData/ProductKey', pass: 'windowsPE', plainText: true },
    ]);
    expect(files[0]!.sysprepCommands).toEqual([
      {
        element: 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Path',
        pass: 'specialize',
        commandLine: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe /generalize /oobe /quiet',
      },
    ]);
    expect(JSON.stringify(offline)).not.toContain('UABsAGEA');
    expect(JSON.stringify(offline)).not.toContain('XXXXX');
    expect(JSON.stringify(offline)).not.toContain('placeholder-join');
    expect(live).toEqual(offline);
  });
});

describe.skipIf(skip)('azureNetwork: the live raw reads (a key tree, REG_BINARY) = the hive files, through the one derivation', () => {
  it('persistent routes and a WinHTTP proxy, written by python3-hivex', async () => {
    requireHivex();
    // route -p add 10.20.0.0 mask 255.255.0.0 10.1.0.1 metric 1 stores the value name
    // "10.20.0.0,255.255.0.0,10.1.0.1,1" with an empty string
    // (learn.microsoft.com/windows-server/administration/windows-commands/route_ws2008).
    const system = buildHive(
      {
        keys: [
          { path: ['Select'], values: [{ name: 'Current', type: 4, hex: '01000000' }] },
          {
            path: ['ControlSet001', 'Services', 'Tcpip', 'Parameters', 'PersistentRoutes'],
            values: [{ name: '10.20.0.0,255.255.0.0,10.1.0.1,1', type: 1, hex: utf16('\0') }],
          },
        ],
      },
      unpack(),
      'SYSTEM',
    );
    // What `netsh winhttp set proxy proxy-server="proxy.contoso.com:8080" bypass-list="<local>"`
    // stores (learn.microsoft.com/windows/win32/winhttp/netsh-exe-commands): a WINHTTP_PROXY_INFO
    // with version 0x28, a change counter, flags 3 (proxy), then the length-prefixed ASCII strings.
    const proxy = Buffer.from('proxy.contoso.com:8080', 'ascii');
    const bypass = Buffer.from('<local>', 'ascii');
    const le = (n: number) => Buffer.from(Uint32Array.of(n).buffer);
    const winHttp = Buffer.concat([le(0x28), le(1), le(3), le(proxy.length), proxy, le(bypass.length), bypass]);
    const software = buildHive(
      {
        keys: [
          {
            path: ['Microsoft', 'Windows', 'CurrentVersion', 'Internet Settings', 'Connections'],
            values: [{ name: 'WinHttpSettings', type: 3, hex: winHttp.toString('hex') }],
          },
        ],
      },
      unpack(),
      'SOFTWARE',
    );
    const m = { hives: { SYSTEM: system, SOFTWARE: software } };
    const offline = offlineFacts(m, azureNetworkDerivation);
    expect(offline).toEqual({
      facts: { persistentRoutes: ['10.20.0.0,255.255.0.0,10.1.0.1,1'], winHttpProxy: { proxyServer: 'proxy.contoso.com:8080', bypass: '<local>' } },
    });
    expect(await liveDerived(m, azureNetworkDerivation)).toEqual(offline);
  });

  it('the real SYSTEM hive without a SOFTWARE hive: an error offline', () => {
    expect(offlineFacts({ hives: { SYSTEM: join(unpack('SYSTEM'), 'SYSTEM') } }, azureNetworkDerivation)).toEqual({ error: 'SOFTWARE hive not present' });
  });
});

/**
 * Stand-ins for the encoded product key a Source OS key holds (it copies the old installation's
 * CurrentVersion values): REG_BINARY DigitalProductId (164 bytes from Windows Vista on, its first
 * DWORD the structure's size) and DigitalProductId4 (1272 bytes). The bytes are a marker pattern,
 * not a product key: the test looks for them in what the probe returns.
 */
function productIdMarker(size: number, tag: number): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32LE(size, 0);
  for (let i = 4; i < size; i++) b[i] = (i * 31 + tag) & 0xff;
  return b;
}
const DIGITAL_PRODUCT_ID = productIdMarker(164, 7);
const DIGITAL_PRODUCT_ID4 = productIdMarker(1272, 11);

describe.skipIf(skip)('upgradeHistory: the live raw reads = the hive files, and no product key leaves the target', () => {
  beforeAll(() => requireHivex());
  const sz = (t: string) => utf16(`${t}\0`);
  /** A SOFTWARE hive whose CurrentVersion has the current build. */
  const softwareWithBuild = (build: string) =>
    buildHive(
      {
        keys: [
          {
            path: ['Microsoft', 'Windows NT', 'CurrentVersion'],
            values: [
              { name: 'CurrentBuild', type: 1, hex: sz(build) },
              { name: 'CurrentBuildNumber', type: 1, hex: sz(build) },
            ],
          },
        ],
      },
      unpack(),
      'SOFTWARE',
    );

  it('Source OS keys an in-place upgrade leaves, with their DigitalProductId, written by python3-hivex; Windows.old on the volume', async () => {
    // An upgrade from Windows Server 2016 (build 14393) to 2019 (17763) leaves
    // HKLM\SYSTEM\Setup\Source OS (Updated on <date>) with the old CurrentVersion values
    // (learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/in-place-upgrade),
    // among them ProductId, DigitalProductId and DigitalProductId4.
    const sourceOs = 'Source OS (Updated on 1/5/2024 10:12:30)';
    const system = buildHive(
      {
        keys: [
          { path: ['Setup'], values: [{ name: 'Upgrade', type: 4, hex: '00000000' }] },
          {
            path: ['Setup', sourceOs],
            values: [
              { name: 'ProductName', type: 1, hex: sz('Windows Server 2016 Datacenter') },
              { name: 'CurrentBuild', type: 1, hex: sz('14393') },
              { name: 'ProductId', type: 1, hex: sz('00376-40000-00000-AA947') },
              { name: 'DigitalProductId', type: 3, hex: DIGITAL_PRODUCT_ID.toString('hex') },
              { name: 'DigitalProductId4', type: 3, hex: DIGITAL_PRODUCT_ID4.toString('hex') },
            ],
          },
          { path: ['Setup', sourceOs, 'Below'], values: [{ name: 'DigitalProductId', type: 3, hex: DIGITAL_PRODUCT_ID.toString('hex') }] },
          { path: ['Setup', 'Status'] },
        ],
      },
      unpack(),
      'SYSTEM',
    );
    const m: Machine = { hives: { SYSTEM: system, SOFTWARE: softwareWithBuild('17763') }, volumeDirs: ['Windows.old'] };
    const { live, offline } = await derivedParity(m, upgradeHistoryDerivation);
    expect(offline).toEqual({
      facts: {
        currentBuild: 17763,
        sourceOs: [{ key: `HKLM\\SYSTEM\\Setup\\${sourceOs}`, productName: 'Windows Server 2016 Datacenter', currentBuild: 14393 }],
        upgradeValue: 0,
        windowsOld: true,
      },
    });
    expect(live).toEqual(offline);

    // What the probe's reader prints for the group's plan: the Source OS key is served to it whole
    // (runHarness), product key included, and it returns neither the values' names nor their bytes.
    const plan = readPlan([upgradeHistoryDerivation]);
    const served = JSON.stringify(rawReadsFrom(registryOf(m), unfiltered(plan)));
    const printed = (await runHarness(m, plan, 'raw-reads')).toString();
    for (const secret of [DIGITAL_PRODUCT_ID, DIGITAL_PRODUCT_ID4]) {
      expect(served).toContain(secret.toString('base64'));
      expect(printed).not.toContain(secret.toString('base64'));
      expect(printed).not.toContain(secret.subarray(4, 40).toString('hex'));
    }
    expect(served).toMatch(/"DigitalProductId4?"/);
    expect(printed).not.toMatch(/ProductId/i);
    expect(JSON.stringify(plan)).not.toMatch(/DigitalProductId/i);
    // The keys are still all there, by name: the subkey below the Source OS key too.
    const tree = (JSON.parse(printed) as { reads: RawRead[] }).reads.find((r) => 'keyTree' in r);
    expect(tree && 'keyTree' in tree ? tree.keyTree.subkeys.map((k) => [k.name, k.values.map((v) => v.name), k.subkeys.map((c) => c.name)]) : []).toEqual([
      [sourceOs, ['ProductName', 'CurrentBuild'], ['Below']],
      ['Status', [], []],
    ]);
  });

  it("the value filter matches names case-insensitively, as the registry does, on the reader's and the hive's side alike", async () => {
    const system = buildHive(
      {
        keys: [
          {
            path: ['Setup', 'Source OS (Updated on 2/1/2023 08:00:00)'],
            values: [
              { name: 'PRODUCTNAME', type: 1, hex: sz('Windows 10 Pro') },
              { name: 'EditionID', type: 1, hex: sz('Professional') },
            ],
          },
        ],
      },
      unpack(),
      'SYSTEM',
    );
    const plan: Read[] = [{ hive: 'SYSTEM', key: 'Setup', tree: 1, values: ['productname', 'CurrentBuild'] }];
    const m: Machine = { hives: { SYSTEM: system } };
    const live = await liveRawReads(m, plan);
    expectSameReads(live, rawReadsFrom(registryOf(m), plan), plan);
    expect(live[0]).toMatchObject({ keyTree: { subkeys: [{ values: [{ name: 'PRODUCTNAME', type: 1 }] }] } });
  });

  // The real hives have no Source OS key (neither machine was upgraded in place), but their Setup
  // subkeys hold other values (Pid, Status, SetupCl, ...): the filter must leave all of them out.
  for (const name of ['SYSTEM', 'SYSTEM_2']) {
    it(`the real ${name} hive (Windows 7, CurrentBuild 7601 in a hivex-built SOFTWARE): no upgrade, the Setup subkeys' values left out`, async () => {
      // Windows 7 SP1 is build 7601 (learn.microsoft.com/windows/release-health/release-information lists 7601 for Windows 7 SP1).
      const m: Machine = { hives: { SYSTEM: join(unpack(name), name), SOFTWARE: softwareWithBuild('7601') } };
      const { live, offline } = await derivedParity(m, upgradeHistoryDerivation);
      expect(offline).toEqual({ facts: { currentBuild: 7601, sourceOs: [], upgradeValue: null, windowsOld: false } });
      expect(live).toEqual(offline);
      const plan = readPlan([upgradeHistoryDerivation]);
      const valuesOf = (reads: RawRead[]) =>
        reads.flatMap((r) => ('keyTree' in r ? [r.keyTree, ...r.keyTree.subkeys] : [])).flatMap((k) => k.values.map((v) => `${k.name}:${v.name}`));
      expect(valuesOf(rawReadsFrom(registryOf(m), unfiltered(plan))).length).toBeGreaterThan(10);
      expect(valuesOf(await liveRawReads(m, plan))).toEqual([]);
    });
  }

  it('without a SOFTWARE hive, or without a %SystemDrive% to look for Windows.old in: an error, never "not upgraded"', () => {
    const m: Machine = { hives: { SYSTEM: join(unpack('SYSTEM'), 'SYSTEM') } };
    expect(offlineFacts(m, upgradeHistoryDerivation)).toEqual({ error: 'SOFTWARE hive not present' });
    // The probe's reader says so when the process has no %SystemDrive% (lib.ps1 Read-PresealRawRead).
    const why = '%SystemDrive%\\Windows.old could not be read: the system drive is unknown (no %SystemDrive%)';
    const reads = rawReadsFrom(registryOf({ ...m, hives: { ...m.hives, SOFTWARE: softwareWithBuild('7601') } }), readPlan([upgradeHistoryDerivation]));
    const withoutDrive = reads.map((r): RawRead => ('volumeFile' in r ? { volumeFile: r.volumeFile, error: why } : r));
    expect(deriveGroups(new RawReadsSource(reads), [upgradeHistoryDerivation], windowsContext()).facts['upgradeHistory']).toMatchObject({ windowsOld: false });
    expect(deriveGroups(new RawReadsSource(withoutDrive), [upgradeHistoryDerivation], windowsContext()).errors).toEqual({ upgradeHistory: why });
  });
});

describe.skipIf(skip)("appxPackages and storeUpdate: the collectors' registry path = the offline derivation", () => {
  it('AppxAllUserStore with provisioned, inbox and per-user packages, written by python3-hivex', async () => {
    requireHivex();
    // The AppxAllUserStore layout appx.ps1 describes, with the package Microsoft names in the
    // Sysprep 0x80073cf2 article (learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps)
    // and the Store policy AutoDownload = 2, "always off" (learn.microsoft.com/windows/client-management/mdm/policy-csp-admx-windowsstore).
    const store = ['Microsoft', 'Windows', 'CurrentVersion', 'Appx', 'AppxAllUserStore'];
    const weather = 'Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe';
    const software = buildHive(
      {
        keys: [
          { path: [...store, 'Applications', 'Microsoft.WindowsStore_22301.1401.6.0_neutral_~_8wekyb3d8bbwe'] },
          { path: [...store, 'InboxApplications', 'Microsoft.Windows.ShellExperienceHost_10.0.17763.1_neutral_neutral_cw5n1h2txyewy'] },
          { path: [...store, 'S-1-5-21-1004336348-1177238915-682003330-1001', weather] },
          { path: [...store, 'S-1-5-21-1004336348-1177238915-682003330-1002', weather.toLowerCase()] },
          { path: [...store, 'S-1-5-18', 'Microsoft.Windows.Search_1.14.0.17763_neutral_neutral_cw5n1h2txyewy'] },
          { path: ['Policies', 'Microsoft', 'WindowsStore'], values: [{ name: 'AutoDownload', type: 4, hex: '02000000' }] },
        ],
      },
      unpack(),
      'SOFTWARE',
    );
    const m = { hives: { SOFTWARE: software } };
    const offline = offlineFacts(m, appxPackagesDerivation) as { facts: Record<string, unknown> };
    expect(offline.facts).toMatchObject({
      source: 'registry',
      provisioned: ['Microsoft.WindowsStore_22301.1401.6.0_neutral_~_8wekyb3d8bbwe'],
      packages: [
        {
          fullName: weather,
          signatureKind: null,
          isFramework: null,
          users: [
            { sid: 'S-1-5-21-1004336348-1177238915-682003330-1001', account: null, state: 'Installed' },
            { sid: 'S-1-5-21-1004336348-1177238915-682003330-1002', account: null, state: 'Installed' },
          ],
        },
      ],
    });
    // The collector's cmdletError is pwsh's own message for the missing Appx cmdlet; the rest must be equal.
    const live = (await liveFacts(m, appxPackagesDerivation, 'appx', 'Get-PresealAppxPackages')) as { facts: Record<string, unknown> };
    expect(live.facts['cmdletError']).toEqual(expect.any(String));
    expect({ ...live.facts, cmdletError: null }).toEqual({ ...offline.facts, cmdletError: null });

    const store2 = offlineFacts(m, storeUpdateDerivation);
    expect(store2).toEqual({ facts: { storeInstalled: true, policyAutoDownload: 2, autoDownload: null, internet: null } });
    expect(await liveFacts(m, storeUpdateDerivation, 'appx', 'Get-PresealStoreUpdate')).toEqual(store2);
  });
});

describe.skipIf(skip)('awsAdminPasswords: Get-PresealAwsAdminPasswords on the same files = the offline derivation', () => {
  it('EC2Launch v2 agent-config.yml with a static password and EC2Launch v1 LaunchConfig.json', async () => {
    // The setAdminAccount task of EC2Launch v2 (docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2launch-v2-settings.html)
    // and LaunchConfig.json of EC2Launch v1 (.../ec2launch-config.html), with placeholder passwords.
    const yml = [
      'version: 1.0',
      'config:',
      '  - stage: preReady',
      '    tasks:',
      '      - task: setAdminAccount',
      '        inputs:',
      '          name: Administrator',
      '          password:',
      '            type: static',
      '            data: placeholder-secret',
      '',
    ].join('\r\n');
    const json = JSON.stringify({
      setComputerName: false,
      setWallpaper: true,
      addDnsSuffixList: true,
      extendBootVolumeSize: true,
      handleUserData: true,
      adminPasswordType: 'Specify',
      adminPassword: 'placeholder-secret',
    });
    const m: Machine = {
      hives: {},
      volumeFiles: {
        'ProgramData\\Amazon\\EC2Launch\\config\\agent-config.yml': Buffer.from(yml),
        'ProgramData\\Amazon\\EC2-Windows\\Launch\\Config\\LaunchConfig.json': Buffer.from(json),
      },
    };
    const live = await liveFacts(m, awsAdminPasswordsDerivation, 'cloud-agents', 'Get-PresealAwsAdminPasswords');
    const volume = dirname(lastWindowsDir!);
    const offline = offlineFacts(m, awsAdminPasswordsDerivation, {
      windowsPath: (rel) => join(lastWindowsDir!, ...rel.split('\\')),
      volumePath: (rel) => join(volume, ...rel.split('\\')),
    });
    expect(offline).toEqual({
      facts: {
        files: [
          {
            path: join(volume, 'ProgramData', 'Amazon', 'EC2Launch', 'config', 'agent-config.yml'),
            agent: 'EC2Launch v2',
            passwordType: 'static',
            passwordSet: true,
            error: null,
          },
          {
            path: join(volume, 'ProgramData', 'Amazon', 'EC2-Windows', 'Launch', 'Config', 'LaunchConfig.json'),
            agent: 'EC2Launch v1',
            passwordType: 'Specify',
            passwordSet: true,
            error: null,
          },
        ],
      },
    });
    expect(JSON.stringify(offline)).not.toContain('placeholder-secret');
    expect(live).toEqual(offline);
  });
});

describe.skipIf(skip)('iis and nps: the collectors on the same files = the offline derivations', () => {
  /** Paths as Join-Path $env:WINDIR 'System32\\...' makes them under pwsh on Linux (backslashes become '/'). */
  const joinPath = (): DeriveContext => ({ windowsPath: (rel) => join(lastWindowsDir!, ...rel.split('\\')), volumePath: (rel) => rel });

  it('applicationHost.config with an encrypted application pool password', async () => {
    // An application pool identity as IIS stores it, the password encrypted by the AES provider
    // (learn.microsoft.com/iis/configuration/system.applicationhost/applicationpools/add/processmodel),
    // with a placeholder in place of the cipher text.
    const config = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<configuration>',
      '  <system.applicationHost>',
      '    <applicationPools>',
      '      <add name="BuildPool" managedRuntimeVersion="v4.0">',
      '        <processModel identityType="SpecificUser" userName="CONTOSO\\svc-build" password="[enc:IISWASOnlyAesProvider:placeholder-cipher:enc]" />',
      '      </add>',
      '    </applicationPools>',
      '  </system.applicationHost>',
      '</configuration>',
    ].join('\r\n');
    const m: Machine = { hives: {}, files: { 'System32\\inetsrv\\config\\applicationHost.config': Buffer.from(config) } };
    const live = await liveFacts(m, iisDerivation, 'roles', 'Get-PresealIis');
    const offline = offlineFacts(m, iisDerivation, joinPath());
    expect(offline).toEqual({
      facts: {
        configPath: join(lastWindowsDir!, 'System32', 'inetsrv', 'config', 'applicationHost.config'),
        encryptedAttributes: [
          {
            element: "configuration/system.applicationHost/applicationPools/add[@name='BuildPool']/processModel",
            attribute: 'password',
            provider: 'IISWASOnlyAesProvider',
          },
        ],
      },
    });
    expect(live).toEqual(offline);
  });

  it('ias.xml with a RADIUS client and a remote server group', async () => {
    // The NPS configuration file layout (learn.microsoft.com/windows-server/networking/technologies/nps/nps-manage-export):
    // client and group names only; the shared secret is never read out.
    const ias = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Root><Children><Microsoft_Internet_Authentication_Service><Children><Protocols><Children><Microsoft_Radius_Protocol><Children>',
      '<Clients><Children><Switch1 name="Switch1"><Properties><Shared_Secret>placeholder-secret</Shared_Secret></Properties></Switch1></Children></Clients>',
      '</Children></Microsoft_Radius_Protocol></Children></Protocols>',
      '<Proxy_Server_Groups><Children><Remote1 name="Remote RADIUS Group 1"/></Children></Proxy_Server_Groups>',
      '</Children></Microsoft_Internet_Authentication_Service></Children></Root>',
    ].join('\r\n');
    const m: Machine = { hives: {}, files: { 'System32\\ias\\ias.xml': Buffer.from(ias) } };
    const live = await liveFacts(m, npsDerivation, 'roles', 'Get-PresealNps');
    const offline = offlineFacts(m, npsDerivation, joinPath());
    expect(offline).toEqual({
      facts: { configPath: join(lastWindowsDir!, 'System32', 'ias', 'ias.xml'), radiusClients: ['Switch1'], remoteServerGroups: ['Remote RADIUS Group 1'] },
    });
    expect(JSON.stringify(offline)).not.toContain('placeholder-secret');
    expect(live).toEqual(offline);
  });
});

describe.skipIf(skip)('remoteAccessPolicy and winRmListeners: the live raw reads = the hive files', () => {
  const dword = (n: number) => Buffer.from(Uint32Array.of(n >>> 0).buffer).toString('hex');
  const sz = (t: string) => utf16(`${t}\0`);
  const anchor = { path: ['Microsoft', 'Windows NT', 'CurrentVersion'], values: [{ name: 'ProductName', type: 1, hex: sz('Windows Server 2022 Datacenter') }] };

  it('Group Policy values of the RD Session Host and the Windows Firewall profiles, written by python3-hivex', async () => {
    requireHivex();
    // The keep-alive and reconnect values are the ones Azure's preparation page writes under the policy key
    // (learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image); a GPO turns NLA and
    // the domain profile's Remote Desktop exception off; MaxInstanceCount 0xFFFFFFFF is the page's "no limit".
    const software = buildHive(
      {
        keys: [
          anchor,
          {
            path: ['Policies', 'Microsoft', 'Windows NT', 'Terminal Services'],
            values: [
              { name: 'KeepAliveEnable', type: 4, hex: dword(1) },
              { name: 'KeepAliveInterval', type: 4, hex: dword(1) },
              { name: 'fDisableAutoReconnect', type: 4, hex: dword(0) },
              { name: 'UserAuthentication', type: 4, hex: dword(0) },
              { name: 'MaxInstanceCount', type: 4, hex: dword(0xffffffff) },
            ],
          },
          { path: ['Policies', 'Microsoft', 'WindowsFirewall', 'DomainProfile'], values: [{ name: 'EnableFirewall', type: 4, hex: dword(1) }] },
          {
            path: ['Policies', 'Microsoft', 'WindowsFirewall', 'DomainProfile', 'Services', 'RemoteDesktop'],
            values: [
              { name: 'Enabled', type: 4, hex: dword(0) },
              { name: 'RemoteAddresses', type: 1, hex: sz('*') },
            ],
          },
          {
            path: ['Policies', 'Microsoft', 'WindowsFirewall', 'StandardProfile', 'IcmpSettings'],
            values: [{ name: 'AllowInboundEchoRequest', type: 4, hex: dword(1) }],
          },
        ],
      },
      unpack(),
      'SOFTWARE',
    );
    const { live, offline } = await derivedParity({ hives: { SOFTWARE: software } }, remoteAccessPolicyDerivation);
    expect(offline).toEqual({
      facts: {
        terminalServices: {
          fDenyTSConnections: null,
          userAuthentication: 0,
          keepAliveEnable: 1,
          keepAliveInterval: 1,
          fDisableAutoReconnect: 0,
          maxInstanceCount: -1,
        },
        firewall: {
          domain: { enableFirewall: 1, remoteDesktop: 0, icmpEchoRequest: null },
          standard: { enableFirewall: null, remoteDesktop: null, icmpEchoRequest: 1 },
        },
      },
    });
    expect(live).toEqual(offline);
  });

  it('WinRM listeners as the WinRM service stores them: *+HTTP with Port, *+HTTPS without', async () => {
    requireHivex();
    const listener = ['Microsoft', 'Windows', 'CurrentVersion', 'WSMAN', 'Listener'];
    const software = buildHive(
      {
        keys: [
          anchor,
          {
            path: [...listener, '*+HTTP'],
            values: [
              { name: 'uriprefix', type: 1, hex: sz('wsman') },
              { name: 'Port', type: 4, hex: dword(5985) },
            ],
          },
          {
            path: [...listener, '*+HTTPS'],
            values: [
              { name: 'uriprefix', type: 1, hex: sz('wsman') },
              { name: 'certThumbprint', type: 1, hex: sz('341B58BC25D182D844B64BF7FC52D1D751625960') },
            ],
          },
          { path: [...listener, 'IP:10.0.0.4+http'], values: [{ name: 'Port', type: 1, hex: sz('8080') }] },
          // Policy CSP RemoteManagement/AllowRemoteServerManagement, enabled with its IPv4/IPv6 filters.
          {
            path: ['Policies', 'Microsoft', 'Windows', 'WinRM', 'Service'],
            values: [
              { name: 'AllowAutoConfig', type: 4, hex: dword(1) },
              { name: 'IPv4Filter', type: 1, hex: sz('*') },
            ],
          },
        ],
      },
      unpack(),
      'SOFTWARE',
    );
    const { live, offline } = await derivedParity({ hives: { SOFTWARE: software } }, winRmListenersDerivation);
    const key = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WSMAN\\Listener\\';
    expect(offline).toEqual({
      facts: {
        listeners: [
          { key: `${key}*+HTTP`, address: '*', transport: 'HTTP', port: 5985 },
          { key: `${key}*+HTTPS`, address: '*', transport: 'HTTPS', port: 5986 },
          { key: `${key}IP:10.0.0.4+http`, address: 'IP:10.0.0.4', transport: 'HTTP', port: 8080 },
        ],
        policyAutoConfig: 1,
      },
    });
    expect(live).toEqual(offline);
  });

  it('a SOFTWARE hive without the listener key or any policy: empty and null on both sides', async () => {
    requireHivex();
    const software = buildHive({ keys: [anchor] }, unpack(), 'SOFTWARE');
    const m = { hives: { SOFTWARE: software } };
    const listeners = await derivedParity(m, winRmListenersDerivation);
    expect(listeners.offline).toEqual({ facts: { listeners: [], policyAutoConfig: null } });
    expect(listeners.live).toEqual(listeners.offline);
    const policy = await derivedParity(m, remoteAccessPolicyDerivation);
    expect(policy.live).toEqual(policy.offline);
  });

  it('without a SOFTWARE hive: an error offline, never "no policy, no listener"', () => {
    const m = { hives: { SYSTEM: join(unpack('SYSTEM'), 'SYSTEM') } };
    expect(offlineFacts(m, remoteAccessPolicyDerivation)).toEqual({ error: 'SOFTWARE hive not present' });
    expect(offlineFacts(m, winRmListenersDerivation)).toEqual({ error: 'SOFTWARE hive not present' });
  });
});

describe.skipIf(skip)("the live probe's raw reads: each value kind with its exact type and bytes", () => {
  /**
   * A SYSTEM hive written by python3-hivex with a value of every kind .NET reads (REG_NONE,
   * REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ with an empty string inside,
   * REG_QWORD), one of a type .NET does not name (REG_RESOURCE_LIST, 8), a default value, and
   * subkeys for a tree read. Read-PresealRawReads (real lib.ps1) gets them through its .NET seam as
   * .NET hands them over; what it returns must be the hive's own types and bytes.
   */
  const key = 'Kinds';
  const values = [
    { name: 'None', type: 0, hex: '' },
    { name: 'Sz', type: 1, hex: utf16('Contoso Ltd.\0') },
    { name: 'ExpandSz', type: 2, hex: utf16('%SystemRoot%\\TEMP\0') },
    { name: 'Binary', type: 3, hex: '00ff10' },
    { name: 'Dword', type: 4, hex: 'feffffff' },
    { name: 'MultiSz', type: 7, hex: utf16('\\??\\C:\\a.dll\0\0\\??\\C:\\b.dll\0C:\\c.dll\0\0') },
    { name: 'Qword', type: 11, hex: '0100000002000000' },
    { name: '', type: 1, hex: utf16('the default value\0') },
  ];
  let m: Machine;
  beforeAll(() => {
    requireHivex();
    m = {
      hives: {
        SYSTEM: buildHive(
          {
            keys: [
              { path: [key], values: [...values, { name: 'ResourceList', type: 8, hex: '01000000' }] },
              { path: [key, 'Child'], values: [{ name: 'Leaf', type: 4, hex: '07000000' }] },
              { path: [key, 'Child', 'Grandchild'] },
            ],
          },
          unpack(),
          'SYSTEM',
        ),
      },
    };
  });

  it('returns each value as the hive holds it, a missing value or key as absent, an unknown type as an error', async () => {
    const plan = [
      ...values.map((v) => ({ hive: 'SYSTEM' as const, key, value: v.name })),
      { hive: 'SYSTEM' as const, key, value: null },
      { hive: 'SYSTEM' as const, key, value: 'Missing' },
      { hive: 'SYSTEM' as const, key: 'NoSuchKey', value: null },
      { hive: 'SYSTEM' as const, key, value: 'ResourceList' },
    ];
    const live = await liveRawReads(m, plan);
    const hive = rawReadsFrom(registryOf(m), plan);
    for (const [i, v] of values.entries()) {
      expect(live[i], v.name || '(default)').toEqual({ hive: 'SYSTEM', key, value: v.name, type: v.type, data: Buffer.from(v.hex, 'hex').toString('base64') });
      expect(live[i]).toEqual(hive[i]);
    }
    expect(live[values.length]).toEqual({ hive: 'SYSTEM', key, value: null, type: 0, data: '' });
    expect(live[values.length + 1]).toEqual({ hive: 'SYSTEM', key, value: 'Missing', absent: true });
    expect(live[values.length + 2]).toEqual({ hive: 'SYSTEM', key: 'NoSuchKey', value: null, absent: true });
    expect(live[values.length + 3]).toMatchObject({ error: expect.stringMatching(/ResourceList could not be read: .*type .*\.NET does not read/) });
  });

  it('reads a key tree to its depth, values with their bytes, subkeys below the depth by name only', async () => {
    const plan = [
      { hive: 'SYSTEM' as const, key: `${key}\\Child`, tree: 0 },
      { hive: 'SYSTEM' as const, key: `${key}\\Child`, tree: 1 },
    ];
    const live = await liveRawReads(m, plan);
    expect(live[0]).toEqual({
      hive: 'SYSTEM',
      key: `${key}\\Child`,
      tree: 0,
      keyTree: { name: 'Child', values: [{ name: 'Leaf', type: 4, data: 'BwAAAA==' }], subkeys: [{ name: 'Grandchild', values: [], subkeys: [] }] },
    });
    expect(live).toEqual(rawReadsFrom(registryOf(m), plan));
  });

  it('an unreadable key is an access-denied error, never absent', async () => {
    // registryJson serves a key whose hive read failed as a key that throws SecurityException.
    const plan = [{ hive: 'SOFTWARE' as const, key: 'Microsoft\\Updates', value: 'UpdateExeVolatile' }];
    const [read] = await liveRawReads(m, plan);
    expect(read).toEqual({
      hive: 'SOFTWARE',
      key: 'Microsoft\\Updates',
      value: 'UpdateExeVolatile',
      error:
        'access denied: the registry key HKLM\\SOFTWARE\\Microsoft\\Updates could not be read (Requested registry access is not allowed.); this group needs an elevated Administrator session',
    });
  });
});

describe.skipIf(skip)('every group derived live, through the envelope: the real SYSTEM hive and a hivex-built SOFTWARE', () => {
  it('the probe raw reads of the whole live plan → deriveLiveGroups = the offline derivations of the hive files', async () => {
    requireHivex();
    const { deriveLiveGroups, LIVE_READ_PLAN, LIVE_DERIVED_GROUPS } = await import('../../src/platforms/windows/live.js');
    const ini = Buffer.from('[State]\r\nImageState=IMAGE_STATE_COMPLETE\r\n', 'utf8');
    const m: Machine = {
      hives: { SYSTEM: join(unpack('SYSTEM'), 'SYSTEM'), SOFTWARE: softwareHive(unpack()) },
      files: { 'Setup\\State\\State.ini': ini },
    };
    const reads = await liveRawReads(m, [...LIVE_READ_PLAN]);
    expectSameReads(reads, rawReadsFrom(registryOf(m), [...LIVE_READ_PLAN]), LIVE_READ_PLAN);
    // The real hive's routes are REG_SZ values without data: the probe can only return them NUL-terminated.
    expect(reads.some((r) => 'keyTree' in r && r.keyTree.values.some((v) => v.type === 1 && v.data === 'AAA='))).toBe(true);
    // remoteAccess's collector gives only the WinRM service's state (collectors/network.ps1).
    const winRm = { status: 'Running', startType: 'Manual' };
    const envelope = deriveLiveGroups({
      schemaVersion: 2,
      platform: 'windows',
      probe: { live: true, elevated: true },
      facts: { remoteAccess: { winRm } },
      errors: {},
      notApplicable: {},
      rawReads: { windowsDir: 'C:\\Windows', systemDrive: 'C:', reads },
    }) as { facts: Record<string, unknown>; errors: Record<string, string>; rawReads?: unknown };
    expect(envelope.rawReads).toBeUndefined();
    const offline = deriveGroups(registryOf(m), [...LIVE_DERIVATIONS, remoteAccessDerivation], windowsContext());
    expect(Object.keys(envelope.facts).sort()).toEqual([...LIVE_DERIVED_GROUPS, 'remoteAccess'].sort());
    expect(envelope.errors).toEqual({});
    expect(envelope.facts).toEqual({ ...offline.facts, remoteAccess: { ...(offline.facts['remoteAccess'] as object), winRm } });
    // The real Windows 7 hive's RDP listener settings, as the offline derivation reads them.
    expect(envelope.facts['remoteAccess']).toMatchObject({ portNumber: 3389 });
    expect(envelope.facts['sysprepState']).toMatchObject({ stateIniImageState: 'IMAGE_STATE_COMPLETE', generalizationState: 7 });
    expect(envelope.facts['pendingReboot']).toMatchObject({ cbsRebootPending: true, updateExeVolatile: 1 });
  });
});

/** An LCM AgentId in the shape the LCM writes (a GUID); only whether it is set may come out. */
const DSC_AGENT_ID = '4D1C9B2E-7A3F-11EE-8C90-0242AC120002';

describe.skipIf(skip)('dscAgent: the live raw reads = the hive files, and the AgentId itself in neither', () => {
  beforeAll(() => requireHivex());

  const cases: { name: string; values: { name: string; type: number; hex: string }[] | null; facts: { keyExists: boolean; agentIdSet: boolean } }[] = [
    {
      name: 'an AgentId the LCM wrote (REG_SZ GUID)',
      values: [{ name: 'AgentId', type: 1, hex: utf16(`${DSC_AGENT_ID}\0`) }],
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
      // Every SOFTWARE hive has Windows NT\CurrentVersion; without it the group is an error (below).
      const anchor = { path: ['Microsoft', 'Windows NT', 'CurrentVersion'] };
      const keys = c.values === null ? [anchor] : [anchor, { path: ['Microsoft', 'DesiredStateConfiguration'], values: c.values }];
      const software = buildHive({ keys }, unpack(), 'SOFTWARE');
      const { live, offline } = await derivedParity({ hives: { SOFTWARE: software } }, dscAgentDerivation);
      expect(offline).toEqual({ facts: c.facts });
      expect(live).toEqual(offline);
      expect(JSON.stringify(live)).not.toContain(DSC_AGENT_ID);
    });
  }

  it('a SOFTWARE hive without Windows NT\\CurrentVersion: an error on both sides, never "no AgentId"', async () => {
    const software = buildHive({ keys: [{ path: ['Microsoft', 'Windows'] }] }, unpack(), 'SOFTWARE');
    const { live, offline } = await derivedParity({ hives: { SOFTWARE: software } }, dscAgentDerivation);
    expect(offline).toEqual({ error: 'the registry key HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion is not readable' });
    expect(live).toEqual(offline);
  });
});
