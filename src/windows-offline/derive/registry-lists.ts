/**
 * Groups that enumerate registry keys or read fixed values: removableStoragePolicy, firewallRules,
 * entraJoin and mdmEnrollment. Live and offline alike: the live probe returns the raw reads
 * (src/platforms/windows/live.ts); test/hive/live-parity.test.ts serves them from real hives.
 */
import type { Facts } from '../../facts/catalog.js';
import type { KeyTree, RegistryResult } from '../registry-source.js';
import { sameKeyName } from '../regf.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt, presealText } from './registry-data.js';

/** A value of a tree read's key, as a registry read of it would return it (names case-insensitive). */
export function treeValue(t: KeyTree, name: string): RegistryResult {
  const v = t.values.find((x) => sameKeyName(x.name, name));
  return v ? { kind: 'value', type: v.type, data: v.data } : { kind: 'absent' };
}

/** The key a group's reads stand on must exist (a registry without it is not a Windows one), or the group is an error. */
export function assertKey(r: RegistryResult | undefined, path: string): { error: string } | undefined {
  if (r?.kind === 'unreadable') return { error: r.reason };
  if (r?.kind !== 'value') return { error: `the registry key ${path} is not readable` };
  return undefined;
}

/** The subkeys of a tree read ([] when the key does not exist), or the reason it failed. */
function subkeys(r: RegistryResult | undefined): KeyTree[] | { error: string } {
  if (r?.kind === 'tree') return r.tree.subkeys;
  if (r?.kind === 'absent') return [];
  return { error: r?.kind === 'unreadable' ? r.reason : 'an enumerated key was not read' };
}

const RSD = 'SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices';

/** RemovableStorage.admx (learn.microsoft.com/windows/client-management/mdm/policy-csp-admx-removablestorage). */
export const removableStoragePolicyDerivation = defineDerivation<Facts['removableStoragePolicy']>({
  group: 'removableStoragePolicy',
  reads: {
    anchor: { hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion', value: null },
    denyAll: { hive: 'SOFTWARE', key: RSD.replace(/^SOFTWARE\\/, ''), value: 'Deny_All' },
    cdDvdDenyRead: { hive: 'SOFTWARE', key: `${RSD.replace(/^SOFTWARE\\/, '')}\\{53f56308-b6bf-11d0-94f2-00a0c91efb8b}`, value: 'Deny_Read' },
  },
  derive({ anchor, denyAll, cdDvdDenyRead }) {
    const bad = assertKey(anchor, 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion');
    if (bad) return bad;
    for (const r of [denyAll, cdDvdDenyRead]) if (r?.kind === 'unreadable') return { error: r.reason };
    return { facts: { denyAll: presealInt(denyAll!) ?? null, cdDvdDenyRead: presealInt(cdDvdDenyRead!) ?? null } };
  },
});

const FW_LOCAL = 'CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules';
const FW_POLICY = 'Policies\\Microsoft\\WindowsFirewall\\FirewallRules';

/** TCP 3389, Remote Desktop's port. */
export const FIREWALL_RDP_PORT = 3389;
/** TCP 5985 and 5986, WinRM's HTTP and HTTPS ports: the WinRM listener ports firewall rules are kept for (W056). */
export const FIREWALL_WINRM_PORTS: readonly number[] = [5985, 5986];
/** The inbox Remote Desktop rule group's EmbedCtxt (its rules' Group). */
export const REMOTE_DESKTOP_GROUP = '@FirewallAPI.dll,-28752';

const escapeRegex = (text: string) => text.replace(/[\\|.()[\]{}^$*+?]/g, '\\$&');

/**
 * The rule strings ([MS-GPFAS] 2.2.2.10) preseal's firewall rules look at: a remote IPv4 scope that
 * can cover an address (RA4 starting with a digit, `*` or `any`: W047 asks whether a rule covers
 * 168.63.129.16, and a keyword such as LocalSubnet never does), a local port of Remote Desktop or
 * WinRM, or the Remote Desktop group. A tree read's `match`
 * (TreeRead.match): it runs on the target, so only these rules leave it, never the whole store
 * (hundreds of inbox rules, tens of thousands with per-user rules on a Remote Desktop Session Host).
 */
export const FIREWALL_RULE_MATCH = `\\|RA4=([0-9]|\\*\\||any\\|)|\\|LPort=(${[FIREWALL_RDP_PORT, ...FIREWALL_WINRM_PORTS].join('|')})\\||\\|EmbedCtxt=${escapeRegex(REMOTE_DESKTOP_GROUP)}\\|`;

/** The raw rule strings ([MS-GPFAS] 2.2.2.10); rules/windows/lib/firewall.ts parses them for live and offline alike. */
export const firewallRulesDerivation = defineDerivation<Facts['firewallRules']>({
  group: 'firewallRules',
  reads: {
    anchor: { hive: 'SYSTEM', key: 'CurrentControlSet\\Services\\SharedAccess', value: null },
    local: { hive: 'SYSTEM', key: FW_LOCAL, tree: 0, match: FIREWALL_RULE_MATCH },
    policy: { hive: 'SOFTWARE', key: FW_POLICY, tree: 0, match: FIREWALL_RULE_MATCH },
  },
  derive({ anchor, local, policy }): Derived<Facts['firewallRules']> {
    const bad = assertKey(anchor, 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess');
    if (bad) return bad;
    const rules: Facts['firewallRules']['rules'] = [];
    for (const [store, r, key] of [
      ['local', local, `HKLM\\SYSTEM\\${FW_LOCAL}`],
      ['policy', policy, `HKLM\\SOFTWARE\\${FW_POLICY}`],
    ] as const) {
      if (r?.kind === 'absent') continue;
      if (r?.kind !== 'tree') return { error: r?.kind === 'unreadable' ? r.reason : `${key} was not read` };
      // The read kept only the rule strings FIREWALL_RULE_MATCH selects (REG_SZ, REG_EXPAND_SZ).
      for (const v of r.tree.values) {
        if (v.name === '') continue;
        const value = presealText({ kind: 'value', type: v.type, data: v.data });
        if (value !== null) rules.push({ store, key, id: v.name, value });
      }
    }
    return { facts: { rules } };
  },
});

const CDJ = 'CurrentControlSet\\Control\\CloudDomainJoin';

/** The registry side of NetGetAadJoinInformation (learn.microsoft.com/windows/win32/api/lmjoin/nf-lmjoin-netgetaadjoininformation). */
export const entraJoinDerivation = defineDerivation<Facts['entraJoin']>({
  group: 'entraJoin',
  reads: {
    anchor: { hive: 'SYSTEM', key: 'CurrentControlSet\\Control', value: null },
    joinInfo: { hive: 'SYSTEM', key: `${CDJ}\\JoinInfo`, tree: 1 },
    tenantInfo: { hive: 'SYSTEM', key: `${CDJ}\\TenantInfo`, tree: 1 },
  },
  derive({ anchor, joinInfo, tenantInfo }): Derived<Facts['entraJoin']> {
    const bad = assertKey(anchor, 'HKLM:\\SYSTEM\\CurrentControlSet\\Control');
    if (bad) return bad;
    const joins = subkeys(joinInfo);
    const tenants = subkeys(tenantInfo);
    if ('error' in joins) return joins;
    if ('error' in tenants) return tenants;
    return {
      facts: {
        joins: joins.map((k) => ({
          key: `HKLM\\SYSTEM\\${CDJ}\\JoinInfo\\${k.name}`,
          tenantId: presealText(treeValue(k, 'TenantId')),
          userEmail: presealText(treeValue(k, 'UserEmail')),
        })),
        tenants: tenants.map((k) => ({
          tenantId: k.name,
          displayName: presealText(treeValue(k, 'DisplayName')),
          mdmEnrollmentUrl: presealText(treeValue(k, 'MdmEnrollmentUrl')),
        })),
      },
    };
  },
});

const ENROLLMENT_ID = /^\{?[0-9A-F]{8}-([0-9A-F]{4}-){3}[0-9A-F]{12}\}?$/i;

/** MDM enrollments (learn.microsoft.com/windows/client-management/mdm-enrollment-of-windows-devices). */
export const mdmEnrollmentDerivation = defineDerivation<Facts['mdmEnrollment']>({
  group: 'mdmEnrollment',
  reads: {
    anchor: { hive: 'SOFTWARE', key: 'Microsoft', value: null },
    enrollments: { hive: 'SOFTWARE', key: 'Microsoft\\Enrollments', tree: 1 },
    accounts: { hive: 'SOFTWARE', key: 'Microsoft\\Provisioning\\OMADM\\Accounts', tree: 0 },
  },
  derive({ anchor, enrollments, accounts }): Derived<Facts['mdmEnrollment']> {
    const bad = assertKey(anchor, 'HKLM:\\SOFTWARE\\Microsoft');
    if (bad) return bad;
    const list = subkeys(enrollments);
    const omadm = subkeys(accounts);
    if ('error' in list) return list;
    if ('error' in omadm) return omadm;
    return {
      facts: {
        enrollments: list
          .filter((k) => ENROLLMENT_ID.test(k.name))
          .map((k) => ({
            key: `HKLM\\SOFTWARE\\Microsoft\\Enrollments\\${k.name}`,
            enrollmentState: presealInt(treeValue(k, 'EnrollmentState')) ?? null,
            enrollmentType: presealInt(treeValue(k, 'EnrollmentType')) ?? null,
            providerId: presealText(treeValue(k, 'ProviderID')),
            upn: presealText(treeValue(k, 'UPN')),
          })),
        omadmAccounts: omadm.map((k) => `HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts\\${k.name}`),
      },
    };
  },
});
