import { z } from 'zod';
import { defineGroup } from '../define.js';
import { dword, service, namedService } from './shared.js';

/** Agents that carry a machine identity or protect it: Defender, MDE, Azure Arc, Configuration Manager, monitoring agents, the Azure VM Agent. Collected by src/probes/windows/collectors/agents.ps1. */
export const agentsFacts = {
  defenderEndpoint: defineGroup({
    platforms: ['windows'],
    description: 'Microsoft Defender for Endpoint onboarding: Status OnboardingState, presence of senseGuid, Sense service.',
    schema: z.object({ onboardingState: dword, senseGuidPresent: z.boolean(), senseService: service }),
  }),
  defender: defineGroup({
    platforms: ['windows'],
    description: 'Microsoft Defender Antivirus state: DisableAntiSpyware/DisableRealtimeMonitoring policies, WinDefend service, Get-MpComputerStatus.',
    schema: z.object({
      disableAntiSpywarePolicy: dword,
      disableRealtimeMonitoringPolicy: dword,
      windefendService: service,
      amServiceEnabled: z.boolean().nullable(),
      antivirusEnabled: z.boolean().nullable(),
      realTimeProtectionEnabled: z.boolean().nullable(),
    }),
  }),
  azureArc: defineGroup({
    platforms: ['windows'],
    description:
      'Azure Connected Machine agent: himds service and the resource it is connected to (agentconfig.json resourceId); not applicable when not installed.',
    schema: z.object({ himds: service, configPath: z.string(), resourceId: z.string().nullable(), tenantId: z.string().nullable() }),
  }),
  configMgr: defineGroup({
    platforms: ['windows'],
    description: 'Configuration Manager client identity: CcmExec service, HKLM\\SOFTWARE\\Microsoft\\CCM, %WINDIR%\\SMSCFG.ini, SMS certificate store.',
    schema: z.object({ ccmExec: service, ccmKeyPresent: z.boolean(), smsCfgIni: z.boolean(), smsCertificateCount: z.number().int() }),
  }),
  monitoringAgents: defineGroup({
    platforms: ['windows'],
    description: 'Monitoring agents with a host identity: MMA (HealthService) and its management groups, Azure Monitor Agent, VM extension plug-in folders.',
    schema: z.object({ services: z.array(namedService), mmaManagementGroups: z.array(z.string()), extensionPlugins: z.array(z.string()) }),
  }),
  azureGuestAgent: defineGroup({
    platforms: ['windows'],
    description: 'Azure VM Agent services WindowsAzureGuestAgent and RdAgent.',
    schema: z.object({ guestAgent: service, rdAgent: service }),
  }),
  dscAgent: defineGroup({
    platforms: ['windows'],
    description:
      'Whether HKLM\\SOFTWARE\\Microsoft\\DesiredStateConfiguration exists and its AgentId (the DSC node identity at a pull server) is set; never the value.',
    schema: z.object({ keyExists: z.boolean(), agentIdSet: z.boolean() }),
  }),
};
