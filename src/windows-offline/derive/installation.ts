/**
 * upgradeHistory (live too: src/platforms/windows/live.ts LIVE_DERIVED) and servicing
 * (collectors/servicing.ps1 Get-PresealServicing) from the registry and the volume.
 *
 * An in-place upgrade leaves HKLM\SYSTEM\Setup\Source OS (Updated on ...) keys and
 * %SystemDrive%\Windows.old (learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview:
 * Sysprep does not run on an upgraded installation). A Source OS key is a copy of the old
 * installation's CurrentVersion key, so it also holds DigitalProductId and DigitalProductId4 (the
 * encoded product key): the tree is read with only the two values used here, so that the live probe
 * never returns those ("Trust" in design.md). Windows.old is a presence read: whether it exists,
 * nothing of what is in it.
 *
 * servicing offline: nothing runs on a volume that is not booted, so the Windows Update installer
 * is not busy (false, as the live collector says when wuauserv is not running) and TrustedInstaller
 * is Stopped when installed; the CBS SessionsPending Exclusive marker and the reserved storage
 * state are the registry's.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt, presealText } from './registry-data.js';
import { isServiceError, serviceOf, serviceReads } from './services.js';
import { treeValue } from './registry-lists.js';

const CV = 'Microsoft\\Windows NT\\CurrentVersion';
/** The values read from each key below HKLM\SYSTEM\Setup: exactly those the facts use. */
const SOURCE_OS_VALUES = ['ProductName', 'CurrentBuild'] as const;

export const upgradeHistoryDerivation = defineDerivation<Facts['upgradeHistory']>({
  group: 'upgradeHistory',
  reads: {
    build: { hive: 'SOFTWARE', key: CV, value: 'CurrentBuild' },
    buildNumber: { hive: 'SOFTWARE', key: CV, value: 'CurrentBuildNumber' },
    upgrade: { hive: 'SYSTEM', key: 'Setup', value: 'Upgrade' },
    setup: { hive: 'SYSTEM', key: 'Setup', tree: 1, values: SOURCE_OS_VALUES },
    windowsOld: { volumeFile: 'Windows.old', presence: true },
  },
  derive({ build, buildNumber, upgrade, setup, windowsOld }): Derived<Facts['upgradeHistory']> {
    for (const x of [build, buildNumber, upgrade, setup, windowsOld]) if (x?.kind === 'unreadable') return { error: x.reason };
    const current = presealInt(build!) ?? presealInt(buildNumber!) ?? null;
    if (current === null) return { error: `HKLM:\\SOFTWARE\\${CV} CurrentBuild is not readable` };
    const keys = setup?.kind === 'tree' ? setup.tree.subkeys.filter((k) => k.name.toLowerCase().startsWith('source os')) : [];
    return {
      facts: {
        currentBuild: current,
        sourceOs: keys.map((k) => ({
          key: `HKLM\\SYSTEM\\Setup\\${k.name}`,
          productName: presealText(treeValue(k, 'ProductName')),
          currentBuild: presealInt(treeValue(k, 'CurrentBuild')) ?? null,
        })),
        upgradeValue: presealInt(upgrade!) ?? null,
        windowsOld: windowsOld?.kind === 'file' || windowsOld?.kind === 'directory',
      },
    };
  },
});

const CBS = 'Microsoft\\Windows\\CurrentVersion\\Component Based Servicing';
const RM = 'Microsoft\\Windows\\CurrentVersion\\ReserveManager';

export const servicingDerivation = defineDerivation<Facts['servicing']>({
  group: 'servicing',
  reads: {
    ...serviceReads('ti', 'TrustedInstaller'),
    exclusive: { hive: 'SOFTWARE', key: `${CBS}\\SessionsPending`, value: 'Exclusive' },
    shipped: { hive: 'SOFTWARE', key: RM, value: 'ShippedWithReserves' },
    scenario: { hive: 'SOFTWARE', key: RM, value: 'ActiveScenario' },
  },
  derive(r): Derived<Facts['servicing']> {
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    const ti = serviceOf(r, 'ti', 'TrustedInstaller');
    if (isServiceError(ti)) return ti;
    const exclusive = presealInt(r['exclusive']!) ?? null;
    const shipped = presealInt(r['shipped']!) ?? null;
    return {
      facts: {
        installerBusy: false,
        installerBusyError: null,
        trustedInstallerStatus: ti ? ti.status : null,
        cbsSessionsPending: exclusive !== null && exclusive !== 0,
        reservedStorageState: shipped === 1 ? 'Enabled' : shipped === 0 ? 'Disabled' : null,
        activeScenario: presealInt(r['scenario']!) ?? null,
      },
    };
  },
});
