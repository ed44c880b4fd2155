import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { windowsFacts } from '../../src/facts/windows/index.js';
import { validateEnvelope } from '../../src/facts/envelope.js';
import { buildWindowsFixture, missingGroups, windowsFixtureMachines } from '../../scripts/build-windows-fixtures.js';
import { machines, SAM_ACCOUNT_DOMAIN, SECURITY_ACCOUNT_DOMAIN } from '../../fixtures/windows/src/machines.js';
import { PYTHON, requireHivex, unpack } from '../hive/helpers.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

// What the Windows rules say about each machine (every other Windows rule passes or does not apply).
const expected: Record<string, Record<string, 'fail' | 'unknown'>> = {
  // W061: with Remote Desktop on, every machine holds the certificate Remote Desktop made for itself.
  'clean-server-2022': { W061: 'fail' },
  'domain-member-wsus': { W001: 'fail', W003: 'fail', W008: 'fail', W026: 'fail', W030: 'fail', W036: 'fail', W061: 'fail' },
  'win11-store-app': { W004: 'fail', W005: 'fail', W006: 'fail', W018: 'fail', W024: 'fail', W025: 'fail', W028: 'fail', W061: 'fail' },
  'failed-sysprep': { W010: 'fail', W011: 'fail', W012: 'fail', W013: 'fail', W020: 'fail', W021: 'fail', W033: 'fail', W061: 'fail' },
  'bitlocker-on': { W006: 'unknown', W023: 'fail', W044: 'fail', W061: 'fail' },
};
const windowsRules = rules.filter((r) => r.platform === 'windows').length;
const mine = (id: string) => /^W\d{3}$/.test(id);

describe('Windows fixture machines', () => {
  it('has an expectation for every machine', () => {
    expect(Object.keys(expected).sort()).toEqual(windowsFixtureMachines);
  });

  for (const machine of windowsFixtureMachines) {
    describe(machine, () => {
      const built = buildWindowsFixture(machine);

      it('is up to date with fixtures/windows/src (npx tsx scripts/build-windows-fixtures.ts)', () => {
        const onDisk = JSON.parse(readFileSync(join(root, 'fixtures/windows', `${machine}.json`), 'utf8'));
        expect(onDisk).toEqual(built);
      });

      it('reports every Windows group, and each matches its schema', () => {
        expect(missingGroups(built)).toEqual([]);
        const checked = validateEnvelope(built, { target: machine, collectedAt: 'x' });
        const declaredErrors = built['errors'] as Record<string, string>;
        const schemaErrors = Object.entries(checked.errors).filter(([k]) => !Object.hasOwn(declaredErrors, k));
        expect(schemaErrors).toEqual([]);
        for (const key of Object.keys(windowsFacts)) {
          if (key in checked.facts) expect(windowsFacts[key as keyof typeof windowsFacts].schema.safeParse(checked.facts[key]).success).toBe(true);
        }
      });

      it('lints to the expected Windows results through the CLI', async () => {
        const file = join(root, 'fixtures/windows', `${machine}.json`);
        const out = await run(process.execPath, [join(root, 'bin/preseal.js'), 'lint', `facts:${file}`, '--format', 'json'], { cwd: root }).catch(
          (e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code }),
        );
        expect(out.stdout, `preseal printed no report; stderr: ${out.stderr}`).not.toBe('');
        const report = JSON.parse(out.stdout) as { targets: { error: unknown; results: { ruleId: string; status: string }[] }[] };
        const target = report.targets[0];
        expect(target?.error).toBeNull();
        const got = Object.fromEntries(
          (target?.results ?? []).filter((r) => mine(r.ruleId) && (r.status === 'fail' || r.status === 'unknown')).map((r) => [r.ruleId, r.status]),
        );
        expect(got).toEqual(expected[machine]);
        const ran = (target?.results ?? []).filter((r) => mine(r.ruleId)).length;
        expect(ran).toBe(windowsRules);
      }, 60_000);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The citations of fixtures/windows/src/machines.ts, checked so that they cannot silently rot.
// ---------------------------------------------------------------------------------------------

/**
 * Win32_ServerFeature IDs and names, transcribed from the class page
 * https://learn.microsoft.com/windows/win32/wmisdk/win32-serverfeature
 * (MicrosoftDocs/win32 desktop-src/WmiSdk/win32-serverfeature.md at 47e64c189dcb1c1a42c221380ccf0ec81cc82d4b).
 * MAIN is the page's list of "possible values of the ID property"; it gives no parent for them.
 * CHILDREN holds the page's "Parent ID: N" tables that the fixtures use (others are not transcribed:
 * a fixture that uses one fails here until it is).
 */
const SERVER_FEATURE_MAIN: [number, string][] = [
  [1, 'Application Server'],
  [2, 'Web Server (IIS)'],
  [3, 'Streaming Media Services'],
  [5, 'Fax Server'],
  [6, 'File and iSCSI Services'],
  [7, 'Print and Document Services'],
  [8, 'Active Directory Federation Services'],
  [9, 'Active Directory Lightweight Directory Services'],
  [10, 'Active Directory Domain Services'],
  [11, 'UDDI Services'],
  [12, 'DHCP Server'],
  [13, 'DNS Server'],
  [14, 'Network Policy and Access Services'],
  [16, 'Active Directory Certificate Services'],
  [17, 'Active Directory Rights Management Services'],
  [18, 'Remote Desktop Services'],
  [19, 'Windows Deployment Services'],
  [20, 'Hyper-V'],
  [21, 'Windows Server Update Services'],
  [33, 'Failover Clustering'],
  [34, 'Network Load Balancing'],
  [36, '.NET Framework 3.5.1 Features'],
  [37, 'Windows System Resource Manager'],
  [38, 'Wireless LAN Service'],
  [39, 'Windows Server Backup Features'],
  [40, 'WINS Server'],
  [41, 'Windows Process Activation Service'],
  [42, 'Remote Assistance'],
  [43, 'Simple TCP/IP Services'],
  [44, 'Telnet Client'],
  [45, 'Telnet Server'],
  [46, 'Subsystem For Unix-based Applications'],
  [47, 'RPC Over HTTP Proxy'],
  [48, 'SMTP Server'],
  [49, 'Message Queuing'],
  [51, 'Windows Internal Database'],
  [52, 'Storage Manager For SANs'],
  [53, 'LPR Port Monitor'],
  [55, 'Internet Storage Name Server'],
  [57, 'Multipath I/O'],
  [58, 'TFTP Client'],
  [59, 'SNMP Services'],
  [60, 'Removable Storage Manager'],
  [61, 'BitLocker Drive Encryption'],
  [62, 'Services For Network File System'],
  [63, 'Internet Printing Client'],
  [64, 'Peer Name Resolution Protocol'],
  [65, 'Connection Manager Administration Kit'],
  [66, 'Windows PowerShell'],
  [67, 'Remote Server Administration Tools'],
  [68, 'Quality Windows Audio Video Experience'],
  [69, 'Group Policy Management'],
  [71, 'Indexing Service'],
  [72, 'File Server Resource Manager (FSRM)'],
  [73, 'Remote Differential Compression'],
  [310, 'Ink and Handwriting Services'],
  [320, 'Windows Server Migration Tools'],
  [321, 'WinRM IIS Extension'],
  [324, 'BranchCache'],
  [334, 'DirectAccess Management Console'],
  [335, 'Background Intelligent Transfer Service (BITS)'],
  [338, 'XPS Viewer'],
  [339, 'Windows Biometric Framework'],
  [340, 'WoW64 Support'],
  [351, 'Windows PowerShell Integrated Scripting Environment (ISE)'],
  [352, 'Windows TIFF IFilter'],
  [404, 'Window Server Update Services'],
  [409, 'IP Address Management (IPAM) Server'],
  [417, 'Windows PowerShell'],
  [418, '.NET Framework 4.5'],
  [432, 'Windows Search Service'],
  [438, 'Client for NFS'],
  [441, 'BitLocker Network Unlock'],
  [442, 'Management OData IIS Extension'],
  [450, '.NET Framework 4.5 Advanced Services'],
  [466, '.NET Framework 4.5 Features'],
  [468, 'Remote Access'],
  [477, 'User Interfaces and Infrastructure'],
  [478, 'Graphical Management Tools and Infrastructure'],
  [481, 'File and Storage Services'],
  [485, 'Windows Server Essentials Experience'],
  [488, 'Direct Play'],
];
const SERVER_FEATURE_CHILDREN: Record<number, [number, string][]> = {
  6: [
    [100, 'Distributed File System'],
    [101, 'DFS Namespace'],
    [102, 'DFS Replication'],
    [103, 'File Replication Service'],
    [104, 'File Server Resource Manager (FSRM)'],
    [105, 'Services For Network File System'],
    [106, 'Single Instance Storage'],
    [107, 'Windows Search Service'],
    [108, 'Indexing Service'],
    [255, 'File Server'],
    [350, 'BranchCache for Network Files'],
    [431, 'Server for NFS'],
    [434, 'File Server VSS Agent Service'],
    [435, 'iSCSI Target Server'],
    [436, 'Data Deduplication'],
    [437, 'iSCSI Target Storage Provider (VDS and VSS hardware providers)'],
    [486, 'Work Folders'],
  ],
  404: [
    [405, 'API and PowerShell cmdlets'],
    [406, 'SQL Server Connectivity'],
    [407, 'WSUS Services'],
    [408, 'User Interface Management Console'],
    [449, 'WID Connectivity'],
  ],
  417: [
    [411, 'Windows PowerShell 2.0 Engine'],
    [412, 'Windows PowerShell 3.0'],
    [448, 'Windows PowerShell Web Access'],
    [1000, 'Windows PowerShell Desired State Configuration Service'],
  ],
  418: [
    [419, '.NET Framework 4.5 Extended'],
    [420, 'WCF Services'],
    [421, 'HTTP Activation'],
    [422, 'Message Queuing (MSMQ) Activation'],
    [423, 'Named Pipe Activation'],
    [424, 'TCP Activation'],
    [425, 'TCP Port Sharing'],
    [429, 'ASP.NET 4.5'],
  ],
  468: [
    [469, 'DirectAccess and VPN (RAS)'],
    [470, 'Routing'],
  ],
  481: [
    [482, 'Storage Services'],
    [484, 'Failover Cluster Management Tools'],
  ],
};
/** The page's own typos, and the spelling Windows prints (its Remarks list 21 as "Windows Server Update Services"). */
const SERVER_FEATURE_SPELLING: Record<number, string> = { 404: 'Windows Server Update Services' };
/** Parents the page does not give, as Server Manager's tree shows them (see machines.ts). */
const SERVER_FEATURE_TREE: Record<number, number> = { 418: 466 };

/**
 * Win32_OperatingSystem Caption ("Microsoft " and the product name, the class page's example being
 * "Microsoft Windows 7 Enterprise"), Version and BuildNumber of the releases the fixtures use, with the
 * build whose system files the release ships (an enablement package keeps the older build's files).
 */
const RELEASES: { caption: string; version: string; build: string; fileBuild: number; source: string }[] = [
  {
    caption: 'Microsoft Windows Server 2022 Datacenter',
    version: '10.0.20348',
    build: '20348',
    fileBuild: 20348,
    source: 'https://learn.microsoft.com/windows/release-health/windows-server-release-info (Windows Server 2022, build 20348)',
  },
  {
    caption: 'Microsoft Windows 11 Enterprise',
    version: '10.0.22631',
    build: '22631',
    fileBuild: 22621,
    source:
      'https://learn.microsoft.com/windows/release-health/windows11-release-information (23H2, build 22631); KB5027397: 22H2 and 23H2 share "an identical set of system files"',
  },
];
/** Windows 10 22H2 (the upgrade source): https://learn.microsoft.com/windows/release-health/release-information */
const WINDOWS10_22H2 = { productName: 'Windows 10 Enterprise', build: 19045 };

/** Domain SIDs that no real data gives: each illustrative, kept in the S-1-5-21-x-y-z form. */
const ILLUSTRATIVE_DOMAIN_SIDS = new Set(['S-1-5-21-1409082233-1417001333-682003330']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const allStrings = (value: unknown): string[] => {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
    }
  };
  walk(value);
  return out;
};

/**
 * A SID string as [MS-DTYP] 2.4.2.1 and "SID Components" (learn.microsoft.com/windows/win32/secauthz/sid-components)
 * give it: S-1-IdentifierAuthority-SubAuthority..., at most 15 32-bit sub-authorities.
 */
function sidProblem(sid: string): string | null {
  const m = /^S-1-(\d+)((?:-\d+)+)$/.exec(sid);
  if (!m) return 'not S-1-<authority>-<sub-authorities>';
  if (Number(m[1]) >= 2 ** 48) return 'identifier authority over 48 bits';
  const subs = (m[2] as string).slice(1).split('-').map(Number);
  if (subs.length > 15) return 'more than 15 sub-authorities';
  if (subs.some((s) => s > 0xffffffff)) return 'a sub-authority over 32 bits';
  return null;
}

describe('Windows fixture machines: values and their sources', () => {
  const envelopes = Object.fromEntries(windowsFixtureMachines.map((m) => [m, buildWindowsFixture(m)]));
  const facts = (m: string) => envelopes[m]?.['facts'] as Record<string, Record<string, Json>>;
  const notApplicable = (m: string) => envelopes[m]?.['notApplicable'] as Record<string, string>;

  it('every SID is well formed, and every account-domain SID is real data or listed as illustrative', () => {
    const seen: string[] = [];
    for (const m of windowsFixtureMachines) {
      for (const text of allStrings(facts(m))) {
        for (const sid of text.match(/S-1-[\d-]+\d/g) ?? []) {
          seen.push(sid);
          expect(sidProblem(sid), `${m}: ${sid}`).toBeNull();
          if (!sid.startsWith('S-1-5-21-')) {
            // Well-known SIDs (learn.microsoft.com/windows/win32/secauthz/well-known-sids).
            expect(['S-1-5-18', 'S-1-5-19', 'S-1-5-20'], `${m}: ${sid}`).toContain(sid);
            continue;
          }
          // A domain SID is S-1-5-21-x-y-z and an account adds its RID.
          const parts = sid.split('-');
          expect(parts.length, `${m}: ${sid} is S-1-5-21-x-y-z-RID`).toBe(8);
          const domain = parts.slice(0, 7).join('-');
          const rid = Number(parts[7]);
          expect([SAM_ACCOUNT_DOMAIN, SECURITY_ACCOUNT_DOMAIN, ...ILLUSTRATIVE_DOMAIN_SIDS], `${m}: ${sid}`).toContain(domain);
          // A built-in account's well-known RID (Administrator 500, Guest 501, DefaultAccount 503, WDAGUtilityAccount 504:
          // learn.microsoft.com/windows-server/identity/ad-ds/manage/understand-security-identifiers) or an account
          // created later (RIDs from 1000 on: SAM.gz's first user has 1000, checked below).
          expect([500, 501, 503, 504].includes(rid) || rid >= 1000, `${m}: ${sid} RID`).toBe(true);
        }
      }
      const identity = facts(m)['identity'] as { name: string; sid: string };
      if (identity.name.endsWith('\\Administrator')) expect(identity.sid.endsWith('-500'), `${m}: the built-in Administrator has RID 500`).toBe(true);
    }
    expect(seen.length).toBeGreaterThan(10);
  });

  it('computer names are NetBIOS names, and account names carry the machine or the domain they belong to', () => {
    for (const m of windowsFixtureMachines) {
      const cs = facts(m)['computerSystem'] as { name: string; partOfDomain: boolean; domain: string; workgroup: string | null; domainRole: number };
      // "up to 15 bytes of OEM characters including letters, digits, hyphens, and periods"
      // (learn.microsoft.com/windows/win32/sysinfo/computer-names).
      expect(cs.name, m).toMatch(/^[A-Za-z0-9.-]{1,15}$/);
      // Win32_ComputerSystem.DomainRole: 0 standalone workstation, 2 standalone server, 1/3 members.
      const server = String((facts(m)['os'] as { name: string }).name).includes('Server');
      expect(cs.domainRole, m).toBe((server ? 2 : 0) + (cs.partOfDomain ? 1 : 0));
      if (!cs.partOfDomain) expect(cs.domain, `${m}: Domain is the workgroup's name off a domain`).toBe(cs.workgroup);
      // The default NetBIOS domain name is the DNS name's leftmost label (NetBIOS Domain Names, cc961556).
      const owners = cs.partOfDomain ? [cs.name, (cs.domain.split('.')[0] as string).toUpperCase()] : [cs.name];
      const accounts = [envelopes[m]?.['probe'] as { user: string }].map((p) => p.user);
      accounts.push((facts(m)['identity'] as { name: string }).name);
      const appx = facts(m)['appxPackages'] as { packages: { users: { account: string | null }[] }[] } | undefined;
      for (const p of appx?.packages ?? []) for (const u of p.users) if (u.account) accounts.push(u.account);
      for (const a of accounts) expect(owners, `${m}: ${a}`).toContain(a.split('\\')[0]);
    }
  });

  it('GUIDs in braces, tenant IDs and certificate thumbprints have their formats', () => {
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    let checked = 0;
    for (const m of windowsFixtureMachines) {
      for (const text of allStrings(facts(m))) {
        for (const braced of text.match(/\{[^{}]*\}/g) ?? []) {
          if (braced.startsWith('{0x') || /^\{\d+\}$/.test(braced)) continue;
          checked++;
          expect(braced.slice(1, -1), `${m}: ${text}`).toMatch(guid);
        }
      }
      const entra = facts(m)['entraJoin'] as { joins: { key: string; tenantId: string | null }[]; tenants: { tenantId: string }[] } | undefined;
      for (const j of entra?.joins ?? []) {
        checked++;
        expect(j.tenantId ?? '', m).toMatch(guid);
        // JoinInfo\<thumbprint>: a SHA-1 certificate thumbprint, 40 hex digits.
        expect(j.key.split('\\').pop(), m).toMatch(/^[0-9A-F]{40}$/);
      }
      for (const t of entra?.tenants ?? []) expect(t.tenantId, m).toMatch(guid);
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('the probe ran as the identity it reports, whose profile is loaded', () => {
    for (const m of windowsFixtureMachines) {
      const identity = facts(m)['identity'] as { name: string; sid: string };
      expect((envelopes[m]?.['probe'] as { user: string } | undefined)?.user, m).toBe(identity.name);
      const profiles = (facts(m)['userProfiles'] as { profiles: { sid: string; loaded: boolean | null }[] }).profiles;
      expect(profiles.find((p) => p.sid === identity.sid)?.loaded, `${m}: profile of ${identity.sid}`).toBe(true);
    }
  });

  it("every Win32_ServerFeature ID, name and parent is the class page's", () => {
    const name = new Map<number, string>(SERVER_FEATURE_MAIN);
    const parent = new Map<number, number>();
    for (const [p, children] of Object.entries(SERVER_FEATURE_CHILDREN)) {
      for (const [id, n] of children) {
        name.set(id, n);
        parent.set(id, Number(p));
      }
    }
    let checked = 0;
    for (const m of windowsFixtureMachines) {
      const features = (facts(m)['serverFeatures'] as { features: { id: number; parentId: number; name: string }[] } | undefined)?.features ?? [];
      const ids = new Set(features.map((f) => f.id));
      for (const f of features) {
        checked++;
        expect(name.has(f.id), `${m}: ID ${f.id} is not in the transcribed table`).toBe(true);
        expect([name.get(f.id), SERVER_FEATURE_SPELLING[f.id]], `${m}: ID ${f.id}`).toContain(f.name);
        const documented = parent.get(f.id) ?? SERVER_FEATURE_TREE[f.id] ?? 0;
        expect(f.parentId, `${m}: parent of ${f.id}`).toBe(documented);
        if (f.parentId !== 0) expect(ids.has(f.parentId), `${m}: ${f.id} lists its parent ${f.parentId}`).toBe(true);
      }
      // Instances "are not available on client computers" (the class page).
      if (!String((facts(m)['os'] as { name: string }).name).includes('Server')) expect(features, m).toEqual([]);
    }
    expect(name.get(418)).toBe('.NET Framework 4.5');
    expect(checked).toBeGreaterThan(10);
  });

  it('OS captions and builds are from the cited release list, and the build-derived values agree with them', () => {
    for (const m of windowsFixtureMachines) {
      const f = facts(m);
      const os = f['os'] as { name: string; version: string; build: string; arch: string };
      const release = RELEASES.find((r) => r.caption === os.name);
      expect(release, `${m}: ${os.name} is not in the cited list`).toBeDefined();
      if (!release) continue;
      expect({ version: os.version, build: os.build }, m).toEqual({ version: release.version, build: release.build });
      expect((f['licensing'] as { osVersion: string }).osVersion, m).toBe(release.version);
      expect((f['upgradeHistory'] as { currentBuild: number }).currentBuild, m).toBe(Number(release.build));
      const sysprep = f['sysprepBinary'] as { fileVersion: string; fileBuild: number; osBuild: number; kernelBuild: number };
      expect({ fileBuild: sysprep.fileBuild, osBuild: sysprep.osBuild, kernelBuild: sysprep.kernelBuild }, m).toEqual({
        fileBuild: release.fileBuild,
        osBuild: Number(release.build),
        kernelBuild: release.fileBuild,
      });
      expect(sysprep.fileVersion.startsWith(`10.0.${release.fileBuild}.`), m).toBe(true);
      for (const source of (f['upgradeHistory'] as { sourceOs: { productName: string; currentBuild: number }[] }).sourceOs) {
        expect({ productName: source.productName, build: source.currentBuild }, m).toEqual(WINDOWS10_22H2);
      }
    }
  });

  it('the Azure VM Agent is either installed with its services or absent with them (azureGuestAgent, azureAgentServices)', () => {
    for (const m of windowsFixtureMachines) {
      const agent = facts(m)['azureGuestAgent'] as unknown as { guestAgent: unknown; rdAgent: unknown };
      const services = (facts(m)['azureAgentServices'] as unknown as { services: { name: string; service: unknown }[] }).services;
      const service = (name: string) => services.find((s) => s.name === name)?.service ?? null;
      expect(service('WindowsAzureGuestAgent') === null, `${m}: WindowsAzureGuestAgent`).toBe(agent.guestAgent === null);
      expect(service('RdAgent') === null, `${m}: RdAgent`).toBe(agent.rdAgent === null);
    }
  });

  it('BitLocker: documented status values, and on Server only with the BitLocker feature', () => {
    for (const m of windowsFixtureMachines) {
      const f = facts(m);
      const server = String((f['os'] as { name: string }).name).includes('Server');
      const features = (f['serverFeatures'] as { features: { id: number }[] } | undefined)?.features ?? [];
      const bitlocker = f['bitlocker'] as
        | { volumes: { deviceId: string; protectionStatus: number; conversionStatus: number; encryptionPercentage: number }[] }
        | undefined;
      if (server) {
        // Without feature 61 Server has no root\cimv2\Security\MicrosoftVolumeEncryption namespace (issue 16 item 5).
        expect(bitlocker !== undefined, m).toBe(features.some((x) => x.id === 61));
        if (!bitlocker) expect(notApplicable(m)['bitlocker'], m).toMatch(/not installed/);
      }
      for (const v of bitlocker?.volumes ?? []) {
        // GetConversionStatus 0–5, GetProtectionStatus 0–2 (learn.microsoft.com/windows/win32/secprov/…-win32-encryptablevolume).
        expect(v.conversionStatus, m).toBeGreaterThanOrEqual(0);
        expect(v.conversionStatus, m).toBeLessThanOrEqual(5);
        expect([0, 1, 2], m).toContain(v.protectionStatus);
        if (v.conversionStatus === 1) expect(v.encryptionPercentage, m).toBe(100);
        if (v.conversionStatus === 0) expect(v.encryptionPercentage, m).toBe(0);
        expect(v.deviceId, m).toMatch(/^\\\\\?\\Volume\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}\\$/);
      }
    }
  });

  it('Appx full names have the documented Name_Version_Architecture_ResourceId_PublisherId form', () => {
    let checked = 0;
    for (const m of windowsFixtureMachines) {
      const appx = facts(m)['appxPackages'] as { provisioned: string[]; packages: { fullName: string }[] } | undefined;
      for (const name of [...(appx?.provisioned ?? []), ...(appx?.packages ?? []).map((p) => p.fullName)]) {
        checked++;
        // learn.microsoft.com/windows/apps/desktop/modernize/package-identity-overview; a bundle is neutral with resource ID "~".
        expect(name, m).toMatch(/^[A-Za-z0-9.-]+_\d+\.\d+\.\d+\.\d+_(x86|x64|arm|arm64|neutral)_(~|[A-Za-z0-9.-]*)_8wekyb3d8bbwe$/);
        if (name.includes('_neutral_~_')) expect(name, m).toMatch(/_neutral_~_/);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  describe('values taken from the real hives equal what python3-hivex reads from them', () => {
    requireHivex();
    const dir = unpack('SYSTEM', 'SYSTEM_2', 'SAM', 'SECURITY');
    // One hivex call answers every query: [hive, key path ("CCS" = the control set Select\Current names), value name].
    const queries: [string, string, string][] = [
      ['SYSTEM_2', 'Setup', 'SystemSetupInProgress'],
      ['SYSTEM_2', 'Setup', 'OOBEInProgress'],
      ['SYSTEM_2', 'Setup', 'SetupType'],
      ['SYSTEM_2', 'Setup', 'SetupPhase'],
      ['SYSTEM_2', 'Setup\\Status', 'AuditBoot'],
      ['SYSTEM_2', 'Setup\\Status\\ChildCompletion', 'setup.exe'],
      ['SYSTEM_2', 'Setup\\Status\\SysprepStatus', 'GeneralizationState'],
      ['SYSTEM_2', 'Setup\\Status\\SysprepStatus', 'CleanupState'],
      ['SYSTEM_2', 'CCS\\Control\\Session Manager\\Environment', 'TEMP'],
      ['SYSTEM_2', 'CCS\\Control\\Session Manager\\Environment', 'TMP'],
      ['SYSTEM_2', 'CCS\\Control\\Session Manager\\Memory Management', 'PagingFiles'],
      ['SYSTEM_2', 'CCS\\Services\\cdrom', 'Start'],
      ['SYSTEM_2', 'CCS\\Services\\partmgr\\Parameters', 'SanPolicy'],
      ['SYSTEM_2', 'CCS\\Control\\Terminal Server\\WinStations\\RDP-Tcp', 'PortNumber'],
      ['SYSTEM_2', 'CCS\\Control\\Terminal Server\\WinStations\\RDP-Tcp', 'LanAdapter'],
      ['SYSTEM_2', 'CCS\\Control\\Terminal Server\\WinStations\\RDP-Tcp', 'UserAuthentication'],
      ['SYSTEM_2', 'CCS\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules', 'RemoteDesktop-UserMode-In-TCP'],
      ['SYSTEM', 'CCS\\Services\\Tcpip\\Parameters', 'Domain'],
      ['SAM', 'SAM\\Domains\\Account', 'V'],
      ['SAM', 'SAM\\Domains\\Account\\Users\\Names\\Administrator', ''],
      ['SAM', 'SAM\\Domains\\Account\\Users\\Names\\Preston', ''],
      ['SECURITY', 'Policy\\PolAcDmN', ''],
      ['SECURITY', 'Policy\\PolAcDmS', ''],
      ['SECURITY', 'Policy\\PolPrDmN', ''],
    ];
    const script = [
      'import hivex, json, sys',
      'qs = json.load(sys.stdin); out = []; opened = {}',
      'def node(h, path):',
      '    n = h.root()',
      '    for part in path.split("\\\\"):',
      '        n = h.node_get_child(n, part)',
      '        if n is None: return None',
      '    return n',
      'for hive, path, name in qs:',
      '    h = opened.get(hive) or hivex.Hivex(sys.argv[1] + "/" + hive)',
      '    opened[hive] = h',
      '    if path.startswith("CCS\\\\"):',
      '        cur = h.value_dword(h.node_get_value(node(h, "Select"), "Current"))',
      '        path = "ControlSet%03d" % cur + path[3:]',
      '    n = node(h, path)',
      '    v = None if n is None else h.node_get_value(n, name)',
      '    out.append(None if v is None else [h.value_type(v)[0], h.value_value(v)[1].hex()])',
      'print(json.dumps(out))',
    ].join('\n');
    const raw = JSON.parse(execFileSync(PYTHON, ['-c', script, dir], { input: JSON.stringify(queries), encoding: 'utf8' })) as ([number, string] | null)[];
    const read = (hive: string, path: string, name: string): { type: number; data: Buffer } => {
      const i = queries.findIndex(([h, p, n]) => h === hive && p === path && n === name);
      const r = raw[i];
      if (!r) throw new Error(`${hive} has no ${path}\\${name}`);
      return { type: r[0], data: Buffer.from(r[1], 'hex') };
    };
    const dword = (hive: string, path: string, name: string) => read(hive, path, name).data.readUInt32LE(0);
    const text = (hive: string, path: string, name: string) => read(hive, path, name).data.toString('utf16le').replace(/\0+$/, '');
    /** A binary SID (revision, count, 48-bit big-endian authority, 32-bit little-endian sub-authorities) as a string. */
    const sidString = (b: Buffer) => {
      const count = b[1] as number;
      const subs = Array.from({ length: count }, (_, i) => b.readUInt32LE(8 + 4 * i));
      return `S-${b[0]}-${b.readUIntBE(2, 6)}-${subs.join('-')}`;
    };
    /** LSA policy names: a UNICODE_STRING header (Length, MaximumLength, 4-byte offset) then the UTF-16 text. */
    const lsaName = (b: Buffer) => b.subarray(8, 8 + b.readUInt16LE(0)).toString('utf16le');

    const server = machines['clean-server-2022']?.facts as Record<string, Record<string, Json>>;

    it('setup state (SYSTEM_2.gz HKLM\\SYSTEM\\Setup)', () => {
      expect(server['setupStatus']).toEqual({
        systemSetupInProgress: dword('SYSTEM_2', 'Setup', 'SystemSetupInProgress'),
        oobeInProgress: dword('SYSTEM_2', 'Setup', 'OOBEInProgress'),
        setupType: dword('SYSTEM_2', 'Setup', 'SetupType'),
        setupPhase: dword('SYSTEM_2', 'Setup', 'SetupPhase'),
        auditBoot: dword('SYSTEM_2', 'Setup\\Status', 'AuditBoot'),
        childCompletionSetup: dword('SYSTEM_2', 'Setup\\Status\\ChildCompletion', 'setup.exe'),
      });
      const state = server['sysprepState'] as { generalizationState: number; cleanupState: number };
      expect([state.generalizationState, state.cleanupState]).toEqual([
        dword('SYSTEM_2', 'Setup\\Status\\SysprepStatus', 'GeneralizationState'),
        dword('SYSTEM_2', 'Setup\\Status\\SysprepStatus', 'CleanupState'),
      ]);
    });

    it('Azure-relevant settings, page file and Remote Desktop (SYSTEM_2.gz, current control set)', () => {
      const azure = server['azureSettings'] as { temp: string; tmp: string; cdromStart: number; sanPolicy: number };
      expect(read('SYSTEM_2', 'CCS\\Control\\Session Manager\\Environment', 'TEMP').type).toBe(2); // REG_EXPAND_SZ
      expect({ temp: azure.temp, tmp: azure.tmp, cdromStart: azure.cdromStart, sanPolicy: azure.sanPolicy }).toEqual({
        temp: text('SYSTEM_2', 'CCS\\Control\\Session Manager\\Environment', 'TEMP'),
        tmp: text('SYSTEM_2', 'CCS\\Control\\Session Manager\\Environment', 'TMP'),
        cdromStart: dword('SYSTEM_2', 'CCS\\Services\\cdrom', 'Start'),
        sanPolicy: dword('SYSTEM_2', 'CCS\\Services\\partmgr\\Parameters', 'SanPolicy'),
      });
      const paging = read('SYSTEM_2', 'CCS\\Control\\Session Manager\\Memory Management', 'PagingFiles');
      expect(paging.type).toBe(7); // REG_MULTI_SZ
      expect((server['pagefile'] as { pagingFiles: string[] }).pagingFiles).toEqual(paging.data.toString('utf16le').split('\0').filter(Boolean));
      const rdp = server['remoteAccess'] as { portNumber: number; lanAdapter: number; userAuthentication: number };
      const key = 'CCS\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
      expect({ portNumber: rdp.portNumber, lanAdapter: rdp.lanAdapter, userAuthentication: rdp.userAuthentication }).toEqual({
        portNumber: dword('SYSTEM_2', key, 'PortNumber'),
        lanAdapter: dword('SYSTEM_2', key, 'LanAdapter'),
        userAuthentication: dword('SYSTEM_2', key, 'UserAuthentication'),
      });
      // The inbox rule as stored, with the one change enabling Remote Desktop makes.
      const stored = text('SYSTEM_2', 'CCS\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules', 'RemoteDesktop-UserMode-In-TCP');
      const rule = (server['firewallRules'] as { rules: { id: string; value: string }[] }).rules.find((r) => r.id === 'RemoteDesktop-UserMode-In-TCP');
      expect(stored).toContain('|Active=FALSE|');
      expect(rule?.value).toBe(stored.replace('|Active=FALSE|', '|Active=TRUE|'));
    });

    it('the domain of the domain member (SYSTEM.gz Tcpip\\Parameters Domain)', () => {
      const cs = machines['domain-member-wsus']?.facts['computerSystem'] as { domain: string };
      expect(cs.domain).toBe(text('SYSTEM', 'CCS\\Services\\Tcpip\\Parameters', 'Domain'));
    });

    it('account-domain SIDs, the workstation name and the workgroup (SAM.gz, SECURITY.gz)', () => {
      // The account domain's SID closes the SAM's Domains\Account V value; Names\Administrator stores RID 500 as its type.
      const v = read('SAM', 'SAM\\Domains\\Account', 'V').data;
      expect(sidString(v.subarray(v.length - 24))).toBe(SAM_ACCOUNT_DOMAIN);
      expect(read('SAM', 'SAM\\Domains\\Account\\Users\\Names\\Administrator', '').type).toBe(500);
      // The first account created on that machine got RID 1000: the lower bound the SID test uses.
      expect(read('SAM', 'SAM\\Domains\\Account\\Users\\Names\\Preston', '').type).toBe(1000);
      expect(sidString(read('SECURITY', 'Policy\\PolAcDmS', '').data)).toBe(SECURITY_ACCOUNT_DOMAIN);
      const win11 = machines['win11-store-app']?.facts['computerSystem'] as { name: string };
      expect(win11.name).toBe(lsaName(read('SECURITY', 'Policy\\PolAcDmN', '').data));
      const workgroup = lsaName(read('SECURITY', 'Policy\\PolPrDmN', '').data);
      for (const m of ['clean-server-2022', 'win11-store-app']) {
        const cs = machines[m]?.facts['computerSystem'] as { domain: string; workgroup: string };
        expect([cs.domain, cs.workgroup], m).toEqual([workgroup, workgroup]);
      }
    });
  });
});
