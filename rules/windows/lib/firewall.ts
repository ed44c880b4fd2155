import type { Facts } from '../../../src/facts/catalog.js';

/** Which rules the firewallRules facts hold is decided by their derivation's read; its constants are the rules' too. */
export { FIREWALL_RDP_PORT, FIREWALL_WINRM_PORTS, REMOTE_DESKTOP_GROUP } from '../../../src/windows-offline/derive/registry-lists.js';

/**
 * A Windows Firewall rule string as the registry stores it ([MS-GPFAS] 2.2.2.10):
 * `v2.31|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|RA4=168.63.129.16|…|`.
 * Keys may repeat (Profile, RA4, LPort); unknown keys are kept.
 */
export interface FirewallRule {
  store: 'local' | 'policy';
  /** Where the rule is: `HKLM\…\FirewallRules\<id>`. */
  resource: string;
  id: string;
  version: string;
  action: 'Allow' | 'Block' | string;
  active: boolean;
  dir: 'In' | 'Out' | string;
  protocol: number | null;
  localPorts: string[];
  /** Profile= values (Domain, Private, Public); empty when the rule applies to all profiles. */
  profiles: string[];
  remoteAddresses4: string[];
  embedCtxt: string | null;
  name: string | null;
}

export const GPFAS: { title: string; url: string } = {
  title: '[MS-GPFAS]: Group Policy: Firewall and Advanced Security Data Structure (the firewall rule grammar, 2.2.2.10)',
  url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-gpfas/',
};
export const FIREWALL_RULE_REGISTRY: { title: string; url: string } = {
  title: 'Azure: enable or disable a firewall rule on a guest OS (the FirewallRules registry values)',
  url: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/enable-disable-firewall-rule-guest-os',
};

export function parseFirewallRule(entry: Facts['firewallRules']['rules'][number]): FirewallRule {
  const fields = entry.value.split('|');
  const all = new Map<string, string[]>();
  for (const f of fields.slice(1)) {
    const eq = f.indexOf('=');
    if (eq <= 0) continue;
    const key = f.slice(0, eq).toLowerCase();
    all.set(key, [...(all.get(key) ?? []), f.slice(eq + 1)]);
  }
  const one = (k: string) => all.get(k)?.[0] ?? null;
  const protocol = one('protocol');
  return {
    store: entry.store,
    resource: `${entry.key}\\${entry.id}`,
    id: entry.id,
    version: fields[0] ?? '',
    action: one('action') ?? '',
    active: (one('active') ?? '').toUpperCase() === 'TRUE',
    dir: one('dir') ?? '',
    protocol: protocol !== null && /^\d+$/.test(protocol) ? Number(protocol) : null,
    localPorts: all.get('lport') ?? [],
    profiles: all.get('profile') ?? [],
    remoteAddresses4: all.get('ra4') ?? [],
    embedCtxt: one('embedctxt'),
    name: one('name'),
  };
}

function ipv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return (((parts[0] as number) << 24) | ((parts[1] as number) << 16) | ((parts[2] as number) << 8) | (parts[3] as number)) >>> 0;
}

/**
 * Whether an RA4 token covers an address: a single address, a range `a-b`, a subnet `a/len` or
 * `a/mask`, or `*`. Keywords (LocalSubnet, DHCP, …) never cover a public platform address.
 */
export function addressCovers(token: string, address: string): boolean {
  const target = ipv4(address);
  if (target === null) return false;
  const t = token.trim();
  if (t === '*' || /^any$/i.test(t)) return true;
  const range = /^([\d.]+)-([\d.]+)$/.exec(t);
  if (range) {
    const lo = ipv4(range[1] as string);
    const hi = ipv4(range[2] as string);
    return lo !== null && hi !== null && lo <= target && target <= hi;
  }
  const subnet = /^([\d.]+)\/([\d.]+)$/.exec(t);
  if (subnet) {
    const base = ipv4(subnet[1] as string);
    const spec = subnet[2] as string;
    const mask = /^\d{1,2}$/.test(spec) ? (Number(spec) === 0 ? 0 : (0xffffffff << (32 - Number(spec))) >>> 0) : ipv4(spec);
    if (base === null || mask === null || Number(spec) > 32) return false;
    return (base & mask) >>> 0 === (target & mask) >>> 0;
  }
  return ipv4(t) === target;
}

/** Whether a rule applies in a profile (`Domain`, `Private`, `Public`): a rule without Profile= applies in all. */
export function ruleCoversProfile(rule: FirewallRule, profile: string): boolean {
  return rule.profiles.length === 0 || rule.profiles.some((p) => p.toLowerCase() === profile.toLowerCase());
}
