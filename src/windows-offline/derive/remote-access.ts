/**
 * remoteAccessPolicy and winRmListeners (collectors/firewall.ps1) from the SOFTWARE hive: the
 * Group Policy values that revert Azure's remote-access settings, and the WinRM listeners the
 * WinRM service keeps under WSMAN\Listener (one key per listener, "<Address>+<Transport>").
 */
import type { Facts } from '../../facts/catalog.js';
import type { Read, RegistryResult } from '../registry-source.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt } from './registry-data.js';
import { assertKey, treeValue } from './registry-lists.js';

const ANCHOR = 'Microsoft\\Windows NT\\CurrentVersion';
const TS = 'Policies\\Microsoft\\Windows NT\\Terminal Services';
const TS_VALUES = {
  fDenyTSConnections: 'fDenyTSConnections',
  userAuthentication: 'UserAuthentication',
  keepAliveEnable: 'KeepAliveEnable',
  keepAliveInterval: 'KeepAliveInterval',
  fDisableAutoReconnect: 'fDisableAutoReconnect',
  maxInstanceCount: 'MaxInstanceCount',
} as const;
const PROFILES = { domain: 'DomainProfile', standard: 'StandardProfile' } as const;

function profileReads(k: string, key: string): Record<string, Read> {
  const base = `Policies\\Microsoft\\WindowsFirewall\\${key}`;
  return {
    [`${k}Enable`]: { hive: 'SOFTWARE', key: base, value: 'EnableFirewall' },
    [`${k}Rdp`]: { hive: 'SOFTWARE', key: `${base}\\Services\\RemoteDesktop`, value: 'Enabled' },
    [`${k}Icmp`]: { hive: 'SOFTWARE', key: `${base}\\IcmpSettings`, value: 'AllowInboundEchoRequest' },
  };
}

/** Assert-PresealRegistry on the SOFTWARE hive: without it every policy would read as not configured. */
const anchorError = (r: RegistryResult | undefined) => assertKey(r, `HKLM:\\SOFTWARE\\${ANCHOR}`);

export const remoteAccessPolicyDerivation = defineDerivation<Facts['remoteAccessPolicy']>({
  group: 'remoteAccessPolicy',
  reads: {
    anchor: { hive: 'SOFTWARE', key: ANCHOR, value: null },
    ...Object.fromEntries(Object.entries(TS_VALUES).map(([k, v]) => [k, { hive: 'SOFTWARE', key: TS, value: v } satisfies Read])),
    ...Object.assign({}, ...Object.entries(PROFILES).map(([k, key]) => profileReads(k, key))),
  },
  derive(r): Derived<Facts['remoteAccessPolicy']> {
    const bad = anchorError(r['anchor']);
    if (bad) return bad;
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    const int = (k: string) => presealInt(r[k]!) ?? null;
    const profile = (k: string) => ({ enableFirewall: int(`${k}Enable`), remoteDesktop: int(`${k}Rdp`), icmpEchoRequest: int(`${k}Icmp`) });
    return {
      facts: {
        terminalServices: {
          fDenyTSConnections: int('fDenyTSConnections'),
          userAuthentication: int('userAuthentication'),
          keepAliveEnable: int('keepAliveEnable'),
          keepAliveInterval: int('keepAliveInterval'),
          fDisableAutoReconnect: int('fDisableAutoReconnect'),
          maxInstanceCount: int('maxInstanceCount'),
        },
        firewall: { domain: profile('domain'), standard: profile('standard') },
      },
    };
  },
});

const LISTENER = 'Microsoft\\Windows\\CurrentVersion\\WSMAN\\Listener';

export const winRmListenersDerivation = defineDerivation<Facts['winRmListeners']>({
  group: 'winRmListeners',
  reads: {
    anchor: { hive: 'SOFTWARE', key: ANCHOR, value: null },
    listeners: { hive: 'SOFTWARE', key: LISTENER, tree: 1 },
    autoConfig: { hive: 'SOFTWARE', key: 'Policies\\Microsoft\\Windows\\WinRM\\Service', value: 'AllowAutoConfig' },
  },
  derive({ anchor, listeners, autoConfig }): Derived<Facts['winRmListeners']> {
    const bad = anchorError(anchor);
    if (bad) return bad;
    if (autoConfig?.kind === 'unreadable') return { error: autoConfig.reason };
    const policyAutoConfig = presealInt(autoConfig!) ?? null;
    if (listeners?.kind === 'absent') return { facts: { listeners: [], policyAutoConfig } };
    if (listeners?.kind !== 'tree') return { error: listeners?.kind === 'unreadable' ? listeners.reason : `HKLM\\SOFTWARE\\${LISTENER} was not read` };
    return {
      facts: {
        listeners: listeners.tree.subkeys.map((k) => {
          const plus = k.name.lastIndexOf('+');
          const address = plus >= 0 ? k.name.slice(0, plus) : k.name;
          const transport = plus >= 0 ? k.name.slice(plus + 1).toUpperCase() : '';
          const port = presealInt(treeValue(k, 'Port')) ?? (transport === 'HTTPS' ? 5986 : 5985);
          return { key: `HKLM\\SOFTWARE\\${LISTENER}\\${k.name}`, address, transport, port };
        }),
        policyAutoConfig,
      },
    };
  },
});
