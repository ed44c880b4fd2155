/**
 * pendingReboot: the restart markers Windows servicing leaves in the registry (Component Based
 * Servicing RebootPending, Windows Update Auto Update RebootRequired, Session Manager
 * PendingFileRenameOperations(2) as MoveFileEx MOVEFILE_DELAY_UNTIL_REBOOT writes them,
 * learn.microsoft.com/windows/win32/api/winbase/nf-winbase-movefileexa; Updates
 * UpdateExeVolatile). Live too, from the probe's raw reads (src/platforms/windows/live.ts).
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt, presealStringArray } from './registry-data.js';

const SM = 'CurrentControlSet\\Control\\Session Manager';

export const pendingRebootDerivation = defineDerivation<Facts['pendingReboot']>({
  group: 'pendingReboot',
  reads: {
    sessionManager: { hive: 'SYSTEM', key: SM, value: null },
    renames: { hive: 'SYSTEM', key: SM, value: 'PendingFileRenameOperations' },
    renames2: { hive: 'SYSTEM', key: SM, value: 'PendingFileRenameOperations2' },
    cbsRebootPending: { hive: 'SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending', value: null },
    wuRebootRequired: { hive: 'SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired', value: null },
    updateExeVolatile: { hive: 'SOFTWARE', key: 'Microsoft\\Updates', value: 'UpdateExeVolatile' },
  },
  derive(r): Derived<Facts['pendingReboot']> {
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    if (r.sessionManager?.kind !== 'value') return { error: 'the registry key HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager is not readable' };
    const renames = presealStringArray(r.renames!)!.map((s) => s.replaceAll('\\??\\', ''));
    const renames2 = presealStringArray(r.renames2!)!;
    return {
      facts: {
        cbsRebootPending: r.cbsRebootPending?.kind === 'value',
        wuRebootRequired: r.wuRebootRequired?.kind === 'value',
        pendingFileRenameCount: renames.length,
        pendingFileRenames: renames.slice(0, 20),
        pendingFileRename2Count: renames2.length,
        updateExeVolatile: presealInt(r.updateExeVolatile!) ?? null,
      },
    };
  },
});
