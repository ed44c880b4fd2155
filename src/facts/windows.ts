import { z } from 'zod';
import { defineGroup } from './define.js';

const int = z.number().int();

/** Fact groups of the Windows PowerShell probe (src/probes/windows), rules W001–W022. */
export const windowsFacts = {
  computerSystem: defineGroup({
    platforms: ['windows'],
    description: 'Win32_ComputerSystem: domain membership (PartOfDomain, Domain, DomainRole), model and hypervisor presence; Win32_BIOS for VM detection.',
    schema: z.object({
      name: z.string(),
      partOfDomain: z.boolean(),
      domain: z.string(),
      workgroup: z.string().nullable(),
      domainRole: int.min(0).max(5),
      hypervisorPresent: z.boolean().nullable(),
      manufacturer: z.string().nullable(),
      model: z.string().nullable(),
      /** Win32_BIOS; optional so that older fact files stay valid. */
      bios: z.object({ manufacturer: z.string().nullable(), version: z.string().nullable(), serialNumber: z.string().nullable() }).nullable().optional(),
    }),
  }),
  bitlocker: defineGroup({
    platforms: ['windows'],
    description: 'Win32_EncryptableVolume (root\\cimv2\\Security\\MicrosoftVolumeEncryption): protection status and conversion status per volume.',
    needsAdmin: true,
    schema: z.object({
      volumes: z.array(z.object({
        driveLetter: z.string().nullable(),
        deviceId: z.string(),
        protectionStatus: int,
        conversionStatus: int,
        encryptionPercentage: z.number().nullable(),
      })),
    }),
  }),
  sysprepState: defineGroup({
    platforms: ['windows'],
    description:
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State ImageState, %WINDIR%\\Setup\\State\\State.ini, and ' +
      'HKLM\\SYSTEM\\Setup\\Status\\SysprepStatus GeneralizationState / CleanupState.',
    schema: z.object({
      imageState: z.string().nullable(),
      /** [State] ImageState= in %WINDIR%\Setup\State\State.ini; null when the file is absent. */
      stateIniImageState: z.string().nullable().optional(),
      generalizationState: int.nullable(),
      cleanupState: int.nullable(),
    }),
  }),
  setupStatus: defineGroup({
    platforms: ['windows'],
    description: 'HKLM\\SYSTEM\\Setup SystemSetupInProgress, OOBEInProgress, SetupType, SetupPhase; HKLM\\SYSTEM\\Setup\\Status AuditBoot and ChildCompletion\\setup.exe.',
    schema: z.object({
      systemSetupInProgress: int.nullable(),
      oobeInProgress: int.nullable(),
      setupType: int.nullable(),
      setupPhase: int.nullable(),
      auditBoot: int.nullable(),
      childCompletionSetup: int.nullable(),
    }),
  }),
  serverFeatures: defineGroup({
    platforms: ['windows'],
    description: 'Win32_ServerFeature instances (ID, ParentID, Name): the installed roles and features of a Windows Server. Not applicable on client SKUs.',
    needsAdmin: true,
    schema: z.object({
      features: z.array(z.object({ id: int, parentId: int.nullable(), name: z.string() })),
    }),
  }),
  passwordPolicy: defineGroup({
    platforms: ['windows'],
    description:
      'Password policy applied by Group Policy, from the RSoP provider (root\\rsop\\computer RSOP_SecuritySettingBoolean / ' +
      'RSOP_SecuritySettingNumeric, KeyName PasswordComplexity / MinimumPasswordLength), with the GPO that set it.',
    needsAdmin: true,
    schema: z.object({
      settings: z.array(z.object({ keyName: z.string(), value: z.union([z.boolean(), z.number()]), gpoId: z.string().nullable(), precedence: int.nullable() })),
    }),
  }),
  entraJoin: defineGroup({
    platforms: ['windows'],
    description:
      'Entra ID (Azure AD) device join: subkeys of HKLM\\SYSTEM\\CurrentControlSet\\Control\\CloudDomainJoin\\JoinInfo and TenantInfo (the registry side of NetGetAadJoinInformation).',
    schema: z.object({
      joins: z.array(z.object({ key: z.string(), tenantId: z.string().nullable(), userEmail: z.string().nullable() })),
      tenants: z.array(z.object({ tenantId: z.string(), displayName: z.string().nullable(), mdmEnrollmentUrl: z.string().nullable() })),
    }),
  }),
  mdmEnrollment: defineGroup({
    platforms: ['windows'],
    description: 'MDM enrollments: HKLM\\SOFTWARE\\Microsoft\\Enrollments\\<GUID> (EnrollmentState, EnrollmentType, ProviderID, UPN) and HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts.',
    schema: z.object({
      enrollments: z.array(z.object({
        key: z.string(),
        enrollmentState: int.nullable(),
        enrollmentType: int.nullable(),
        providerId: z.string().nullable(),
        upn: z.string().nullable(),
      })),
      omadmAccounts: z.array(z.string()),
    }),
  }),
  efsScan: defineGroup({
    platforms: ['windows'],
    description:
      'A bounded walk of every fixed NTFS volume (Win32_Volume DriveType=3) for files and folders with FILE_ATTRIBUTE_ENCRYPTED (0x4000); ' +
      'says when it was cut short by its time or entry budget.',
    needsAdmin: true,
    liveOnly: true,
    schema: z.object({
      /** A scan without elevation cannot open other users' profiles; the rule is then unknown. */
      elevated: z.boolean(),
      volumes: z.array(z.object({
        root: z.string(),
        label: z.string().nullable(),
        scannedEntries: int,
        inaccessibleFolders: int,
        encrypted: z.array(z.object({ path: z.string(), directory: z.boolean() })),
        /** Why this volume's walk stopped early; null when it finished. */
        truncated: z.string().nullable(),
      })),
      maxEntries: int,
      maxSeconds: z.number(),
      /** Encrypted paths past this many per volume are counted but not listed. */
      encryptedListLimit: int,
      encryptedTotal: int,
    }),
  }),
  windowsInstallations: defineGroup({
    platforms: ['windows'],
    description: 'Fixed volumes (Win32_Volume DriveType=3) that hold a Windows installation (\\Windows\\System32\\config\\SYSTEM), besides the running one.',
    schema: z.object({
      systemRoot: z.string(),
      installations: z.array(z.object({ volume: z.string(), windowsDirectory: z.string(), running: z.boolean() })),
    }),
  }),
  licensing: defineGroup({
    platforms: ['windows'],
    description:
      'SoftwareLicensingService.RemainingWindowsReArmCount and HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform SkipRearm.',
    schema: z.object({
      remainingWindowsRearmCount: int.nullable(),
      skipRearm: int.nullable(),
      osVersion: z.string(),
    }),
  }),
  identity: defineGroup({
    platforms: ['windows'],
    description: 'The account the probe runs as ([Security.Principal.WindowsIdentity]::GetCurrent()): name, SID, LocalSystem or not, elevated Administrator or not.',
    schema: z.object({
      name: z.string(),
      sid: z.string(),
      isSystem: z.boolean(),
      isElevatedAdmin: z.boolean(),
    }),
  }),
  sysprepProcesses: defineGroup({
    platforms: ['windows'],
    description: 'Running sysprep.exe processes (Win32_Process Name=\'sysprep.exe\'): process ID, executable path, command line.',
    liveOnly: true,
    schema: z.object({
      processes: z.array(z.object({ pid: int, path: z.string().nullable(), commandLine: z.string().nullable() })),
    }),
  }),
  upgradeHistory: defineGroup({
    platforms: ['windows'],
    description:
      'Traces of an in-place upgrade: HKLM\\SYSTEM\\Setup\\Source OS (Updated on …) subkeys, HKLM\\SYSTEM\\Setup Upgrade, %SystemDrive%\\Windows.old; ' +
      'and the current build (CurrentBuild).',
    schema: z.object({
      currentBuild: int,
      sourceOs: z.array(z.object({ key: z.string(), productName: z.string().nullable(), currentBuild: int.nullable() })),
      upgradeValue: int.nullable(),
      windowsOld: z.boolean(),
    }),
  }),
  sysprepBinary: defineGroup({
    platforms: ['windows'],
    description:
      '%WINDIR%\\System32\\Sysprep\\sysprep.exe (FileVersionInfo build) against the OS build (CurrentBuildNumber), and whether the probe runs as a 64-bit process on a 64-bit OS.',
    schema: z.object({
      path: z.string(),
      exists: z.boolean(),
      fileVersion: z.string().nullable(),
      fileBuild: int.nullable(),
      osBuild: int,
      is64BitProcess: z.boolean(),
      is64BitOperatingSystem: z.boolean(),
    }),
  }),
  answerFiles: defineGroup({
    platforms: ['windows'],
    description:
      'Answer files in the implicit search locations of Windows Setup (HKLM\\SYSTEM\\Setup UnattendFile, Panther, Sysprep, drive roots): ' +
      'which secret-bearing elements they hold (never the values) and which synchronous commands call sysprep.',
    needsAdmin: true,
    schema: z.object({
      files: z.array(z.object({
        path: z.string(),
        source: z.string(),
        /** Set when the XML could not be read or parsed; the other lists are then empty. */
        error: z.string().nullable(),
        secrets: z.array(z.object({ element: z.string(), pass: z.string().nullable(), plainText: z.boolean().nullable() })),
        sysprepCommands: z.array(z.object({ element: z.string(), pass: z.string().nullable(), commandLine: z.string() })),
      })),
    }),
  }),
};
