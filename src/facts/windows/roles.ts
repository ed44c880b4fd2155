import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** Server roles and their configuration: Win32_ServerFeature, Hyper-V, IIS, NPS, DSC. Collected by src/probes/windows/collectors/roles.ps1. */
export const rolesFacts = {
  serverFeatures: defineGroup({
    platforms: ['windows'],
    description: 'Win32_ServerFeature instances (ID, ParentID, Name): the installed roles and features of a Windows Server. Not applicable on client SKUs.',
    needsAdmin: true,
    schema: z.object({
      features: z.array(z.object({ id: int, parentId: int.nullable(), name: z.string() })),
    }),
  }),
  hyperV: defineGroup({
    platforms: ['windows'],
    description: 'Hyper-V virtual switches (root\\virtualization\\v2 Msvm_VirtualEthernetSwitch); not applicable without the Hyper-V role.',
    needsAdmin: true,
    schema: z.object({ switches: z.array(z.object({ name: z.string(), id: z.string() })) }),
  }),
  iis: defineGroup({
    platforms: ['windows'],
    description: 'Encrypted attributes ([enc:Provider:...]) in applicationHost.config, by element and attribute name; the values are never read out.',
    needsAdmin: true,
    schema: z.object({
      configPath: z.string(),
      encryptedAttributes: z.array(z.object({ element: z.string(), attribute: z.string(), provider: z.string() })),
    }),
  }),
  nps: defineGroup({
    platforms: ['windows'],
    description:
      'RADIUS clients and remote RADIUS server groups in the NPS configuration (%WINDIR%\\System32\\ias\\ias.xml), by name; shared secrets are never read out.',
    needsAdmin: true,
    schema: z.object({ configPath: z.string(), radiusClients: z.array(z.string()), remoteServerGroups: z.array(z.string()) }),
  }),
  dsc: defineGroup({
    platforms: ['windows'],
    description: 'PowerShell DSC configuration documents in %WINDIR%\\System32\\Configuration (Current/Pending/Previous.mof).',
    schema: z.object({ documents: z.array(z.string()) }),
  }),
};
