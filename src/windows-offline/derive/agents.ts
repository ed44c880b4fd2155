/**
 * Agents that carry a machine identity, and cloud agents, from the registry and files of the
 * volume: the same fields as collectors/agents.ps1 and cloud-agents.ps1, services through
 * services.ts. %ProgramFiles% and %ProgramData% are taken as <volume>\Program Files and
 * <volume>\ProgramData, where Windows puts them.
 */
import type { Facts } from '../../facts/catalog.js';
import type { RegistryResult } from '../registry-source.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt, presealText } from './registry-data.js';
import { isServiceError, serviceOf, serviceReads, type OfflineService } from './services.js';

type Svc = OfflineService | { error: string };

function firstError(...xs: (Svc | RegistryResult | undefined)[]): { error: string } | undefined {
  for (const x of xs) {
    if (x && 'error' in x) return { error: x.error };
    if (x && 'kind' in x && x.kind === 'unreadable') return { error: x.reason };
  }
  return undefined;
}
const svc = (s: Svc) => s as OfflineService;
/** Test-Path: a file or a folder. */
const present = (r: RegistryResult | undefined) => r?.kind === 'file' || r?.kind === 'directory';

export const azureGuestAgentDerivation = defineDerivation<Facts['azureGuestAgent']>({
  group: 'azureGuestAgent',
  reads: { ...serviceReads('guest', 'WindowsAzureGuestAgent'), ...serviceReads('rd', 'RdAgent') },
  derive(r): Derived<Facts['azureGuestAgent']> {
    const guest = serviceOf(r, 'guest', 'WindowsAzureGuestAgent');
    const rd = serviceOf(r, 'rd', 'RdAgent');
    return firstError(guest, rd) ?? { facts: { guestAgent: svc(guest), rdAgent: svc(rd) } };
  },
});

const AZURE_SERVICES = [
  'BFE',
  'Dhcp',
  'Dnscache',
  'IKEEXT',
  'iphlpsvc',
  'nsi',
  'mpssvc',
  'RemoteRegistry',
  'Netlogon',
  'Netman',
  'TermService',
  'W32Time',
] as const;
const ENV = 'CurrentControlSet\\Control\\Session Manager\\Environment';

/** learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image. */
export const azureSettingsDerivation = defineDerivation<Facts['azureSettings']>({
  group: 'azureSettings',
  reads: {
    ...Object.assign({}, ...AZURE_SERVICES.map((n, i) => serviceReads(`s${i}`, n))),
    temp: { hive: 'SYSTEM', key: ENV, value: 'TEMP' },
    tmp: { hive: 'SYSTEM', key: ENV, value: 'TMP' },
    rtu: { hive: 'SYSTEM', key: 'CurrentControlSet\\Control\\TimeZoneInformation', value: 'RealTimeIsUniversal' },
    cdrom: { hive: 'SYSTEM', key: 'CurrentControlSet\\Services\\cdrom', value: 'Start' },
    san: { hive: 'SYSTEM', key: 'CurrentControlSet\\Services\\partmgr\\Parameters', value: 'SanPolicy' },
  },
  derive(r): Derived<Facts['azureSettings']> {
    const services = AZURE_SERVICES.map((name, i) => ({ name, s: serviceOf(r, `s${i}`, name) }));
    const bad = firstError(...services.map((x) => x.s), r['temp'], r['tmp'], r['rtu'], r['cdrom'], r['san']);
    if (bad) return bad;
    return {
      facts: {
        services: services.map(({ name, s }) => ({ name, startType: s && !isServiceError(s) ? s.startType : null })),
        realTimeIsUniversal: presealInt(r['rtu']!) ?? null,
        temp: presealText(r['temp']!),
        tmp: presealText(r['tmp']!),
        cdromStart: presealInt(r['cdrom']!) ?? null,
        sanPolicy: presealInt(r['san']!) ?? null,
      },
    };
  },
});

const ATP = 'Microsoft\\Windows Advanced Threat Protection';

export const defenderEndpointDerivation = defineDerivation<Facts['defenderEndpoint']>({
  group: 'defenderEndpoint',
  reads: {
    onboarding: { hive: 'SOFTWARE', key: `${ATP}\\Status`, value: 'OnboardingState' },
    senseGuid: { hive: 'SOFTWARE', key: ATP, value: 'senseGuid' },
    ...serviceReads('sense', 'Sense'),
  },
  derive(r): Derived<Facts['defenderEndpoint']> {
    const sense = serviceOf(r, 'sense', 'Sense');
    const bad = firstError(sense, r['onboarding'], r['senseGuid']);
    if (bad) return bad;
    return { facts: { onboardingState: presealInt(r['onboarding']!) ?? null, senseGuidPresent: r['senseGuid']?.kind === 'value', senseService: svc(sense) } };
  },
});

export const configMgrDerivation = defineDerivation<Facts['configMgr']>({
  group: 'configMgr',
  reads: {
    ...serviceReads('ccm', 'CcmExec'),
    ccmKey: { hive: 'SOFTWARE', key: 'Microsoft\\CCM', value: null },
    smsCfg: { windowsFile: 'SMSCFG.ini' },
    certs: { hive: 'SOFTWARE', key: 'Microsoft\\SystemCertificates\\SMS\\Certificates', tree: 0 },
  },
  derive(r): Derived<Facts['configMgr']> {
    const ccm = serviceOf(r, 'ccm', 'CcmExec');
    const bad = firstError(ccm, r['ccmKey'], r['smsCfg'], r['certs']);
    if (bad) return bad;
    const certs = r['certs'];
    return {
      facts: {
        ccmExec: svc(ccm),
        ccmKeyPresent: r['ccmKey']?.kind === 'value',
        smsCfgIni: present(r['smsCfg']),
        smsCertificateCount: certs?.kind === 'tree' ? certs.tree.subkeys.length : 0,
      },
    };
  },
});

export const googleGuestEnvironmentDerivation = defineDerivation<Facts['googleGuestEnvironment']>({
  group: 'googleGuestEnvironment',
  reads: { folder: { volumeFile: 'Program Files\\Google\\Compute Engine\\sysprep', presence: true }, ...serviceReads('gce', 'GCEAgent') },
  derive(r, ctx): Derived<Facts['googleGuestEnvironment']> {
    const agent = serviceOf(r, 'gce', 'GCEAgent');
    const bad = firstError(agent, r['folder']);
    if (bad) return bad;
    return {
      facts: { sysprepFolder: { path: ctx.volumePath('Program Files\\Google\\Compute Engine\\sysprep'), present: present(r['folder']) }, agent: svc(agent) },
    };
  },
});

const AWS = {
  ec2LaunchV2: 'Program Files\\Amazon\\EC2Launch\\EC2Launch.exe',
  ec2LaunchV1: 'ProgramData\\Amazon\\EC2-Windows\\Launch\\Scripts\\InitializeInstance.ps1',
  ec2Config: 'Program Files\\Amazon\\Ec2ConfigService\\Ec2Config.exe',
} as const;

export const awsLaunchAgentsDerivation = defineDerivation<Facts['awsLaunchAgents']>({
  group: 'awsLaunchAgents',
  reads: Object.fromEntries(Object.entries(AWS).map(([k, p]) => [k, { volumeFile: p, presence: true as const }])),
  derive(r, ctx): Derived<Facts['awsLaunchAgents']> {
    const bad = firstError(...Object.values(r));
    if (bad) return bad;
    const f = (k: keyof typeof AWS) => ({ path: ctx.volumePath(AWS[k]), present: present(r[k]) });
    return { facts: { ec2LaunchV2: f('ec2LaunchV2'), ec2LaunchV1: f('ec2LaunchV1'), ec2Config: f('ec2Config') } };
  },
});

const DEFENDER_POLICY = 'Policies\\Microsoft\\Windows Defender';

/**
 * defender: the DisableAntiSpyware and DisableRealtimeMonitoring policies and the WinDefend
 * service. Get-MpComputerStatus needs the running Defender: its three fields are null, as live
 * when the cmdlet is missing.
 */
export const defenderDerivation = defineDerivation<Facts['defender']>({
  group: 'defender',
  reads: {
    antiSpyware: { hive: 'SOFTWARE', key: DEFENDER_POLICY, value: 'DisableAntiSpyware' },
    realtime: { hive: 'SOFTWARE', key: `${DEFENDER_POLICY}\\Real-Time Protection`, value: 'DisableRealtimeMonitoring' },
    ...serviceReads('wd', 'WinDefend'),
  },
  derive(r): Derived<Facts['defender']> {
    const wd = serviceOf(r, 'wd', 'WinDefend');
    const bad = firstError(wd, r['antiSpyware'], r['realtime']);
    if (bad) return bad;
    return {
      facts: {
        disableAntiSpywarePolicy: presealInt(r['antiSpyware']!) ?? null,
        disableRealtimeMonitoringPolicy: presealInt(r['realtime']!) ?? null,
        windefendService: svc(wd),
        amServiceEnabled: null,
        antivirusEnabled: null,
        realTimeProtectionEnabled: null,
      },
    };
  },
});

const ARC_CONFIG = 'ProgramData\\AzureConnectedMachineAgent\\Config\\agentconfig.json';

/** azureArc: the himds service and agentconfig.json (learn.microsoft.com/azure/azure-arc/servers/agent-overview). */
export const azureArcDerivation = defineDerivation<Facts['azureArc']>({
  group: 'azureArc',
  reads: { config: { volumeFile: ARC_CONFIG }, ...serviceReads('himds', 'himds') },
  derive(r, ctx): Derived<Facts['azureArc']> {
    const himds = serviceOf(r, 'himds', 'himds');
    const bad = firstError(himds, r['config']);
    if (bad) return bad;
    const config = r['config'];
    const hasConfig = present(config);
    if (himds === null && !hasConfig) return { notApplicable: 'the Azure Connected Machine agent is not installed' };
    let resourceId: string | null = null;
    let tenantId: string | null = null;
    if (config?.kind === 'file') {
      let json: unknown;
      try {
        json = JSON.parse(
          Buffer.from(config.data)
            .toString('utf8')
            .replace(/^\uFEFF/, ''),
        );
      } catch (e) {
        return { error: `${ctx.volumePath(ARC_CONFIG)} is not JSON: ${(e as Error).message}` };
      }
      const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
      if (o['resourceId']) resourceId = String(o['resourceId']);
      if (o['tenantId']) tenantId = String(o['tenantId']);
    }
    return { facts: { himds: svc(himds), configPath: ctx.volumePath(ARC_CONFIG), resourceId, tenantId } };
  },
});

const EC2LAUNCH_V2 = 'ProgramData\\Amazon\\EC2Launch\\config\\agent-config.yml';
const EC2LAUNCH_V1 = 'ProgramData\\Amazon\\EC2-Windows\\Launch\\Config\\LaunchConfig.json';

/** [IO.File]::ReadAllText: UTF-8 unless a byte order mark says otherwise. */
function text(data: Uint8Array): string {
  const b = Buffer.from(data);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  return b.subarray(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0).toString('utf8');
}

/**
 * Read-PresealEc2LaunchPassword: the setAdminAccount task's password block of agent-config.yml
 * (docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2launch-v2-settings.html), line by line;
 * PowerShell's -match and -eq ignore case. Only whether a value is set is kept.
 */
function ec2LaunchPassword(t: string): { passwordType: string | null; passwordSet: boolean } {
  let inTask = false;
  let inPassword = false;
  let type: string | null = null;
  let set = false;
  for (const line of t.split(/\r?\n/)) {
    const task = /^\s*-\s*task:\s*(\S+)/i.exec(line);
    if (task) {
      inTask = task[1]!.toLowerCase() === 'setadminaccount';
      inPassword = false;
      continue;
    }
    if (!inTask) continue;
    if (/^\s*password:\s*$/i.test(line)) {
      inPassword = true;
      continue;
    }
    const ty = inPassword ? /^\s*type:\s*["']?(\w+)/i.exec(line) : null;
    if (ty) {
      type = ty[1]!;
      continue;
    }
    const data = inPassword ? /^\s*data:\s*(.*)$/i.exec(line) : null;
    if (data) set = !/^(|""|''|null|~)$/i.test(data[1]!.trim());
  }
  return { passwordType: type, passwordSet: set };
}

/** [string] of a JSON value as ConvertFrom-Json hands it over. */
function psString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

export const awsAdminPasswordsDerivation = defineDerivation<Facts['awsAdminPasswords']>({
  group: 'awsAdminPasswords',
  reads: { v2: { volumeFile: EC2LAUNCH_V2 }, v1: { volumeFile: EC2LAUNCH_V1 } },
  derive({ v2, v1 }, ctx): Derived<Facts['awsAdminPasswords']> {
    const files: Facts['awsAdminPasswords']['files'] = [];
    const entry = (rel: string, agent: string) => ({
      path: ctx.volumePath(rel),
      agent,
      passwordType: null as string | null,
      passwordSet: false,
      error: null as string | null,
    });
    if (v2?.kind === 'unreadable') files.push({ ...entry(EC2LAUNCH_V2, 'EC2Launch v2'), error: v2.reason });
    else if (v2?.kind === 'file') files.push({ ...entry(EC2LAUNCH_V2, 'EC2Launch v2'), ...ec2LaunchPassword(text(v2.data)) });
    if (v1?.kind === 'unreadable') files.push({ ...entry(EC2LAUNCH_V1, 'EC2Launch v1'), error: v1.reason });
    else if (v1?.kind === 'file') {
      const e = entry(EC2LAUNCH_V1, 'EC2Launch v1');
      try {
        const json = JSON.parse(text(v1.data)) as Record<string, unknown> | null;
        const type = json?.['adminPasswordType'];
        e.passwordType = type === null || type === undefined ? null : psString(type);
        e.passwordSet = psString(json?.['adminPassword']) !== '';
      } catch (err) {
        e.error = (err as Error).message;
      }
      files.push(e);
    }
    return { facts: { files } };
  },
});

const MONITORING_SERVICES = ['HealthService', 'AzureMonitorAgent', 'MonAgentCore'] as const;

/**
 * monitoringAgents: the MMA (HealthService) and its management groups, the Azure Monitor Agent,
 * and the VM extension plug-in folders %SystemDrive%\Packages\Plugins
 * (learn.microsoft.com/azure/virtual-machines/extensions/features-windows). The folder listing
 * needs the mounted volume (DeriveContext.volumeSubfolders).
 */
export const monitoringAgentsDerivation = defineDerivation<Facts['monitoringAgents']>({
  group: 'monitoringAgents',
  reads: {
    ...Object.assign({}, ...MONITORING_SERVICES.map((n, i) => serviceReads(`m${i}`, n))),
    groups: { hive: 'SOFTWARE', key: 'Microsoft\\Microsoft Operations Manager\\3.0\\Agent Management Groups', tree: 0 },
  },
  derive(r, ctx): Derived<Facts['monitoringAgents']> {
    const services = MONITORING_SERVICES.map((name, i) => ({ name, s: serviceOf(r, `m${i}`, name) }));
    const bad = firstError(...services.map((x) => x.s), r['groups']);
    if (bad) return bad;
    if (!ctx.volumeSubfolders) return { error: 'the VM extension plug-in folders can be listed only on a mounted volume' };
    const groups = r['groups'];
    return {
      facts: {
        services: services.flatMap(({ name, s }) => (s && !isServiceError(s) ? [{ name, status: s.status, startType: s.startType }] : [])),
        mmaManagementGroups: groups?.kind === 'tree' ? groups.tree.subkeys.map((k) => k.name) : [],
        extensionPlugins: ctx.volumeSubfolders('Packages\\Plugins') ?? [],
      },
    };
  },
});
