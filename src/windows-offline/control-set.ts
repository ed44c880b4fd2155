import { HiveError, type Hive, type RegKey } from './regf.js';
import { regDword } from './values.js';

/**
 * A SYSTEM hive file has no CurrentControlSet: Windows links it at boot to ControlSet00N, where
 * N is SYSTEM\Select\Current (learn.microsoft.com, "CurrentControlSet" / KB100010 "Select
 * subkey"). Throws HiveError when Select\Current is missing or not a DWORD naming a control set.
 */
export function currentControlSet(hive: Hive): string {
  const select = hive.openKey('Select');
  const current = select && hive.value(select, 'Current');
  const n = current && regDword(current);
  if (n === undefined || n < 1 || n > 999) throw new HiveError(hive.name, 'Select\\Current does not name a control set');
  return `ControlSet${String(n).padStart(3, '0')}`;
}

/** openKey with a leading `CurrentControlSet` component resolved through Select\Current. */
export function openSystemKey(hive: Hive, path: string): RegKey | undefined {
  const parts = path.split('\\').filter((p) => p !== '');
  if (parts[0]?.toUpperCase() === 'CURRENTCONTROLSET') parts[0] = currentControlSet(hive);
  return hive.openKey(parts);
}
