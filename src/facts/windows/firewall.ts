import { z } from 'zod';
import { defineGroup } from '../define.js';

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
      'that name a remote IPv4 address, port 3389 or the Remote Desktop group, as raw rule strings.',
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
};
