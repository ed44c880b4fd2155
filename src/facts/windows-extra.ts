import { z } from 'zod';
import { defineGroup } from './define.js';

const service = z.object({ status: z.string(), startType: z.string() }).nullable();
const namedService = z.object({ name: z.string(), status: z.string(), startType: z.string() });
const dword = z.number().int().nullable();

/** Fact groups of the Windows probe for rules W012 and W023–W044 (encryption, Appx, servicing, agents, Azure). */
export const windowsExtraFacts = {
  appxPackages: defineGroup({
    platforms: ['windows'],
    description:
      'Get-AppxProvisionedPackage -Online (PackageName) and Get-AppxPackage -AllUsers (full name, signature kind, framework flag, per-user install state). Elevated only.',
    needsAdmin: true,
    schema: z.object({
      provisioned: z.array(z.string()),
      packages: z.array(z.object({
        fullName: z.string(),
        signatureKind: z.string(),
        isFramework: z.boolean(),
        users: z.array(z.object({ sid: z.string(), account: z.string().nullable(), state: z.string() })),
      })),
    }),
  }),
  storeUpdate: defineGroup({
    platforms: ['windows'],
    description: 'Microsoft Store automatic update policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsStore AutoDownload) and Internet connectivity of the network profiles.',
    schema: z.object({
      storeInstalled: z.boolean(),
      policyAutoDownload: dword,
      autoDownload: dword,
      internet: z.boolean().nullable(),
    }),
  }),
  pendingReboot: defineGroup({
    platforms: ['windows'],
    description: 'Pending restart markers: CBS RebootPending, WindowsUpdate RebootRequired, PendingFileRenameOperations(2), Updates UpdateExeVolatile.',
    schema: z.object({
      cbsRebootPending: z.boolean(),
      wuRebootRequired: z.boolean(),
      pendingFileRenameCount: z.number().int(),
      pendingFileRenames: z.array(z.string()),
      pendingFileRename2Count: z.number().int(),
      updateExeVolatile: dword,
    }),
  }),
  servicing: defineGroup({
    platforms: ['windows'],
    description: 'Servicing in progress: Microsoft.Update.Installer IsBusy, TrustedInstaller state, CBS SessionsPending, reserved storage state and ReserveManager ActiveScenario.',
    schema: z.object({
      installerBusy: z.boolean().nullable(),
      trustedInstallerStatus: z.string().nullable(),
      cbsSessionsPending: z.boolean(),
      reservedStorageState: z.string().nullable(),
      activeScenario: dword,
    }),
  }),
  systemDrive: defineGroup({
    platforms: ['windows'],
    description: 'The system drive letter and its partition (MSFT_Partition: NoDefaultDriveLetter, GptType).',
    schema: z.object({
      systemDrive: z.string(),
      partition: z.object({ noDefaultDriveLetter: z.boolean(), gptType: z.string().nullable() }).nullable(),
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
    description: 'RADIUS clients and remote RADIUS server groups in the NPS configuration (%WINDIR%\\System32\\ias\\ias.xml), by name; shared secrets are never read out.',
    needsAdmin: true,
    schema: z.object({ configPath: z.string(), radiusClients: z.array(z.string()), remoteServerGroups: z.array(z.string()) }),
  }),
  userProfiles: defineGroup({
    platforms: ['windows'],
    description: 'ProfileList entries (SID, ProfileImagePath, whether the folder exists) and Win32_UserProfile Loaded/Special.',
    schema: z.object({
      profiles: z.array(z.object({ sid: z.string(), path: z.string(), exists: z.boolean(), special: z.boolean(), loaded: z.boolean().nullable() })),
    }),
  }),
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
    description: 'Azure Connected Machine agent: himds service and the resource it is connected to (agentconfig.json resourceId); not applicable when not installed.',
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
  pagefile: defineGroup({
    platforms: ['windows'],
    description: 'Session Manager\\Memory Management PagingFiles and the fixed drive letters that exist.',
    schema: z.object({ pagingFiles: z.array(z.string()), drives: z.array(z.string()) }),
  }),
  panther: defineGroup({
    platforms: ['windows'],
    description:
      'Panther logs of earlier Setup/Sysprep runs (error and warning lines only, bounded), Sysprep_succeeded.tag and whether %WINDIR%\\Panther exists.',
    needsAdmin: true,
    schema: z.object({
      pantherFolder: z.string().nullable(),
      succeededTag: z.string().nullable(),
      logs: z.array(z.object({ path: z.string(), lines: z.array(z.object({ line: z.number().int(), text: z.string() })) })),
      truncated: z.boolean(),
    }),
  }),
  dsc: defineGroup({
    platforms: ['windows'],
    description: 'PowerShell DSC configuration documents in %WINDIR%\\System32\\Configuration (Current/Pending/Previous.mof).',
    schema: z.object({ documents: z.array(z.string()) }),
  }),
};
