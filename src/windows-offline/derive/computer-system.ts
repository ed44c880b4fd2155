/**
 * computerSystem (the Win32_ComputerSystem fields the rules use) from the registry.
 *
 * Domain membership is LSA policy: the primary domain's SID (SECURITY\Policy\PolPrDmS) is set
 * only on a domain member; PolPrDmN holds the domain's NetBIOS name or, on a workgroup machine,
 * the workgroup's name (learn.microsoft.com/windows/win32/secmgmt/policy-object), PolDnDDN the
 * DNS domain name. When SECURITY cannot be read, SYSTEM gives two traces a join leaves:
 * Tcpip\Parameters Domain, the primary DNS suffix, which follows membership unless
 * SyncDomainWithMembership is 0 (learn.microsoft.com, unattend
 * Microsoft-Windows-WorkstationService-SyncDomainWithMembership), and Netlogon\Parameters
 * DynamicSiteName, the AD site Net Logon found, written "only on client computers and member
 * servers" (learn.microsoft.com/previous-versions/cc958488, SiteNameTimeout). Both present: a
 * member of the suffix's domain; both absent: not a member; one of them: unknown.
 * Win32_ComputerSystem's DomainRole comes from ProductOptions ProductType (WinNT workstation,
 * ServerNT server, LanmanNT domain controller; learn.microsoft.com, "ProductType" of
 * OSVERSIONINFOEX / KB 152078). Hardware fields need the running machine and are null.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { dwordOf, lsaUnicodeString, stringOf } from './registry-data.js';

type ComputerSystem = Facts['computerSystem'];

const TCPIP = 'CurrentControlSet\\Services\\Tcpip\\Parameters';
const NETLOGON = 'CurrentControlSet\\Services\\Netlogon\\Parameters';

export const computerSystemDerivation = defineDerivation<ComputerSystem>({
  group: 'computerSystem',
  reads: {
    computerName: { hive: 'SYSTEM', key: 'CurrentControlSet\\Control\\ComputerName\\ComputerName', value: 'ComputerName' },
    productType: { hive: 'SYSTEM', key: 'CurrentControlSet\\Control\\ProductOptions', value: 'ProductType' },
    dnsSuffix: { hive: 'SYSTEM', key: TCPIP, value: 'Domain' },
    dnsSuffixConfigured: { hive: 'SYSTEM', key: TCPIP, value: 'NV Domain' },
    syncDomainWithMembership: { hive: 'SYSTEM', key: TCPIP, value: 'SyncDomainWithMembership' },
    dynamicSiteName: { hive: 'SYSTEM', key: NETLOGON, value: 'DynamicSiteName' },
    siteName: { hive: 'SYSTEM', key: NETLOGON, value: 'SiteName' },
    primaryDomainSid: { hive: 'SECURITY', key: 'Policy\\PolPrDmS', value: '' },
    primaryDomainName: { hive: 'SECURITY', key: 'Policy\\PolPrDmN', value: '' },
    dnsDomainName: { hive: 'SECURITY', key: 'Policy\\PolDnDDN', value: '' },
  },
  derive(r): Derived<ComputerSystem> {
    const system = [r.computerName!, r.productType!].find((x) => x.kind === 'unreadable');
    if (system?.kind === 'unreadable') return { error: system.reason };
    const name = stringOf(r.computerName!);
    if (!name) return { error: 'SYSTEM has no ComputerName\\ComputerName value' };
    const productType = stringOf(r.productType!)?.toUpperCase();
    const kind = productType === 'WINNT' ? 'workstation' : productType === 'SERVERNT' ? 'server' : productType === 'LANMANNT' ? 'dc' : undefined;
    if (!kind) return { error: `ProductOptions ProductType is ${productType ? `"${productType}"` : 'missing'}, not WinNT, ServerNT or LanmanNT` };

    const membership = fromSecurity(r) ?? fromSystem(r);
    if ('error' in membership) return membership;
    const { joined, domain, workgroup } = membership;
    const domainRole = kind === 'dc' ? 4 : kind === 'server' ? (joined ? 3 : 2) : joined ? 1 : 0;
    const source = `registry: ${membership.source}; HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions ProductType = ${productType}, so DomainRole = ${domainRole}`;
    return {
      facts: {
        name,
        partOfDomain: joined || kind === 'dc',
        domain,
        workgroup,
        domainRole,
        hypervisorPresent: null,
        manufacturer: null,
        model: null,
        bios: null,
        source,
      },
    };
  },
});

interface Membership {
  joined: boolean;
  domain: string;
  workgroup: string | null;
  /** The registry values that say so, for the report (W001 names them). */
  source: string;
}

function fromSecurity(r: Parameters<typeof computerSystemDerivation.derive>[0]): Membership | { error: string } | undefined {
  const sid = r.primaryDomainSid!;
  if (sid.kind === 'unreadable') return undefined;
  const joined = sid.kind === 'value' && sid.data.length > 0;
  const netbios = lsaUnicodeString(r.primaryDomainName!);
  const dns = lsaUnicodeString(r.dnsDomainName!);
  if (netbios === undefined || dns === undefined) return { error: 'SECURITY\\Policy PolPrDmN or PolDnDDN is not a UNICODE_STRING' };
  if (joined) return { joined, domain: dns || netbios, workgroup: null, source: 'HKLM\\SECURITY\\Policy\\PolPrDmS holds the primary domain SID' };
  return { joined, domain: netbios, workgroup: netbios || null, source: 'HKLM\\SECURITY\\Policy\\PolPrDmS holds no primary domain SID' };
}

function fromSystem(r: Parameters<typeof computerSystemDerivation.derive>[0]): Membership | { error: string } {
  const sid = r.primaryDomainSid!;
  const why = `(SECURITY: ${sid.kind === 'unreadable' ? sid.reason : 'not read'})`;
  const suffix = stringOf(r.dnsSuffix!) || stringOf(r.dnsSuffixConfigured!);
  const site = stringOf(r.dynamicSiteName!) || stringOf(r.siteName!);
  if (suffix === undefined || site === undefined) return { error: `Tcpip or Netlogon parameters are not strings ${why}` };
  const suffixName = stringOf(r.dnsSuffix!) ? 'Domain' : 'NV Domain';
  const siteName = stringOf(r.dynamicSiteName!) ? 'DynamicSiteName' : 'SiteName';
  const traces = `HKLM\\SYSTEM\\${TCPIP} ${suffixName} = "${suffix}", HKLM\\SYSTEM\\${NETLOGON} ${siteName} = "${site}" ${why}`;
  if (suffix && site) return { joined: true, domain: suffix, workgroup: null, source: traces };
  if (!suffix && !site) return { joined: false, domain: '', workgroup: null, source: traces };
  const sync = dwordOf(r.syncDomainWithMembership!);
  return {
    error:
      `SYSTEM alone does not tell whether the machine is joined: primary DNS suffix "${suffix}"` +
      `${sync === 0 ? ' (SyncDomainWithMembership 0)' : ''}, Netlogon site "${site}" ${why}`,
  };
}
