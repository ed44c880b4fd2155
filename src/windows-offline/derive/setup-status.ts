/**
 * setupStatus: HKLM\SYSTEM\Setup (SystemSetupInProgress, OOBEInProgress, SetupType, SetupPhase)
 * and Setup\Status (AuditBoot, ChildCompletion\setup.exe), the values Windows Setup keeps
 * (learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states). The same
 * derivation gives the live facts too, from the probe's raw reads (src/platforms/windows/live.ts).
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt } from './registry-data.js';

type SetupStatus = Facts['setupStatus'];

export const setupStatusDerivation = defineDerivation<SetupStatus>({
  group: 'setupStatus',
  reads: {
    setup: { hive: 'SYSTEM', key: 'Setup', value: null },
    systemSetupInProgress: { hive: 'SYSTEM', key: 'Setup', value: 'SystemSetupInProgress' },
    oobeInProgress: { hive: 'SYSTEM', key: 'Setup', value: 'OOBEInProgress' },
    setupType: { hive: 'SYSTEM', key: 'Setup', value: 'SetupType' },
    setupPhase: { hive: 'SYSTEM', key: 'Setup', value: 'SetupPhase' },
    auditBoot: { hive: 'SYSTEM', key: 'Setup\\Status', value: 'AuditBoot' },
    childCompletionSetup: { hive: 'SYSTEM', key: 'Setup\\Status\\ChildCompletion', value: 'setup.exe' },
  },
  derive({ setup, ...values }): Derived<SetupStatus> {
    if (setup?.kind !== 'value') return { error: setup?.kind === 'unreadable' ? setup.reason : 'HKLM\\SYSTEM\\Setup is not readable' };
    const facts: Record<string, number | null> = {};
    for (const [field, result] of Object.entries(values)) {
      if (result.kind === 'unreadable') return { error: result.reason };
      facts[field] = presealInt(result) ?? null;
    }
    return { facts: facts as SetupStatus };
  },
});
