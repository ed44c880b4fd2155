import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword, service } from './shared.js';

/** Settings Azure requires in an uploaded image. Collected by src/probes/windows/collectors/azure.ps1. */
export const azureFacts = {
  azureSettings: defineGroup({
    platforms: ['windows'],
    description: 'Settings Azure requires in an uploaded image: service start modes, RealTimeIsUniversal, TEMP/TMP, cdrom Start, partmgr SanPolicy.',
    schema: z.object({
      services: z.array(z.object({ name: z.string(), startType: z.string().nullable() })),
      realTimeIsUniversal: dword,
      temp: z.string().nullable(),
      tmp: z.string().nullable(),
      cdromStart: dword,
      sanPolicy: dword,
    }),
  }),
  azureAgentServices: defineGroup({
    platforms: ['windows'],
    description:
      'Running state of the Azure VM Agent services WindowsAzureGuestAgent, RdAgent and WindowsAzureTelemetryService (Get-Service Status and StartType; null when not installed).',
    schema: z.object({ services: z.array(z.object({ name: z.string(), service })) }),
  }),
};
