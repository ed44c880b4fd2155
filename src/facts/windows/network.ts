import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword, service } from './shared.js';

/** Network settings that travel with the image: static routes, WinHTTP proxy, remote access and firewall. azureNetwork is derived from the live probe's raw registry reads (src/platforms/windows/live.ts); remoteAccess is collected by src/probes/windows/collectors/network.ps1. */
export const networkFacts = {
  azureNetwork: defineGroup({
    platforms: ['windows'],
    description: 'Persistent static routes (Tcpip\\Parameters\\PersistentRoutes) and the machine WinHTTP proxy (WinHttpSettings).',
    schema: z.object({
      persistentRoutes: z.array(z.string()),
      winHttpProxy: z.object({ proxyServer: z.string(), bypass: z.string().nullable() }).nullable(),
    }),
  }),
  remoteAccess: defineGroup({
    platforms: ['windows'],
    description: 'RDP registry settings (Terminal Server, RDP-Tcp, policy overrides), firewall profile state and the WinRM service.',
    schema: z.object({
      fDenyTSConnections: dword,
      policyDenyTSConnections: dword,
      portNumber: dword,
      lanAdapter: dword,
      userAuthentication: dword,
      sslCertificateHashPresent: z.boolean(),
      firewall: z.object({ domain: z.boolean().nullable(), private: z.boolean().nullable(), public: z.boolean().nullable() }),
      winRm: service,
    }),
  }),
};
