/**
 * `root:DIR` on a mounted Windows volume: the facts come from the hive files under
 * Windows\System32\config, read in TypeScript, instead of from a probe. Names are matched
 * case-insensitively, as NTFS matches them (a Linux mount of NTFS is case-sensitive).
 */
import { type Dirent, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TargetError } from '../errors.js';
import { VolumeLinkError } from './volume-link.js';
import { FACTS_SCHEMA_VERSION, type FactsEnvelope } from '../facts/envelope.js';
import { groupsFor } from '../facts/catalog.js';
import { version } from '../version.js';
import { computerSystemDerivation } from './derive/computer-system.js';
import { setupStatusDerivation } from './derive/setup-status.js';
import { sysprepStateDerivation } from './derive/sysprep-state.js';
import { pantherDerivation } from './derive/panther.js';
import { pendingRebootDerivation } from './derive/servicing.js';
import { answerFilesDerivation } from './derive/answer-files.js';
import {
  monitoringAgentsDerivation,
  awsAdminPasswordsDerivation,
  awsLaunchAgentsDerivation,
  azureArcDerivation,
  azureGuestAgentDerivation,
  defenderDerivation,
  azureSettingsDerivation,
  configMgrDerivation,
  defenderEndpointDerivation,
  googleGuestEnvironmentDerivation,
} from './derive/agents.js';
import { azureNetworkDerivation, remoteAccessDerivation } from './derive/network.js';
import { servicingDerivation, upgradeHistoryDerivation } from './derive/installation.js';
import { appxPackagesDerivation, storeUpdateDerivation } from './derive/appx.js';
import { osDerivation, userProfilesDerivation } from './derive/os-profiles.js';
import { dscDerivation, iisDerivation, npsDerivation } from './derive/roles.js';
import { buildLeftoversDerivation } from './derive/leftovers.js';
import { remoteAccessPolicyDerivation, winRmListenersDerivation } from './derive/remote-access.js';
import { dscAgentDerivation } from './derive/dsc-agent.js';
import { EFS_LIMITS, scanEfsOffline, type EfsLimits } from './efs.js';
import { cloudFromAgentsDerivation } from './derive/cloud.js';
import { licensingDerivation } from './derive/licensing.js';
import { deriveSysprepBinary } from './sysprep-binary.js';
import { entraJoinDerivation, firewallRulesDerivation, mdmEnrollmentDerivation, removableStoragePolicyDerivation } from './derive/registry-lists.js';
import type { DeriveContext, Derivation } from './derive/define.js';
import { deriveGroups } from './derive/run.js';
import { openHiveFile } from './open-hive.js';
import { readRegularFile } from './regular-file.js';
import { HiveError } from './regf.js';
import { HiveRegistry, type HiveName, type RegistryResult } from './registry-source.js';

/** The derivations run offline; each group named here is read from the hives. */
export const OFFLINE_DERIVATIONS: readonly Derivation<unknown>[] = [
  computerSystemDerivation,
  setupStatusDerivation,
  sysprepStateDerivation,
  removableStoragePolicyDerivation,
  firewallRulesDerivation,
  entraJoinDerivation,
  mdmEnrollmentDerivation,
  pantherDerivation,
  pendingRebootDerivation,
  answerFilesDerivation,
  azureGuestAgentDerivation,
  azureSettingsDerivation,
  defenderEndpointDerivation,
  configMgrDerivation,
  googleGuestEnvironmentDerivation,
  awsLaunchAgentsDerivation,
  azureNetworkDerivation,
  remoteAccessDerivation,
  upgradeHistoryDerivation,
  servicingDerivation,
  appxPackagesDerivation,
  storeUpdateDerivation,
  defenderDerivation,
  azureArcDerivation,
  osDerivation,
  userProfilesDerivation,
  awsAdminPasswordsDerivation,
  iisDerivation,
  npsDerivation,
  dscDerivation,
  monitoringAgentsDerivation,
  buildLeftoversDerivation,
  remoteAccessPolicyDerivation,
  winRmListenersDerivation,
  dscAgentDerivation,
];

export const NEEDS_RUNNING_SYSTEM = 'needs the running system';

/**
 * Groups that only a running Windows can answer: the probe's own account, running processes and
 * state only CIM or a service reports. Offline they are not applicable, never pass.
 */
export const LIVE_ONLY_GROUPS: Readonly<Record<string, string>> = {
  identity: `${NEEDS_RUNNING_SYSTEM}: the account and elevation of a probe that runs on it`,
  sysprepProcesses: `${NEEDS_RUNNING_SYSTEM}: running processes (Win32_Process)`,
  bitlocker: `${NEEDS_RUNNING_SYSTEM}: BitLocker state comes from Win32_EncryptableVolume`,
  hyperV: `${NEEDS_RUNNING_SYSTEM}: virtual switches come from the Hyper-V WMI provider`,
  serverFeatures: `${NEEDS_RUNNING_SYSTEM}: installed features come from Win32_ServerFeature`,
  systemDrive: `${NEEDS_RUNNING_SYSTEM}: drive letters and partitions of the booted machine (MSFT_Partition)`,
  windowsInstallations: `${NEEDS_RUNNING_SYSTEM}: the other volumes of the machine are not mounted here`,
  passwordPolicy: `${NEEDS_RUNNING_SYSTEM}: the resultant password policy comes from the RSoP WMI provider (root\\rsop\\computer)`,
  rdpListener: `${NEEDS_RUNNING_SYSTEM}: the process listening on the RDP port (Get-NetTCPConnection)`,
  pagefile: `${NEEDS_RUNNING_SYSTEM}: the drive letters the booted machine gives its volumes`,
  azureAgentServices: `${NEEDS_RUNNING_SYSTEM}: whether the Azure VM Agent services run is a state of the booted machine`,
  localUserAccounts: `${NEEDS_RUNNING_SYSTEM}: local accounts come from Win32_UserAccount (the SAM hive's account records are not decoded offline)`,
  selfSignedCertificates: `${NEEDS_RUNNING_SYSTEM}: certificates are read from the machine certificate stores through X509Store`,
};

/**
 * Derivations that only mean something on a mounted volume, kept out of the read plan a live
 * probe answers (readPlan(OFFLINE_DERIVATIONS)): live, the cloud comes from SMBIOS and the rearm
 * count from CIM. Offline the cloud comes from the installed cloud agent (derive/cloud.ts; an error
 * without one, so cloud-scoped rules are unknown unless --cloud says), and licensing is facts only
 * where SkipRearm alone decides (derive/licensing.ts).
 */
export const VOLUME_ONLY_DERIVATIONS: readonly Derivation<unknown>[] = [cloudFromAgentsDerivation, licensingDerivation];

/** Groups that cannot be read offline and must not be guessed: an error, so their rules are unknown. None left. */
export const OFFLINE_ERRORS: Readonly<Record<string, string>> = {};

/**
 * Resolves `parts` below `dir`, each component matched case-insensitively as NTFS does; undefined
 * if absent. Throws VolumeLinkError when a component is a link, so no read leaves the volume.
 */
export function findPathInsensitive(dir: string, parts: readonly string[]): string | undefined {
  let at = dir;
  for (const part of parts) {
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      return undefined;
    }
    const exact = names.find((n) => n === part) ?? names.find((n) => n.toUpperCase() === part.toUpperCase());
    if (exact === undefined) return undefined;
    at = join(at, exact);
    let link = false;
    try {
      link = lstatSync(at).isSymbolicLink();
    } catch {
      return undefined;
    }
    if (link) throw new VolumeLinkError(`${at} is a symbolic link or junction, which preseal does not follow on a mounted volume`);
  }
  return at;
}

const CONFIG = ['Windows', 'System32', 'config'];

/** A Windows volume has Windows\System32\config\SYSTEM (a file). */
export function isWindowsVolume(root: string): boolean {
  try {
    const system = findPathInsensitive(root, [...CONFIG, 'SYSTEM']);
    return system !== undefined && statSync(system).isFile();
  } catch {
    return false;
  }
}

/** Files the derivations read are small text files; anything bigger is not theirs. */
const MAX_FILE = 16 * 1024 * 1024;

function readWindowsFile(windowsDir: string, path: string, label = '%WINDIR%', presence = false): RegistryResult {
  let file: string | undefined;
  try {
    file = findPathInsensitive(windowsDir, path.split('\\'));
  } catch (e) {
    if (e instanceof VolumeLinkError) return { kind: 'unreadable', reason: `${label}\\${path} cannot be read: ${e.message}` };
    throw e;
  }
  if (!file) return { kind: 'absent' };
  try {
    const st = lstatSync(file);
    if (st.isDirectory()) return { kind: 'directory' };
    if (presence && st.isFile()) return { kind: 'file', data: new Uint8Array(0), size: st.size };
    return { kind: 'file', data: readRegularFile(file, MAX_FILE) };
  } catch (e) {
    return { kind: 'unreadable', reason: `${label}\\${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Measure-PresealFolder on the volume: files (not links) below `dir`, depth first, at most `max`. */
function measureFolder(dir: string, suffix: string, max: number): { files: number; bytes: number; truncated: boolean; error: string | null } {
  const out = { files: 0, bytes: 0, truncated: false, error: null as string | null };
  const stack = [dir];
  let visited = 0;
  while (stack.length > 0) {
    const at = stack.pop()!;
    // A hostile volume can hold millions of folders: the walk is bounded in folders too.
    if (++visited > 100_000) {
      out.truncated = true;
      break;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch (e) {
      out.error ??= `${at}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      continue;
    }
    for (const e of entries) {
      const path = join(at, e.name);
      if (e.isDirectory()) stack.push(path);
      else if (e.isFile() && e.name.toLowerCase().endsWith(suffix)) {
        if (out.files >= max) {
          out.truncated = true;
          return out;
        }
        out.files++;
        try {
          out.bytes += lstatSync(path).size;
        } catch {
          // counted, size unknown, as the live collector does
        }
      }
    }
  }
  return out;
}

/** Lints a mounted Windows volume without running anything on it: platform windows, probe.live false. */
export async function collectWindowsOffline(
  target: string,
  root: string,
  now: () => Date = () => new Date(),
  efsLimits: EfsLimits = EFS_LIMITS,
): Promise<FactsEnvelope> {
  const started = Date.now();
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new TargetError(target, 'read', `${root} is not a directory`, 'root: takes the folder where the volume is mounted, e.g. root:/mnt/windows');
  let config: string | undefined;
  try {
    config = findPathInsensitive(root, CONFIG);
  } catch (e) {
    if (!(e instanceof VolumeLinkError)) throw e;
    throw new TargetError(target, 'read', e.message, 'point root: at the mounted volume itself, whose Windows\\System32\\config holds the hives');
  }
  if (!config || !isWindowsVolume(root)) {
    throw new TargetError(
      target,
      'read',
      `${root} has no Windows\\System32\\config\\SYSTEM`,
      'mount the Windows system volume (the one with the Windows folder) and point root: at it',
    );
  }
  const windowsDir = findPathInsensitive(root, ['Windows'])!;
  const registry = new HiveRegistry(
    (hive: HiveName) => {
      try {
        const file = findPathInsensitive(config, [hive]);
        if (!file) return `${hive} hive not found in ${config}`;
        return openHiveFile(file);
      } catch (e) {
        if (e instanceof HiveError || e instanceof VolumeLinkError) return e.message;
        throw e;
      }
    },
    (path, presence) => readWindowsFile(windowsDir, path, '%WINDIR%', presence),
    (path, presence) => readWindowsFile(root, path, '%SystemDrive%', presence),
  );

  // Offline, a path in the facts is the file that was read on the mounted volume.
  const context: DeriveContext = {
    windowsPath: (rel) => join(windowsDir, ...rel.split('\\')),
    volumePath: (rel) => join(root, ...rel.split('\\')),
    volumeExists: (rel) =>
      findPathInsensitive(
        root,
        rel.split('\\').filter((p) => p !== ''),
      ) !== undefined,
    volumeSubfolders: (rel) => {
      const dir = findPathInsensitive(
        root,
        rel.split('\\').filter((p) => p !== ''),
      );
      if (dir === undefined) return undefined;
      // Folders only, never followed through a link the volume holds; bounded like any listing.
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .slice(0, 10_000)
        .map((e) => e.name)
        .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    },
    volumeMeasure: (rel, suffix, max) => {
      const dir = findPathInsensitive(
        root,
        rel.split('\\').filter((p) => p !== ''),
      );
      if (dir === undefined || !lstatSync(dir).isDirectory()) return undefined;
      return measureFolder(dir, suffix, max);
    },
  };
  const { facts, errors, notApplicable, partial } = deriveGroups(registry, [...OFFLINE_DERIVATIONS, ...VOLUME_ONLY_DERIVATIONS], context);
  // sysprep.exe and ntoskrnl.exe: their PE version resources, read in place (sysprep-binary.ts).
  let sysprep: ReturnType<typeof deriveSysprepBinary>;
  try {
    sysprep = deriveSysprepBinary({
      registry,
      findWindowsFile: (rel) => findPathInsensitive(windowsDir, rel.split('\\')),
      windowsPath: context.windowsPath,
    });
  } catch (e) {
    if (!(e instanceof VolumeLinkError)) throw e;
    sysprep = { error: e.message };
  }
  if ('facts' in sysprep) {
    facts['sysprepBinary'] = sysprep.facts;
    const stale = registry.staleness('SOFTWARE');
    if (stale) partial['sysprepBinary'] = stale;
  } else if ('error' in sysprep) errors['sysprepBinary'] = sysprep.error;
  else notApplicable['sysprepBinary'] = sysprep.notApplicable;
  // EFS: FILE_ATTRIBUTE_ENCRYPTED through the mount's extended attributes (efs.ts).
  const efs = await scanEfsOffline(root, efsLimits);
  if ('facts' in efs) facts['efsScan'] = efs.facts;
  else errors['efsScan'] = efs.error;
  for (const group of groupsFor('windows')) {
    if (group in facts || group in errors || group in notApplicable) continue;
    const liveOnly = LIVE_ONLY_GROUPS[group];
    if (liveOnly) notApplicable[group] = liveOnly;
    else if (OFFLINE_ERRORS[group]) errors[group] = OFFLINE_ERRORS[group];
    else errors[group] = 'not read from an offline Windows volume yet';
  }
  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    platform: 'windows',
    collectedAt: now().toISOString(),
    target,
    probe: { version, root, live: false, durationMs: Date.now() - started, ...(Object.keys(partial).length > 0 ? { partial } : {}) },
    facts,
    errors,
    notApplicable,
  };
}
