/**
 * The groups the live Windows probe returns as raw registry reads (src/platforms/windows/live.ts):
 * the read plan written into the probe, and the step that turns the envelope's raw reads into
 * facts with the offline derivations. Under real pwsh, test/hive/live-parity.test.ts runs the
 * probe's raw-read function on real hives and test/windows/pester/lib.Tests.ps1 checks its bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateEnvelope } from '../../src/facts/envelope.js';
import { deriveLiveGroups, LIVE_COMPLETED, LIVE_DERIVATIONS, LIVE_DERIVED_GROUPS, LIVE_RAW_FILES, LIVE_READ_PLAN } from '../../src/platforms/windows/live.js';
import { envelopeFromRun } from '../../src/probes/run.js';
import { readPlanStatement, secretRead, windowsProbeScript } from '../../src/probes/windows.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { entraJoinDerivation, FIREWALL_RULE_MATCH, firewallRulesDerivation, mdmEnrollmentDerivation } from '../../src/windows-offline/derive/registry-lists.js';
import { RawReadsSource, type RawRead } from '../../src/windows-offline/raw-reads.js';
import { upgradeHistoryDerivation } from '../../src/windows-offline/derive/installation.js';
import { type HiveName, portablePatternError, type Read } from '../../src/windows-offline/registry-source.js';
import { findPwsh, skipWithout } from '../helpers/real.js';

const pwsh = findPwsh();
const dir = mkdtempSync(join(tmpdir(), 'preseal-live-derived-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (b: Buffer) => b.toString('base64');
const failedSysprepFixture = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/windows/failed-sysprep.json'), 'utf8')) as {
    facts: { firewallRules: { rules: { id: string; value: string }[] } };
  }
).facts;
const sz = (hive: HiveName, key: string, value: string, text: string): RawRead => ({
  hive,
  key,
  value,
  type: 1,
  data: b64(Buffer.from(`${text}\0`, 'utf16le')),
});
const dword = (hive: HiveName, key: string, value: string, n: number): RawRead => ({
  hive,
  key,
  value,
  type: 4,
  data: b64(Buffer.from(Int32Array.of(n).buffer)),
});
const szData = (text: string) => ({ type: 1, data: b64(Buffer.from(`${text}\0`, 'utf16le')) });
const keyExists = (hive: HiveName, key: string): RawRead => ({ hive, key, value: null, type: 0, data: '' });

/** Every read of the plan absent, except those given: what the probe returns for a registry with only these values. */
function probeReads(present: RawRead[], files: Record<string, Buffer> = {}): RawRead[] {
  const id = (r: { hive?: string; key?: string; value?: string | null; tree?: number; windowsFile?: string }) =>
    JSON.stringify([r.hive, r.key?.toUpperCase(), r.value?.toUpperCase(), r.tree, r.windowsFile]);
  const given = new Map(present.map((r) => [id(r as never), r]));
  return LIVE_READ_PLAN.map((r): RawRead => {
    if ('windowsFile' in r)
      return files[r.windowsFile] ? { windowsFile: r.windowsFile, data: b64(files[r.windowsFile]!) } : { windowsFile: r.windowsFile, absent: true };
    if ('volumeFile' in r) return { volumeFile: r.volumeFile, absent: true };
    return given.get(id(r as never)) ?? ({ ...r, absent: true } as RawRead);
  });
}

function envelope(rawReads: unknown, probe: Record<string, unknown> = { live: true, elevated: true }) {
  return { schemaVersion: 2, platform: 'windows', probe, facts: { other: { a: 1 } }, errors: {}, notApplicable: {}, rawReads };
}

type Out = { facts: Record<string, unknown>; errors: Record<string, string>; notApplicable: Record<string, string>; rawReads?: unknown };

describe('the read plan written into the live probe', () => {
  it('holds every read of every live derivation, once', () => {
    const ids = new Set(LIVE_READ_PLAN.map((r) => JSON.stringify(r)));
    expect(ids.size).toBe(LIVE_READ_PLAN.length);
    for (const d of [...LIVE_DERIVATIONS, ...Object.values(LIVE_COMPLETED).map((c) => c.derivation)])
      for (const r of Object.values(d.reads)) expect(LIVE_READ_PLAN, `${d.group}: ${JSON.stringify(r)}`).toContainEqual(r);
    expect([...LIVE_DERIVED_GROUPS].sort()).toEqual(
      [
        'azureNetwork',
        'dscAgent',
        'entraJoin',
        'firewallRules',
        'mdmEnrollment',
        'pendingReboot',
        'remoteAccessPolicy',
        'removableStoragePolicy',
        'setupStatus',
        'sysprepState',
        'upgradeHistory',
        'winRmListeners',
      ].sort(),
    );
  });

  it('names no file that could hold a secret: only the files the probe may return raw, and presence reads', () => {
    const fileReads = LIVE_READ_PLAN.filter((r) => 'windowsFile' in r || 'volumeFile' in r);
    const read = fileReads.filter((r) => !r.presence).map((r) => ('windowsFile' in r ? r.windowsFile : r.volumeFile));
    expect(read.every((f) => LIVE_RAW_FILES.includes(f))).toBe(true);
    for (const f of LIVE_RAW_FILES) expect(f).not.toMatch(/panther|unattend|sysprep\.xml|\.log$|agent-config|LaunchConfig/i);
    // upgradeHistory asks only whether Windows.old exists.
    expect(fileReads.filter((r) => r.presence)).toEqual([{ volumeFile: 'Windows.old', presence: true }]);
  });

  it('names no product key: the Setup tree (Source OS keys hold DigitalProductId) is read with a value filter of the values upgradeHistory uses', () => {
    expect(JSON.stringify(LIVE_READ_PLAN)).not.toMatch(/ProductId/i);
    // Any tree read that reaches HKLM\SYSTEM\Setup's subkeys (the Setup key itself, or the SYSTEM root) names its values.
    const reachesSetup = LIVE_READ_PLAN.filter(
      (r) =>
        'tree' in r &&
        r.hive === 'SYSTEM' &&
        (r.key === '' || (r.key.toUpperCase() === 'SETUP' && r.tree >= 1) || r.key.toUpperCase().startsWith('SETUP\\SOURCE OS')),
    );
    expect(reachesSetup).toEqual([{ hive: 'SYSTEM', key: 'Setup', tree: 1, values: ['ProductName', 'CurrentBuild'] }]);
    expect(() => readPlanStatement()).not.toThrow();
  });

  it('refuses a plan that would return a file other than the raw files, unless it only asks whether it exists', () => {
    expect(readPlanStatement()).toContain('"volumeFile":"Windows.old","presence":true');
    expect(() => readPlanStatement([{ volumeFile: 'Windows.old' }])).toThrow(/names Windows\.old, which is not a file the probe may return raw/);
    expect(() => readPlanStatement([{ windowsFile: 'Panther\\setupact.log' }])).toThrow(/not a file the probe may return raw/);
    expect(readPlanStatement([{ windowsFile: 'Panther\\setupact.log', presence: true }, { windowsFile: 'Setup\\State\\State.ini' }])).toMatch(
      /^\$PresealReadPlan = /,
    );
  });

  it('refuses any read of a secret: the SAM and SECURITY hives, DefaultPassword, product keys, an unfiltered tree above them', () => {
    const refused: Read[] = [
      { hive: 'SAM', key: 'SAM\\Domains\\Account', value: 'F' },
      { hive: 'SECURITY', key: 'Policy\\Secrets', tree: 1 },
      { hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion\\Winlogon', value: 'DefaultPassword' },
      { hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion\\Winlogon', tree: 0 },
      { hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion', value: 'DigitalProductId' },
      { hive: 'SOFTWARE', key: 'Microsoft', tree: 3 },
      { hive: 'SYSTEM', key: 'Setup', tree: 1 },
      { hive: 'SYSTEM', key: 'Setup', tree: 1, values: ['ProductName', 'DigitalProductId4'] },
    ];
    for (const r of refused) expect(() => readPlanStatement([r]), JSON.stringify(r)).toThrow(/may not hold this read/);
    // What the plan holds passes, and so do harmless neighbours of the secrets.
    for (const r of LIVE_READ_PLAN) expect(secretRead(r), JSON.stringify(r)).toBeUndefined();
    expect(secretRead({ hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion', value: 'CurrentBuild' })).toBeUndefined();
    expect(secretRead({ hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion\\Winlogon', value: 'AutoAdminLogon' })).toBeUndefined();
    // Below a secret-holding key is not at it: ProfileList does not hold CurrentVersion's values.
    expect(secretRead({ hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion\\ProfileList', tree: 1 })).toBeUndefined();
    expect(secretRead({ hive: 'SYSTEM', key: 'Setup\\Source OS (Updated on 3/14/2024 10:02:11)', tree: 0 })).toMatch(/unfiltered tree read/);
  });

  it('reads the firewall stores with FIREWALL_RULE_MATCH, a pattern only of what .NET and JavaScript regex read alike', () => {
    const stores = LIVE_READ_PLAN.filter((r) => 'tree' in r && /\\FirewallRules$/i.test(r.key));
    expect(stores.map((r) => ('hive' in r ? r.hive : ''))).toEqual(['SYSTEM', 'SOFTWARE']);
    for (const r of stores) expect(r).toMatchObject({ tree: 0, match: FIREWALL_RULE_MATCH });
    expect(FIREWALL_RULE_MATCH).toBe('\\|RA4=([0-9]|\\*\\||any\\|)|\\|LPort=(3389|5985|5986)\\||\\|EmbedCtxt=@FirewallAPI\\.dll,-28752\\|');
    for (const r of LIVE_READ_PLAN) if ('tree' in r && r.match !== undefined) expect(portablePatternError(r.match), r.key).toBeUndefined();
    // Literal text, escaped metacharacters, alternation, groups, classes of letters and digits.
    for (const p of ['\\|LPort=(3389|5985)\\|', 'RA4=[0-9]', '@FirewallAPI\\.dll,-28752', 'a b#c', '[A-Fa-f0-9]x', '((a)|b)', '\\\\\\$\\^'])
      expect(portablePatternError(p), p).toBeUndefined();
    // What the two read differently, or could: quantifiers, anchors, '.', shorthand classes
    // (Unicode in .NET), inline options and other (? constructs, negated classes, backreferences,
    // identity escapes, non-ASCII, and K (.NET folds the Kelvin sign to it).
    const outside = [
      '',
      'a.b',
      '^v2',
      'x$',
      'a+',
      'a*',
      'a?',
      'a{2}',
      '\\d',
      '\\w',
      '\\s',
      '\\b',
      '(?i)x',
      '(?:x)',
      '(?<n>x)',
      '(a',
      'a)',
      '[^a]',
      '[\\d]',
      '[a-Z]',
      '[9-0]',
      '[a-z]',
      '[K]',
      'Kelvin',
      '\\1',
      '\\-',
      'a]',
      'a}',
      'caf\u00e9',
      'tab\there',
      '[]',
      '[',
    ];
    for (const p of outside) expect(portablePatternError(p), JSON.stringify(p)).toBeDefined();
    // Assembling the probe refuses a plan with a pattern outside the subset.
    expect(() => readPlanStatement([{ hive: 'SYSTEM', key: 'Select', tree: 0, match: '\\d' }])).toThrow(/pattern for Select has an escape/);
    expect(readPlanStatement([{ hive: 'SYSTEM', key: 'Select', tree: 0, match: 'Current' }])).toContain('"match":"Current"');
  });

  it('is part of the assembled probe', () => {
    expect(windowsProbeScript().split('\n')).toContain(readPlanStatement());
  });

  it.skipIf(skipWithout(pwsh, 'the read plan under pwsh'))(
    'reads back under PowerShell as the same plan',
    async () => {
      const file = join(dir, 'plan.ps1');
      writeFileSync(file, `${readPlanStatement()}\nConvertTo-Json -InputObject @($PresealReadPlan) -Depth 5 -Compress`);
      const run = await spawnWithInput(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', file], '', { timeoutMs: 60_000 });
      expect(run.stderr.toString()).toBe('');
      expect(JSON.parse(run.stdout.toString())).toEqual(LIVE_READ_PLAN);
    },
    60_000,
  );
});

describe('deriveLiveGroups: raw reads in the envelope become the groups facts', () => {
  /** The failed-sysprep fixture machine's values (fixtures/windows/failed-sysprep.json), as the probe returns them raw. */
  const failedSysprep = probeReads(
    [
      keyExists('SYSTEM', 'Setup'),
      dword('SYSTEM', 'Setup', 'SystemSetupInProgress', 0),
      dword('SYSTEM', 'Setup', 'OOBEInProgress', 0),
      dword('SYSTEM', 'Setup', 'SetupType', 0),
      dword('SYSTEM', 'Setup', 'SetupPhase', 0),
      sz('SOFTWARE', 'Microsoft\\Windows\\CurrentVersion\\Setup\\State', 'ImageState', 'IMAGE_STATE_UNDEPLOYABLE'),
      dword('SYSTEM', 'Setup\\Status\\SysprepStatus', 'GeneralizationState', 3),
      dword('SYSTEM', 'Setup\\Status\\SysprepStatus', 'CleanupState', 2),
      keyExists('SYSTEM', 'CurrentControlSet\\Control\\Session Manager'),
      keyExists('SYSTEM', 'CurrentControlSet\\Services\\Tcpip\\Parameters'),
      keyExists('SOFTWARE', 'Microsoft\\Windows NT\\CurrentVersion'),
      sz('SOFTWARE', 'Microsoft\\Windows NT\\CurrentVersion', 'CurrentBuild', '20348'),
      keyExists('SOFTWARE', 'Microsoft'),
      keyExists('SYSTEM', 'CurrentControlSet\\Control'),
      keyExists('SYSTEM', 'CurrentControlSet\\Services\\SharedAccess'),
      dword('SYSTEM', 'Setup\\Status', 'AuditBoot', 0),
      dword('SYSTEM', 'Setup\\Status\\ChildCompletion', 'setup.exe', 3),
      // The local firewall store with the rules the fixture keeps and a DHCP rule it does not (rule
      // strings as Microsoft's guest-OS troubleshooting page shows them): a probe that sent the
      // DHCP rule although the read's pattern leaves it out still does not put it in the facts.
      {
        ...(firewallRulesDerivation.reads['local'] as Extract<Read, { tree: number }>),
        keyTree: {
          name: 'FirewallRules',
          values: [
            {
              name: 'CoreNet-DHCP-In',
              ...szData(
                'v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=17|LPort=68|RPort=67|App=%SystemRoot%\\system32\\svchost.exe|Svc=dhcp|Name=@FirewallAPI.dll,-25301|EmbedCtxt=@FirewallAPI.dll,-25000|',
              ),
            },
            ...failedSysprepFixture.firewallRules.rules.map((r) => ({ name: r.id, ...szData(r.value) })),
          ],
          subkeys: [],
        },
      },
      // The WinRM service's *+HTTP listener (Enable-PSRemoting), without a Port value: 5985.
      {
        hive: 'SOFTWARE',
        key: 'Microsoft\\Windows\\CurrentVersion\\WSMAN\\Listener',
        tree: 1,
        keyTree: { name: 'Listener', values: [], subkeys: [{ name: '*+HTTP', values: [{ name: 'uriprefix', ...szData('wsman') }], subkeys: [] }] },
      },
    ],
    { 'Setup\\State\\State.ini': Buffer.from('[State]\r\nImageState=IMAGE_STATE_UNDEPLOYABLE\r\n', 'utf8') },
  );

  it("gives the failed-sysprep fixture machine's groups from its raw reads", () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/windows/failed-sysprep.json'), 'utf8')) as {
      facts: Record<string, unknown>;
    };
    const out = deriveLiveGroups(envelope({ windowsDir: 'C:\\Windows', systemDrive: 'C:', reads: failedSysprep })) as Out;
    // remoteAccess also needs its collector's part, which this envelope lacks (tested below).
    expect(out.errors).toEqual({ remoteAccess: "the probe's remoteAccess collector did not give winRm" });
    for (const group of LIVE_DERIVED_GROUPS) expect(out.facts[group], group).toEqual(fixture.facts[group]);
    expect(out.facts['other']).toEqual({ a: 1 });
    expect(out.rawReads).toBeUndefined();
  });

  it('keeps only the firewall rules the read selects, and refuses a store read without its pattern: an error, never the whole store', () => {
    const local = firewallRulesDerivation.reads['local'] as Extract<Read, { tree: number }>;
    const sent = failedSysprep.find((r) => 'keyTree' in r && r.key === local.key);
    expect(sent && 'keyTree' in sent ? sent.keyTree.values.map((v) => v.name) : []).toContain('CoreNet-DHCP-In');
    const got = new RawReadsSource(failedSysprep).read(local);
    const kept = got.kind === 'tree' ? got.tree.values.map((v) => v.name) : [];
    expect(kept).toEqual(failedSysprepFixture.firewallRules.rules.map((r) => r.id));
    // A REG_BINARY or REG_MULTI_SZ value is never a rule string, whatever its bytes.
    const odd = failedSysprep.map(
      (r): RawRead =>
        'keyTree' in r && r.key === local.key
          ? {
              ...r,
              keyTree: {
                ...r.keyTree,
                values: [
                  { name: 'binary', type: 3, data: b64(Buffer.from('|LPort=3389|\0', 'utf16le')) },
                  { name: 'multi', type: 7, data: b64(Buffer.from('|LPort=3389|\0\0', 'utf16le')) },
                  { name: 'expand', type: 2, data: b64(Buffer.from('v2.10|Dir=In|lport=5986|\0', 'utf16le')) },
                ],
              },
            }
          : r,
    );
    const oddGot = new RawReadsSource(odd).read(local);
    expect(oddGot.kind === 'tree' ? oddGot.tree.values.map((v) => v.name) : oddGot).toEqual(['expand']);
    // The same store echoed without its `match` is another read: the probe did not make the one asked.
    const { match: _, ...whole } = local;
    const unasked = failedSysprep.map((r): RawRead => ('keyTree' in r && r.key === local.key ? { ...whole, keyTree: r.keyTree } : r));
    const out = deriveLiveGroups(envelope({ reads: unasked })) as Out;
    expect(out.facts['firewallRules']).toBeUndefined();
    expect(out.errors['firewallRules']).toMatch(/FirewallRules \(enumerated\) was not read by the probe/);
  });

  it("gives the win11-store-app fixture machine's entraJoin and mdmEnrollment from its raw key trees", () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/windows/win11-store-app.json'), 'utf8')) as {
      facts: Record<string, unknown>;
    };
    const keyOf = (reads: Record<string, unknown>, name: string) => (reads[name] as { key: string }).key;
    const tree = (
      hive: HiveName,
      key: string,
      depth: number,
      subkeys: { name: string; values: { name: string; type: number; data: string }[] }[],
    ): RawRead => ({
      hive,
      key,
      tree: depth,
      keyTree: { name: key.split('\\').at(-1)!, values: [], subkeys: subkeys.map((k) => ({ ...k, subkeys: [] })) },
    });
    const tenant = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
    const enrollment = '{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}';
    const dw = (n: number) => ({ type: 4, data: b64(Buffer.from(Int32Array.of(n).buffer)) });
    const reads = probeReads([
      keyExists('SYSTEM', 'CurrentControlSet\\Control'),
      keyExists('SOFTWARE', 'Microsoft'),
      tree('SYSTEM', keyOf(entraJoinDerivation.reads, 'joinInfo'), 1, [
        {
          name: '8C3A1B2D4E5F60718293A4B5C6D7E8F901234567',
          values: [
            { name: 'TenantId', ...szData(tenant) },
            { name: 'UserEmail', ...szData('builder@contoso.com') },
          ],
        },
      ]),
      tree('SYSTEM', keyOf(entraJoinDerivation.reads, 'tenantInfo'), 1, [
        {
          name: tenant,
          values: [
            { name: 'DisplayName', ...szData('Contoso') },
            { name: 'MdmEnrollmentUrl', ...szData('https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc') },
          ],
        },
      ]),
      tree('SOFTWARE', keyOf(mdmEnrollmentDerivation.reads, 'enrollments'), 1, [
        {
          name: enrollment,
          values: [
            { name: 'EnrollmentState', ...dw(1) },
            { name: 'EnrollmentType', ...dw(6) },
            { name: 'ProviderID', ...szData('MS DM Server') },
            { name: 'UPN', ...szData('builder@contoso.com') },
          ],
        },
        { name: 'Status', values: [] },
      ]),
      tree('SOFTWARE', keyOf(mdmEnrollmentDerivation.reads, 'accounts'), 0, [{ name: enrollment, values: [] }]),
    ]);
    const out = deriveLiveGroups(envelope({ reads })) as Out;
    for (const group of ['entraJoin', 'mdmEnrollment']) expect(out.facts[group], group).toEqual(fixture.facts[group]);
  });

  it("gives the win11-store-app fixture machine's upgradeHistory: a Source OS key and Windows.old", () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/windows/win11-store-app.json'), 'utf8')) as {
      facts: Record<string, unknown>;
    };
    const CV = 'Microsoft\\Windows NT\\CurrentVersion';
    const setup = upgradeHistoryDerivation.reads['setup'] as Extract<Read, { tree: number }>;
    const reads = probeReads([
      sz('SOFTWARE', CV, 'CurrentBuild', '22631'),
      sz('SOFTWARE', CV, 'CurrentBuildNumber', '22631'),
      {
        ...setup,
        keyTree: {
          name: 'Setup',
          values: [],
          subkeys: [
            {
              name: 'Source OS (Updated on 3/14/2024 10:02:11)',
              values: [
                { name: 'ProductName', ...szData('Windows 10 Enterprise') },
                { name: 'CurrentBuild', ...szData('19045') },
              ],
              subkeys: [],
            },
            { name: 'Status', values: [], subkeys: [] },
          ],
        },
      },
    ]).map((r): RawRead => ('volumeFile' in r && r.volumeFile === 'Windows.old' ? { volumeFile: r.volumeFile, directory: true } : r));
    const out = deriveLiveGroups(envelope({ reads })) as Out;
    expect(out.facts['upgradeHistory']).toEqual(fixture.facts['upgradeHistory']);
    // A value the read did not ask for never reaches the derivation, even if a probe returned it.
    const extra = reads.map(
      (r): RawRead =>
        'keyTree' in r && r.key === 'Setup'
          ? {
              ...r,
              keyTree: {
                ...r.keyTree,
                subkeys: r.keyTree.subkeys.map((k) => ({ ...k, values: [...k.values, { name: 'DigitalProductId', type: 3, data: 'pAAAAA==' }] })),
              },
            }
          : r,
    );
    const got = new RawReadsSource(extra).read(setup);
    expect(got.kind === 'tree' ? got.tree.subkeys.map((k) => k.values.map((v) => v.name)) : got).toEqual([['ProductName', 'CurrentBuild'], []]);
  });

  describe('remoteAccess: the registry part derived, the WinRM service from its collector', () => {
    const TS = 'CurrentControlSet\\Control\\Terminal Server';
    const RDP = `${TS}\\WinStations\\RDP-Tcp`;
    const FW = 'CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy';
    const winRm = { status: 'Running', startType: 'Automatic' };
    const withCollector = (reads: RawRead[], part: unknown = { winRm }) => {
      const e = envelope({ reads });
      return deriveLiveGroups({ ...e, facts: { ...e.facts, remoteAccess: part } }) as Out;
    };

    it("gives the failed-sysprep fixture machine's remoteAccess", () => {
      const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/windows/failed-sysprep.json'), 'utf8')) as {
        facts: Record<string, unknown>;
      };
      const reads = probeReads([
        dword('SYSTEM', TS, 'fDenyTSConnections', 0),
        dword('SYSTEM', RDP, 'PortNumber', 3389),
        dword('SYSTEM', RDP, 'LanAdapter', 0),
        dword('SYSTEM', RDP, 'UserAuthentication', 1),
        ...['DomainProfile', 'StandardProfile', 'PublicProfile'].map((p) => dword('SYSTEM', `${FW}\\${p}`, 'EnableFirewall', 1)),
        dword('SYSTEM', 'CurrentControlSet\\Services\\WinRM', 'Start', 2),
        dword('SYSTEM', 'CurrentControlSet\\Services\\WinRM', 'Type', 0x20),
      ]);
      const out = withCollector(reads);
      expect(out.errors['remoteAccess']).toBeUndefined();
      expect(out.facts['remoteAccess']).toEqual(fixture.facts['remoteAccess']);
    });

    it('the firewall profiles: Group Policy (PrivateProfile) wins over the local store (StandardProfile), which is the fallback', () => {
      const reads = probeReads([
        dword('SOFTWARE', 'Policies\\Microsoft\\WindowsFirewall\\PrivateProfile', 'EnableFirewall', 0),
        dword('SYSTEM', `${FW}\\DomainProfile`, 'EnableFirewall', 1),
        dword('SYSTEM', `${FW}\\StandardProfile`, 'EnableFirewall', 1),
      ]);
      expect((withCollector(reads).facts['remoteAccess'] as { firewall: unknown }).firewall).toEqual({ domain: true, private: false, public: null });
    });

    it("keeps the collector's error, fails when the collector gave no WinRM state, and when a raw read failed", () => {
      const reads = probeReads([]);
      const e = envelope({ reads });
      const failed = deriveLiveGroups({ ...e, errors: { remoteAccess: 'Cannot open Service Control Manager' } }) as Out;
      expect(failed.errors['remoteAccess']).toBe('Cannot open Service Control Manager');
      expect(failed.facts['remoteAccess']).toBeUndefined();
      expect(withCollector(reads, { other: 1 }).errors['remoteAccess']).toBe("the probe's remoteAccess collector did not give winRm");
      expect(withCollector(reads, null).errors['remoteAccess']).toMatch(/did not give winRm/);
      const denied = reads.map((r) =>
        'hive' in r && 'value' in r && r.value === 'PortNumber' ? ({ hive: r.hive, key: r.key, value: r.value, error: 'access denied: x' } as RawRead) : r,
      );
      expect(withCollector(denied).errors['remoteAccess']).toBe('access denied: x');
      expect((deriveLiveGroups({ ...e, facts: { remoteAccess: { winRm } }, rawReads: undefined }) as Out).errors['remoteAccess']).toMatch(
        /no raw registry reads/,
      );
    });
  });

  it('passes the validated envelope: the facts match their schemas and the raw reads are gone', () => {
    const v = validateEnvelope(deriveLiveGroups(envelope({ windowsDir: null, systemDrive: null, reads: failedSysprep })), { target: 't', collectedAt: '' });
    for (const group of LIVE_DERIVED_GROUPS) expect(Object.hasOwn(v.facts, group), group).toBe(true);
    expect(JSON.stringify(v)).not.toContain('rawReads');
  });

  it('makes every derived group an error when the raw reads are missing, malformed or failed: never a fact', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /^the probe returned no raw registry reads$/],
      [{ reads: [{ hive: 'SYSTEM', key: 'Setup', value: null, type: 0, data: '***' }] }, /^the probe's raw registry reads are malformed/],
      [{ reads: 'nothing' }, /^the probe's raw registry reads are malformed/],
      [{ error: 'the plan could not be read' }, /^the probe could not read the registry: the plan could not be read$/],
    ];
    for (const [raw, why] of cases) {
      const out = deriveLiveGroups(envelope(raw)) as Out;
      for (const group of LIVE_DERIVED_GROUPS) {
        expect(Object.hasOwn(out.facts, group), group).toBe(false);
        expect(out.errors[group], group).toMatch(why);
      }
      expect(out.facts['other']).toEqual({ a: 1 });
    }
  });

  it('a registry without the keys every Windows has (Setup, Control, SharedAccess, ...) makes each group an error, not "nothing found"', () => {
    const out = deriveLiveGroups(envelope({ reads: probeReads([]) })) as Out;
    for (const group of LIVE_DERIVED_GROUPS) expect(out.errors[group], group).toMatch(/not readable|SYSTEM|SOFTWARE/);
    expect(Object.keys(out.facts)).toEqual(['other']);
  });

  it('a read the probe did not make, or could not make, is an error of its group', () => {
    const denied = failedSysprep.map((r) =>
      'hive' in r && r.key === 'Setup\\Status\\SysprepStatus'
        ? ({
            hive: r.hive,
            key: r.key,
            value: 'value' in r ? r.value : null,
            error: 'access denied: the registry key HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus could not be read',
          } as RawRead)
        : r,
    );
    const out = deriveLiveGroups(envelope({ reads: denied })) as Out;
    expect(out.errors['sysprepState']).toMatch(/^access denied: the registry key HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus/);
    expect(out.facts['setupStatus']).toBeDefined();
    const partial = deriveLiveGroups(envelope({ reads: failedSysprep.filter((r) => !('value' in r && r.value === 'UpdateExeVolatile')) })) as Out;
    expect(partial.errors['pendingReboot']).toMatch(/UpdateExeVolatile.*was not read by the probe/);
  });

  it('leaves a Linux envelope, and anything that is no envelope, as it is', () => {
    const linux = { schemaVersion: 2, platform: 'linux', facts: {}, rawReads: 1 };
    expect(deriveLiveGroups(linux)).toBe(linux);
    expect(deriveLiveGroups('x')).toBe('x');
    expect(deriveLiveGroups(null)).toBe(null);
  });

  it('runs inside envelopeFromRun, where every Windows transport turns the probe output into facts', () => {
    const stdout = `\n--preseal-facts-begin--\n${JSON.stringify(envelope({ reads: failedSysprep }))}\n--preseal-facts-end--\n`;
    const env = envelopeFromRun('winrm://h', { stdout: Buffer.from(stdout), stderr: Buffer.alloc(0), code: 0 }, '');
    expect(env.facts['sysprepState']).toMatchObject({ imageState: 'IMAGE_STATE_UNDEPLOYABLE', generalizationState: 3 });
  });
});
