import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword } from './shared.js';

/** A profile of the Windows Firewall policies (WindowsFirewall.admx): Protect all network connections, the Remote Desktop and ICMP echo exceptions. */
const legacyProfile = z.object({ enableFirewall: dword, remoteDesktop: dword, icmpEchoRequest: dword });

/**
 * Windows Firewall rules as the registry stores them ([MS-GPFAS] 2.2.2.10 rule strings, e.g.
 * `v2.31|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|…|EmbedCtxt=@FirewallAPI.dll,-28752|`),
 * raw: rules/windows/lib/firewall.ts reads them. firewallRules is derived from the live probe's raw registry reads (src/platforms/windows/live.ts); rdpListener is collected by src/probes/windows/collectors/firewall.ps1.
 */
export const firewallFacts = {
  firewallRules: defineGroup({
    platforms: ['windows'],
    description:
      'Firewall rules of the local store (SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules) and of Group Policy (Policies\\Microsoft\\WindowsFirewall\\FirewallRules) ' +
      'that scope remote IPv4 addresses (an address, range, subnet, * or any; not keywords such as LocalSubnet), port 3389, the WinRM ports 5985/5986 or the Remote Desktop group, as raw rule strings.',
    schema: z.object({
      rules: z.array(z.object({ store: z.enum(['local', 'policy']), key: z.string(), id: z.string(), value: z.string() })),
    }),
  }),
  rdpListener: defineGroup({
    platforms: ['windows'],
    description: 'The processes listening on the RDP port (Get-NetTCPConnection -State Listen) and the services they host (Win32_Service.ProcessId).',
    schema: z.object({
      port: z.number().int(),
      listeners: z.array(z.object({ address: z.string(), pid: z.number().int(), services: z.array(z.string()), process: z.string().nullable() })),
    }),
  }),
  remoteAccessPolicy: defineGroup({
    platforms: ['windows'],
    description:
      'Group Policy values that override the Azure remote-access settings: Policies\\Microsoft\\Windows NT\\Terminal Services (fDenyTSConnections, UserAuthentication, ' +
      'KeepAliveEnable, KeepAliveInterval, fDisableAutoReconnect, MaxInstanceCount) and the Windows Firewall policies of the domain and standard profiles ' +
      '(EnableFirewall, Services\\RemoteDesktop Enabled, IcmpSettings AllowInboundEchoRequest).',
    schema: z.object({
      terminalServices: z.object({
        fDenyTSConnections: dword,
        userAuthentication: dword,
        keepAliveEnable: dword,
        keepAliveInterval: dword,
        fDisableAutoReconnect: dword,
        maxInstanceCount: dword,
      }),
      firewall: z.object({ domain: legacyProfile, standard: legacyProfile }),
    }),
  }),
  winRmListeners: defineGroup({
    platforms: ['windows'],
    description:
      'WinRM listeners as the WinRM service stores them (HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WSMAN\\Listener\\<Address>+<Transport>, value Port; ' +
      'the transport default 5985/5986 when absent), and the Group Policy "Allow remote server management through WinRM" ' +
      '(Policies\\Microsoft\\Windows\\WinRM\\Service AllowAutoConfig).',
    schema: z.object({
      listeners: z.array(z.object({ key: z.string(), address: z.string(), transport: z.string(), port: z.number().int() })),
      policyAutoConfig: dword,
    }),
  }),
};
