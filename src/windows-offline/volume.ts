/**
 * `root:DIR` on a mounted Windows volume: the facts come from the hive files under
 * Windows\System32\config, read in TypeScript, instead of from a probe. Names are matched
 * case-insensitively, as NTFS matches them (a Linux mount of NTFS is case-sensitive).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TargetError } from '../errors.js';
import { FACTS_SCHEMA_VERSION, type FactsEnvelope } from '../facts/envelope.js';
import { groupsFor } from '../facts/catalog.js';
import { version } from '../version.js';
import { computerSystemDerivation } from './derive/computer-system.js';
import { setupStatusDerivation } from './derive/setup-status.js';
import { sysprepStateDerivation } from './derive/sysprep-state.js';
import type { Derivation } from './derive/define.js';
import { deriveGroups } from './derive/run.js';
import { openHiveFile, readRegularFile } from './open-hive.js';
import { HiveError } from './regf.js';
import { HiveRegistry, type HiveName, type RegistryResult } from './registry-source.js';

/** The derivations run offline; each group named here is read from the hives. */
export const OFFLINE_DERIVATIONS: readonly Derivation<unknown>[] = [computerSystemDerivation, setupStatusDerivation, sysprepStateDerivation];

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
};

/** Resolves `parts` below `dir`, each component matched case-insensitively; undefined if absent. */
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
  }
  return at;
}

const CONFIG = ['Windows', 'System32', 'config'];

/** A Windows volume has Windows\System32\config\SYSTEM (a file). */
export function isWindowsVolume(root: string): boolean {
  const system = findPathInsensitive(root, [...CONFIG, 'SYSTEM']);
  try {
    return system !== undefined && statSync(system).isFile();
  } catch {
    return false;
  }
}

/** Files the derivations read are small text files; anything bigger is not theirs. */
const MAX_FILE = 16 * 1024 * 1024;

function readWindowsFile(windowsDir: string, path: string): RegistryResult {
  const file = findPathInsensitive(windowsDir, path.split('\\'));
  if (!file) return { kind: 'absent' };
  try {
    return { kind: 'file', data: readRegularFile(file, MAX_FILE) };
  } catch (e) {
    return { kind: 'unreadable', reason: `%WINDIR%\\${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Lints a mounted Windows volume without running anything on it: platform windows, probe.live false. */
export function collectWindowsOffline(target: string, root: string, now: () => Date = () => new Date()): FactsEnvelope {
  const started = Date.now();
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new TargetError(target, 'read', `${root} is not a directory`, 'root: takes the folder where the volume is mounted, e.g. root:/mnt/windows');
  const config = findPathInsensitive(root, CONFIG);
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
      const file = findPathInsensitive(config, [hive]);
      if (!file) return `${hive} hive not found in ${config}`;
      try {
        return openHiveFile(file);
      } catch (e) {
        if (e instanceof HiveError) return e.message;
        throw e;
      }
    },
    (path) => readWindowsFile(windowsDir, path),
  );

  const { facts, errors, notApplicable, partial } = deriveGroups(registry, OFFLINE_DERIVATIONS);
  for (const group of groupsFor('windows')) {
    if (group in facts || group in errors || group in notApplicable) continue;
    const liveOnly = LIVE_ONLY_GROUPS[group];
    if (liveOnly) notApplicable[group] = liveOnly;
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
