/**
 * azureNetwork and remoteAccess (collectors/network.ps1) from the registry: persistent routes
 * (route -p writes Tcpip\Parameters\PersistentRoutes), the WinHTTP proxy as netsh stores it
 * (Internet Settings\Connections WinHttpSettings), RDP and firewall profile settings, WinRM.
 */
import type { Facts } from '../../facts/catalog.js';
import type { RegistryResult } from '../registry-source.js';
import { REG } from '../values.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt } from './registry-data.js';
import { isServiceError, serviceOf, serviceReads } from './services.js';

const TCPIP = 'CurrentControlSet\\Services\\Tcpip\\Parameters';

/** Encoding.ASCII.GetString: bytes over 0x7F become '?'. */
function ascii(b: Buffer): string {
  return [...b].map((c) => (c < 0x80 ? String.fromCharCode(c) : '?')).join('');
}

/** WINHTTP_PROXY_INFO as netsh winhttp set proxy stores it (live and offline: src/platforms/windows/live.ts). */
function winHttpProxy(r: RegistryResult): Facts['azureNetwork']['winHttpProxy'] {
  // Only byte data reaches the collector as byte[] (numbers and strings do not parse as the structure).
  if (r.kind !== 'value' || r.type === REG.DWORD || r.type === REG.QWORD || r.type === REG.SZ || r.type === REG.EXPAND_SZ || r.type === REG.MULTI_SZ)
    return null;
  const b = Buffer.from(r.data);
  if (b.length < 16) return null;
  const proxyLen = b.readInt32LE(12);
  if (proxyLen <= 0 || 16 + proxyLen > b.length) return null;
  const proxyServer = ascii(b.subarray(16, 16 + proxyLen));
  let bypass: string | null = null;
  const at = 16 + proxyLen;
  if (at + 4 <= b.length) {
    const bypassLen = b.readInt32LE(at);
    if (bypassLen > 0 && at + 4 + bypassLen <= b.length) bypass = ascii(b.subarray(at + 4, at + 4 + bypassLen));
  }
  return { proxyServer, bypass };
}

export const azureNetworkDerivation = defineDerivation<Facts['azureNetwork']>({
  group: 'azureNetwork',
  reads: {
    anchor: { hive: 'SYSTEM', key: TCPIP, value: null },
    routes: { hive: 'SYSTEM', key: `${TCPIP}\\PersistentRoutes`, tree: 0 },
    winHttp: { hive: 'SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections', value: 'WinHttpSettings' },
  },
  derive({ anchor, routes, winHttp }): Derived<Facts['azureNetwork']> {
    for (const x of [anchor, routes, winHttp]) if (x?.kind === 'unreadable') return { error: x.reason };
    if (anchor?.kind !== 'value') return { error: `the registry key HKLM:\\SYSTEM\\${TCPIP} is not readable` };
    const persistentRoutes = routes?.kind === 'tree' ? routes.tree.values.map((v) => v.name).filter((n) => n !== '') : [];
    return { facts: { persistentRoutes, winHttpProxy: winHttpProxy(winHttp!) } };
  },
});

const TS = 'CurrentControlSet\\Control\\Terminal Server';
const RDP = `${TS}\\WinStations\\RDP-Tcp`;
/**
 * Group Policy names the private profile PrivateProfile ([MS-GPFAS] 2.2.3), the local store
 * StandardProfile (SharedAccess\Parameters\FirewallPolicy): [policy key, local key].
 */
const PROFILES = {
  domain: ['DomainProfile', 'DomainProfile'],
  private: ['PrivateProfile', 'StandardProfile'],
  public: ['PublicProfile', 'PublicProfile'],
} as const;

export const remoteAccessDerivation = defineDerivation<Facts['remoteAccess']>({
  group: 'remoteAccess',
  reads: {
    deny: { hive: 'SYSTEM', key: TS, value: 'fDenyTSConnections' },
    policyDeny: { hive: 'SOFTWARE', key: 'Policies\\Microsoft\\Windows NT\\Terminal Services', value: 'fDenyTSConnections' },
    port: { hive: 'SYSTEM', key: RDP, value: 'PortNumber' },
    lan: { hive: 'SYSTEM', key: RDP, value: 'LanAdapter' },
    nla: { hive: 'SYSTEM', key: RDP, value: 'UserAuthentication' },
    cert: { hive: 'SYSTEM', key: RDP, value: 'SSLCertificateSHA1Hash' },
    ...Object.fromEntries(
      Object.entries(PROFILES).flatMap(([k, [policy, local]]) => [
        [`${k}Policy`, { hive: 'SOFTWARE', key: `Policies\\Microsoft\\WindowsFirewall\\${policy}`, value: 'EnableFirewall' }],
        [`${k}Local`, { hive: 'SYSTEM', key: `CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\${local}`, value: 'EnableFirewall' }],
      ]),
    ),
    ...serviceReads('winrm', 'WinRM'),
  },
  derive(r): Derived<Facts['remoteAccess']> {
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    const winRm = serviceOf(r, 'winrm', 'WinRM');
    if (isServiceError(winRm)) return winRm;
    // Read-PresealFirewallEnabled: the policy wins when set, else the local setting.
    const enabled = (k: keyof typeof PROFILES) => {
      const policy = presealInt(r[`${k}Policy`]!) ?? null;
      if (policy !== null) return policy !== 0;
      const local = presealInt(r[`${k}Local`]!) ?? null;
      return local === null ? null : local !== 0;
    };
    return {
      facts: {
        fDenyTSConnections: presealInt(r['deny']!) ?? null,
        policyDenyTSConnections: presealInt(r['policyDeny']!) ?? null,
        portNumber: presealInt(r['port']!) ?? null,
        lanAdapter: presealInt(r['lan']!) ?? null,
        userAuthentication: presealInt(r['nla']!) ?? null,
        sslCertificateHashPresent: r['cert']?.kind === 'value',
        firewall: { domain: enabled('domain'), private: enabled('private'), public: enabled('public') },
        winRm,
      },
    };
  },
});
