/**
 * appxPackages and storeUpdate (collectors/appx.ps1) from AppxAllUserStore, the registry the live
 * collector falls back to when the Appx cmdlets fail: offline there is no Get-AppxPackage, so the
 * packages come from the per-user <SID> subkeys, as live in a remote or session-0 run.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt } from './registry-data.js';

const STORE = 'Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore';
export const APPX_OFFLINE_CMDLET_ERROR = 'offline: Get-AppxPackage needs the running system; packages come from the AppxAllUserStore registry';

export const appxPackagesDerivation = defineDerivation<Facts['appxPackages']>({
  group: 'appxPackages',
  reads: {
    anchor: { hive: 'SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion', value: null },
    store: { hive: 'SOFTWARE', key: STORE, tree: 1 },
  },
  derive({ anchor, store }): Derived<Facts['appxPackages']> {
    for (const x of [anchor, store]) if (x?.kind === 'unreadable') return { error: x.reason };
    if (anchor?.kind !== 'value') return { error: 'the registry key HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion is not readable' };
    if (store?.kind !== 'tree') return { notApplicable: 'Windows keeps no Appx package store here (no AppxAllUserStore key)' };
    const sub = (name: string) => store.tree.subkeys.find((k) => k.name.toLowerCase() === name.toLowerCase())?.subkeys.map((k) => k.name) ?? [];
    const byName = new Map<string, { sid: string; account: null; state: string }[]>();
    for (const sid of store.tree.subkeys.filter((k) => /^S-1-5-21-[\d-]+$/i.test(k.name))) {
      for (const p of sid.subkeys) {
        // PowerShell's ordered dictionary keys compare case-insensitively.
        const existing = [...byName.keys()].find((n) => n.toLowerCase() === p.name.toLowerCase()) ?? p.name;
        byName.set(existing, [...(byName.get(existing) ?? []), { sid: sid.name, account: null, state: 'Installed' }]);
      }
    }
    return {
      facts: {
        source: 'registry',
        cmdletError: APPX_OFFLINE_CMDLET_ERROR,
        provisioned: sub('Applications'),
        inbox: sub('InboxApplications'),
        packages: [...byName].map(([fullName, users]) => ({ fullName, signatureKind: null, isFramework: null, users })),
      },
    };
  },
});

export const storeUpdateDerivation = defineDerivation<Facts['storeUpdate']>({
  group: 'storeUpdate',
  reads: {
    apps: { hive: 'SOFTWARE', key: `${STORE}\\Applications`, tree: 0 },
    policy: { hive: 'SOFTWARE', key: 'Policies\\Microsoft\\WindowsStore', value: 'AutoDownload' },
    auto: { hive: 'SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion\\WindowsStore\\WindowsUpdate', value: 'AutoDownload' },
  },
  derive({ apps, policy, auto }): Derived<Facts['storeUpdate']> {
    for (const x of [apps, policy, auto]) if (x?.kind === 'unreadable') return { error: x.reason };
    const names = apps?.kind === 'tree' ? apps.tree.subkeys.map((k) => k.name) : [];
    if (!names.some((n) => n.toLowerCase().startsWith('microsoft.windowsstore_'))) return { notApplicable: 'the Microsoft Store is not installed' };
    // Network connectivity is the running machine's (Get-NetConnectionProfile): null, as live when it fails.
    return { facts: { storeInstalled: true, policyAutoDownload: presealInt(policy!) ?? null, autoDownload: presealInt(auto!) ?? null, internet: null } };
  },
});
