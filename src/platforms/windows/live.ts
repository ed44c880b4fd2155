/**
 * One interpretation of the registry, live and offline. For the groups named here the live
 * PowerShell probe does not interpret the registry: it is handed the read plan of their
 * derivations (LIVE_READ_PLAN, written into the probe when it is assembled, src/probes/windows.ts)
 * and returns what it read, raw (src/windows-offline/raw-reads.ts: type and exact bytes, absent,
 * or the error). Here those raw reads become facts through the same Derivation code that reads
 * hive files on a mounted volume, so the meaning of each registry value exists once.
 */
import { z } from 'zod';
import type { Derivation } from '../../windows-offline/derive/define.js';
import { windowsContext } from '../../windows-offline/derive/define.js';
import { dscAgentDerivation } from '../../windows-offline/derive/dsc-agent.js';
import { upgradeHistoryDerivation } from '../../windows-offline/derive/installation.js';
import { azureNetworkDerivation, remoteAccessDerivation } from '../../windows-offline/derive/network.js';
import { remoteAccessPolicyDerivation, winRmListenersDerivation } from '../../windows-offline/derive/remote-access.js';
import { deriveGroups } from '../../windows-offline/derive/run.js';
import { pendingRebootDerivation } from '../../windows-offline/derive/servicing.js';
import { setupStatusDerivation } from '../../windows-offline/derive/setup-status.js';
import { sysprepStateDerivation } from '../../windows-offline/derive/sysprep-state.js';
import { RawReadsSource, rawReadSchema, readPlan } from '../../windows-offline/raw-reads.js';
import {
  entraJoinDerivation,
  firewallRulesDerivation,
  mdmEnrollmentDerivation,
  removableStoragePolicyDerivation,
} from '../../windows-offline/derive/registry-lists.js';
import type { Read } from '../../windows-offline/registry-source.js';

/**
 * The groups derived from the live probe's raw reads, by the probe topic they belong to
 * (src/facts/windows/<topic>.ts; the topic's collector, if any, yields the topic's other groups).
 * A group is here only when its derivation covers everything the live group says: a group that
 * also needs CIM, a service's running state or a process stays a PowerShell collector.
 */
export const LIVE_DERIVED: Readonly<Record<string, readonly Derivation<unknown>[]>> = {
  'setup-state': [setupStatusDerivation, sysprepStateDerivation],
  servicing: [pendingRebootDerivation],
  network: [azureNetworkDerivation],
  policies: [removableStoragePolicyDerivation],
  firewall: [firewallRulesDerivation, remoteAccessPolicyDerivation, winRmListenersDerivation],
  agents: [dscAgentDerivation],
  'entra-mdm': [entraJoinDerivation, mdmEnrollmentDerivation],
  installations: [upgradeHistoryDerivation],
};

export const LIVE_DERIVATIONS: readonly Derivation<unknown>[] = Object.values(LIVE_DERIVED).flat();

/** The groups LIVE_DERIVATIONS yield. */
export const LIVE_DERIVED_GROUPS: readonly string[] = LIVE_DERIVATIONS.map((d) => d.group);

/**
 * Files below %WINDIR% or the volume root the live probe may return raw: only files that hold no
 * secret ("Trust" in design.md: no secret value leaves the target). Answer files, Panther logs and
 * agent configurations are interpreted on the target by their collectors instead. A presence read
 * (`presence: true`: only whether the path exists, and whether it is a folder) returns nothing of
 * the file and may name any path (upgradeHistory: %SystemDrive%\Windows.old).
 */
export const LIVE_RAW_FILES: readonly string[] = ['Setup\\State\\State.ini'];

/**
 * Groups split in two: the registry part derived from raw reads like the groups above, and the
 * fields only the running system knows taken from the group's collector, which reads nothing else
 * (remoteAccess: the RDP and firewall registry values derived, the WinRM service's state from the
 * service controller, Get-PresealRemoteAccess in collectors/network.ps1).
 */
export const LIVE_COMPLETED: Readonly<Record<string, { derivation: Derivation<unknown>; fromCollector: readonly string[] }>> = {
  remoteAccess: { derivation: remoteAccessDerivation, fromCollector: ['winRm'] },
};

/** Every read the live probe makes for LIVE_DERIVATIONS and LIVE_COMPLETED, once each. */
export const LIVE_READ_PLAN: readonly Read[] = readPlan([...LIVE_DERIVATIONS, ...Object.values(LIVE_COMPLETED).map((c) => c.derivation)]);

const rawReadsField = z.union([
  z.object({
    windowsDir: z.string().nullish(),
    systemDrive: z.string().nullish(),
    reads: z.array(rawReadSchema),
  }),
  z.object({ error: z.string() }),
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The envelope's `rawReads` as the wire form, or why they cannot be used. */
function parseRawReads(rawReads: unknown): Extract<z.infer<typeof rawReadsField>, { reads: unknown }> | string {
  if (rawReads === undefined) return 'the probe returned no raw registry reads';
  const parsed = rawReadsField.safeParse(rawReads);
  if (!parsed.success) return `the probe's raw registry reads are malformed: ${parsed.error.issues[0]?.message ?? 'unknown'}`;
  if ('error' in parsed.data) return `the probe could not read the registry: ${parsed.data.error}`;
  return parsed.data;
}

/**
 * The live Windows envelope as the probe printed it (before validateEnvelope), with the groups of
 * LIVE_DERIVATIONS derived from its `rawReads`, those of LIVE_COMPLETED derived and completed with
 * their collector's fields, and `rawReads` removed. Raw reads that are missing
 * or malformed make each of those groups an error (their rules unknown), never a pass. Anything
 * that is not a Windows envelope is returned unchanged.
 */
export function deriveLiveGroups(raw: unknown): unknown {
  if (!isRecord(raw) || raw['platform'] !== 'windows' || !isRecord(raw['facts'])) return raw;
  const { rawReads, ...envelope } = raw;
  const facts: Record<string, unknown> = { ...raw['facts'] };
  const errors: Record<string, unknown> = isRecord(raw['errors']) ? { ...raw['errors'] } : {};
  const notApplicable: Record<string, unknown> = isRecord(raw['notApplicable']) ? { ...raw['notApplicable'] } : {};
  const parsed = parseRawReads(rawReads);
  if (typeof parsed === 'string') {
    for (const group of [...LIVE_DERIVED_GROUPS, ...Object.keys(LIVE_COMPLETED)]) {
      delete facts[group];
      delete notApplicable[group];
      errors[group] = parsed;
    }
    return { ...envelope, facts, errors, notApplicable };
  }
  const { windowsDir, systemDrive, reads } = parsed;
  const context = windowsContext(windowsDir || undefined, systemDrive || undefined);
  const source = new RawReadsSource(reads);
  const derived = deriveGroups(source, LIVE_DERIVATIONS, context);
  for (const group of LIVE_DERIVED_GROUPS) {
    delete facts[group];
    delete errors[group];
    delete notApplicable[group];
  }
  Object.assign(facts, derived.facts);
  Object.assign(notApplicable, derived.notApplicable);
  // An access-denied read already says that its group needs an elevated session (lib.ps1 Read-PresealRawRead).
  Object.assign(errors, derived.errors);
  for (const [group, { derivation, fromCollector }] of Object.entries(LIVE_COMPLETED)) {
    const part = facts[group];
    delete facts[group];
    // The collector's error (or not-applicable) stands; so does the derivation's.
    if (Object.hasOwn(errors, group) || Object.hasOwn(notApplicable, group)) continue;
    const out = deriveGroups(source, [derivation], context);
    if (out.errors[group] !== undefined) errors[group] = out.errors[group];
    else if (out.notApplicable[group] !== undefined) notApplicable[group] = out.notApplicable[group];
    else if (!isRecord(part) || !fromCollector.every((f) => Object.hasOwn(part, f)))
      errors[group] = `the probe's ${group} collector did not give ${fromCollector.join(', ')}`;
    else facts[group] = { ...(out.facts[group] as Record<string, unknown>), ...Object.fromEntries(fromCollector.map((f) => [f, part[f]])) };
  }
  return { ...envelope, facts, errors, notApplicable };
}
