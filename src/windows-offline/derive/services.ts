/**
 * Services offline, from HKLM\SYSTEM\CurrentControlSet\Services\<name>: Start (0 boot, 1 system,
 * 2 automatic, 3 manual, 4 disabled; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive,
 * StartType) and Type (SERVICE_WIN32_OWN_PROCESS 0x10, SERVICE_WIN32_SHARE_PROCESS 0x20), mapped to
 * the strings the live probe prints (Read-PresealService: Get-Service StartType, a
 * ServiceStartMode name: Boot, System, Automatic, Manual, Disabled; delayed start is Automatic
 * there too). A key without a Win32 service Type is no service Get-Service would find: null.
 *
 * Status: an image that is not running has no running service. Offline every service is
 * 'Stopped', literally true of the volume; no rule reads a service's status to pass it (they
 * read StartType), and the running state a rule might need is not claimed.
 */
import type { Read, RegistryResult } from '../registry-source.js';
import { dwordOf } from './registry-data.js';

export const OFFLINE_SERVICE_STATUS = 'Stopped';
const START_TYPES = ['Boot', 'System', 'Automatic', 'Manual', 'Disabled'] as const;

/** The two reads that describe service `name`, keyed `<prefix>Start` and `<prefix>Type`. */
export function serviceReads(prefix: string, name: string): Record<string, Read> {
  const key = `CurrentControlSet\\Services\\${name}`;
  return { [`${prefix}Start`]: { hive: 'SYSTEM', key, value: 'Start' }, [`${prefix}Type`]: { hive: 'SYSTEM', key, value: 'Type' } };
}

export type OfflineService = { status: string; startType: string } | null;

/** The service as Read-PresealService returns it, or the reason it cannot be told. */
export function serviceOf(r: Record<string, RegistryResult>, prefix: string, name: string): OfflineService | { error: string } {
  const start = r[`${prefix}Start`];
  const type = r[`${prefix}Type`];
  for (const x of [start, type]) if (x?.kind === 'unreadable') return { error: x.reason };
  const t = type && dwordOf(type);
  if (t === undefined || (t & 0x30) === 0) return null;
  const s = start && dwordOf(start);
  const startType = s === undefined ? undefined : START_TYPES[s];
  if (!startType) return { error: `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name} Start is not 0 to 4` };
  return { status: OFFLINE_SERVICE_STATUS, startType };
}

export function isServiceError(s: OfflineService | { error: string }): s is { error: string } {
  return s !== null && 'error' in s;
}
