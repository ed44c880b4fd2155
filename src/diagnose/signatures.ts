import type { Reference } from '../types.js';

/**
 * A known Sysprep failure line. `pattern` is tested against the message of an error entry (the
 * text after the level, the `[0x0f0082]` code and the component); its capture groups, joined by
 * `objectJoin`, name the object the line is about (package, DLL, registry value).
 */
export interface Signature {
  id: string;
  title: string;
  pattern: RegExp;
  cause: string;
  remediation: string;
  /** The preseal rule that would have caught this before Sysprep ran. */
  ruleId: string | null;
  /** A line Sysprep writes only because an earlier line failed; the earlier line is the cause. */
  followOn?: boolean;
  objectJoin?: string;
  source: Reference;
}

/** Error lines that also appear in Sysprep runs that succeed: never reported as a cause. */
export interface Noise {
  id: string;
  pattern: RegExp;
  why: string;
  source: Reference;
}

const STORE_APPS: Reference = {
  title: 'Sysprep fails after you remove or update Microsoft Store apps (Microsoft Learn)',
  url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps',
};
const CM_CAPTURE: Reference = {
  title: 'Errors when capturing Windows 11 image by using capture media in Configuration Manager (Microsoft Learn)',
  url: 'https://learn.microsoft.com/troubleshoot/mem/configmgr/os-deployment/windows-11-image-capture-fail',
};
const REARM_KB: Reference = {
  title: 'Error when running Sysprep /generalize: rearm limit, KB 929828 (Microsoft Learn)',
  url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/error-occurs-when-running-sysprep-generalize',
};
const FATAL_KB: Reference = {
  title: 'A fatal error occurred while trying to sysprep the machine (Microsoft Learn)',
  url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/fatal-error-occurred-sysprep-machine',
};
const MDE_ISSUE: Reference = {
  title: 'actions/runner-images#9659: Sysprep fails deleting senseGuid',
  url: 'https://github.com/actions/runner-images/issues/9659',
};
const DSC_ISSUE: Reference = {
  title: "MicrosoftDocs/azure-docs#80346: 'DscCore.dll,SysPrep_Cleanup' returned error code 0x2",
  url: 'https://github.com/MicrosoftDocs/azure-docs/issues/80346',
};
const MRT_ISSUE: Reference = {
  title: 'MicrosoftDocs/azure-docs#43893: Sysprep fails with SYSPRP MRTGeneralize',
  url: 'https://github.com/MicrosoftDocs/azure-docs/issues/43893',
};
const GCE_ISSUE: Reference = {
  title: 'GoogleCloudPlatform/compute-image-windows#156: Failed to query pending CBS operations',
  url: 'https://github.com/GoogleCloudPlatform/compute-image-windows/issues/156',
};
const BITLOCKER_ISSUE: Reference = {
  title: 'antifob/incus-windows#30: sysprep cannot run due to BitLocker',
  url: 'https://github.com/antifob/incus-windows/issues/30',
};
const AZ_PREP: Reference = {
  title: 'Prepare a Windows VHD or VHDX to upload to Azure (Microsoft Learn)',
  url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
};
const COPILOT_PR: Reference = {
  title: 'vmware/ansible-vsphere-gos-validation#596: setupact.log of a 0x80073cf2 failure',
  url: 'https://github.com/vmware/ansible-vsphere-gos-validation/pull/596',
};
const BCD_DOC: Reference = {
  title: 'CA AppLogic: Sysprep fails in spbcd.dll,Sysprep_Generalize_Bcd (Broadcom docs)',
  url: 'https://ftpdocs.broadcom.com/cadocs/0/CA%20AppLogic%203%208-ENU/Bookshelf_Files/HTML/AppLogicDoc/2329147.html',
};
const AWS_TROUBLESHOOT: Reference = {
  title: 'Troubleshooting Sysprep (Amazon EC2 Windows guide)',
  url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/sysprep-troubleshoot.html',
};

const HEX = '(0x[0-9a-fA-F]+|-?\\d+)';

export const signatures: readonly Signature[] = [
  {
    id: 'appx-not-provisioned',
    title: 'An app package is installed for a user but not provisioned for all users',
    pattern: /Package (\S+) was installed for a user, but not provisioned for all users/,
    cause:
      'Sysprep /generalize requires every Appx/MSIX package to be provisioned for all users. This package is installed for one ' +
      'user only: a Store update of an inbox app (a newer full name), an app installed from the Store or by a Win32 installer ' +
      '(sparse package), or a deprovisioned app still installed for a user.',
    remediation:
      'Remove it for every user and deprovision it: `Remove-AppxPackage -Package <PackageFullName> -AllUsers`, then ' +
      '`Remove-AppxProvisionedPackage -Online -PackageName <PackageFullName>` if it is provisioned; delete user accounts that are ' +
      'not needed; keep the VM offline (or Store auto-update off) until it is sealed.',
    ruleId: 'W024',
    source: STORE_APPS,
  },
  {
    id: 'appx-remove-failed',
    title: 'Sysprep could not remove apps for the current user (0x80073cf2)',
    pattern: /Failed to remove apps for the current user: (0x[0-9a-fA-F]+)/,
    cause: 'Follows a package that is installed for a user but not provisioned for all users; the "Package … was installed for a user" line above names it.',
    remediation: 'Fix the package named in the "not provisioned for all users" line above.',
    ruleId: 'W024',
    followOn: true,
    source: STORE_APPS,
  },
  {
    id: 'appx-removeallapps-exit',
    title: 'The Appx RemoveAllApps step failed',
    pattern: /Exit code of RemoveAllApps thread was (0x[0-9a-fA-F]+)/,
    cause: 'The Appx provider gave up after a package failed the provisioning check.',
    remediation: 'Fix the package named in the "not provisioned for all users" line above.',
    ruleId: 'W024',
    followOn: true,
    source: COPILOT_PR,
  },
  {
    id: 'appx-validate-failed',
    title: "The Appx provider's generalize validation failed (AppxSysprep.dll)",
    pattern: /Failure occurred while executing 'SysprepGeneralizeValidate' from (\S*AppxSysprep\.dll)/i,
    cause: 'AppxSysprep.dll refused to generalize because a package is not provisioned for all users.',
    remediation: 'Find the "was installed for a user, but not provisioned for all users" line in setupact.log and remove that package for all users.',
    ruleId: 'W024',
    followOn: true,
    source: CM_CAPTURE,
  },
  {
    id: 'bitlocker-on',
    title: 'BitLocker is on for the OS volume (0x80310039)',
    pattern: /BitLocker is on for the (OS volume)/i,
    cause: 'BdeSysprep.dll stops Sysprep while the OS volume is encrypted (FVE_E_NOT_DECRYPTED), even with protection suspended.',
    remediation: 'Decrypt it: `Disable-BitLocker -MountPoint C:`, wait until `Get-BitLockerVolume C:` shows VolumeStatus FullyDecrypted, then run Sysprep.',
    ruleId: 'W023',
    source: BITLOCKER_ISSUE,
  },
  {
    id: 'bitlocker-validate-failed',
    title: "BitLocker's Sysprep validation failed (BdeSysprep.dll)",
    pattern: /'ValidateBitLockerState'? from (\S*BdeSysprep\.dll)/i,
    cause: 'BdeSysprep.dll!ValidateBitLockerState found an encrypted OS volume.',
    remediation: 'Decrypt the OS volume (`Disable-BitLocker -MountPoint C:`) and wait for full decryption.',
    ruleId: 'W023',
    followOn: true,
    source: {
      title: 'MicrosoftDocs/azure-docs#58134: BitLocker must be disabled before sysprep',
      url: 'https://github.com/MicrosoftDocs/azure-docs/pull/58134',
    },
  },
  {
    id: 'reserved-storage-in-use',
    title: 'An update or servicing operation is using reserved storage (0x800F0975)',
    pattern: /reserved storage is in use|0x800F0975/i,
    cause: 'Windows Update or component servicing is still running and holds reserved storage; spopk.dll refuses to continue.',
    remediation: 'Install updates and restart until Windows Update finds no more updates, then run Sysprep again.',
    ruleId: 'W027',
    source: CM_CAPTURE,
  },
  {
    id: 'updates-need-reboot',
    title: 'Windows updates are waiting for a restart',
    pattern: /There are one or more Windows updates that require a reboot/i,
    cause: 'Installed updates are not finished until the machine restarts; spopk.dll stops Sysprep.',
    remediation: '`Restart-Computer`, check Windows Update again, and repeat until no restart is pending; then run Sysprep.',
    ruleId: 'W026',
    source: AZ_PREP,
  },
  {
    id: 'cbs-pending-query-failed',
    title: 'Sysprep could not query pending servicing (CBS) operations',
    pattern: /Failed to query pending CBS operations; hr = (0x[0-9a-fA-F]+)/i,
    cause: 'Component servicing (TrustedInstaller) was busy or not answering while Sysprep checked for pending operations.',
    remediation: 'Let Windows Update and TrustedInstaller finish, restart, and run Sysprep again.',
    ruleId: 'W027',
    source: GCE_ISSUE,
  },
  {
    id: 'opk-validate-failed',
    title: 'The servicing check (spopk.dll Sysprep_Clean_Validate_Opk) failed',
    pattern: /Failure occurred while executing 'Sysprep_Clean_Validate_Opk' from (\S*spopk\.dll)/i,
    cause: 'spopk.dll found servicing in progress, a pending restart or reserved storage in use.',
    remediation: 'Finish Windows Update, restart until nothing is pending, and run Sysprep again.',
    ruleId: 'W027',
    followOn: true,
    source: CM_CAPTURE,
  },
  {
    id: 'mde-sense-guid',
    title: 'Sysprep could not delete the Defender for Endpoint senseGuid value',
    pattern: /RegDeleteValueW for value (senseGuid) under key (.+?); dwRet/i,
    objectJoin: '\\',
    cause: 'The machine is onboarded to Microsoft Defender for Endpoint; the Sense service protects its identity value and Sysprep gets access denied.',
    remediation: 'Offboard it with the offboarding package before capture, or never onboard the reference VM; onboard clones with the VDI onboarding script.',
    ruleId: 'W033',
    source: MDE_ISSUE,
  },
  {
    id: 'mde-sense-action',
    title: 'The Defender for Endpoint (Sense) generalize action failed',
    pattern: /Error in executing action for (Windows-SenseClient-Service)/i,
    cause: 'Follows the failure to delete senseGuid of an onboarded Defender for Endpoint client.',
    remediation: 'Offboard Defender for Endpoint before running Sysprep.',
    ruleId: 'W033',
    followOn: true,
    source: MDE_ISSUE,
  },
  {
    id: 'registry-value-delete-failed',
    title: 'Sysprep could not delete a registry value',
    pattern: /RegDeleteValueW for value (\S+) under key (.+?); dwRet = (0x[0-9a-fA-F]+)/i,
    objectJoin: '\\',
    cause: 'A generalize action could not delete this value (0x5 = access denied: a service or a security product protects the key).',
    remediation: 'Find the product that owns the key, stop or remove it before capture, and run Sysprep again.',
    ruleId: null,
    source: MDE_ISSUE,
  },
  {
    id: 'dsc-cleanup-failed',
    title: 'The DSC cleanup provider failed (DscCore.dll,SysPrep_Cleanup)',
    pattern: /'(\S*DscCore\.dll,\s*SysPrep_Cleanup)'/i,
    cause:
      'The PowerShell DSC Local Configuration Manager cleanup failed, seen on machines with DSC configuration documents (error 0x2: a file it expects is missing).',
    remediation: 'Remove the DSC documents before sealing: `Remove-DscConfigurationDocument -Stage Current,Pending,Previous`, then run Sysprep again.',
    ruleId: 'W044',
    source: DSC_ISSUE,
  },
  {
    id: 'mrt-generalize-failed',
    title: 'MRTGeneralize could not delete a security-center product instance',
    pattern: /MRTGeneralize:\d+ - ERROR: Failed DeleteInstance (\w+\.instanceGuid="?\{[^}]+\}"?)/i,
    cause:
      'Defender or its Security Center WMI objects were disabled or removed (hardening scripts, Set-MpPreference, policy); the malicious-software cleanup cannot delete its instance.',
    remediation:
      'Re-enable Defender before sealing (remove the DisableAntiSpyware policy, `Set-MpPreference -DisableRealtimeMonitoring $false`) and apply hardening after deployment.',
    ruleId: 'W034',
    source: MRT_ISSUE,
  },
  {
    id: 'rearm-failed',
    title: 'The licensing rearm (slc.dll SLReArmWindows) failed',
    pattern: new RegExp(`'(\\S*slc\\.dll),\\s*SLReArmWindows'.*?returned error code ${HEX}|SLReArmWindows' from (\\S*slc\\.dll)`, 'i'),
    cause: 'The rearm count of this image is used up (0xC004D307) or the licensing service was not ready; Sysprep resets activation on every generalize.',
    remediation: 'Rebuild the image from media; on intermediate runs only, set Microsoft-Windows-Security-SPP/SkipRearm=1 in the answer file.',
    ruleId: 'W013',
    source: REARM_KB,
  },
  {
    id: 'invalid-state',
    title: 'Sysprep refuses to run: the machine is in an invalid state',
    pattern: /the machine is in an invalid state or we couldn.t update the recorded state/i,
    cause: 'An earlier Sysprep run failed part way; Sysprep cannot roll back and blocks further runs on a possibly corrupted installation.',
    remediation: 'Rebuild the reference VM from media (or from a snapshot taken before the failed run); do not reset SysprepStatus by hand.',
    ruleId: 'W011',
    source: FATAL_KB,
  },
  {
    id: 'bcd-generalize-failed',
    title: 'Sysprep could not generalize the boot configuration (spbcd.dll)',
    pattern: /'(\S*spbcd\.dll,\s*Sysprep_Generalize_Bcd)'/i,
    cause: 'The BCD store was not found where Sysprep expects it (error 2), for example a system partition without a drive letter or an extra boot entry.',
    remediation: 'Check `bcdedit /enum all` for extra or stale boot entries and that the system partition is reachable, then run Sysprep again.',
    ruleId: null,
    source: BCD_DOC,
  },
  {
    id: 'dialog-cancelled',
    title: 'The Sysprep dialog was closed without a choice',
    pattern: /The sysprep dialog box returned FALSE/i,
    cause: 'Sysprep ran without command-line options and its window was cancelled or closed.',
    remediation: 'Run it unattended with explicit options: `%WINDIR%\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown /quiet`.',
    ruleId: null,
    source: BCD_DOC,
  },
  {
    id: 'copyprofile-failed',
    title: 'CopyProfile could not find the profile to copy',
    pattern: /(_FindLatestProfile|CopyProfile) failed \((0x[0-9a-fA-F]+)\)/,
    cause: 'One or more user profiles are corrupted, or ProfileList has entries for profiles deleted from disk.',
    remediation:
      'Delete the orphan entries under HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList (or remove the profiles with `Remove-CimInstance` on Win32_UserProfile), or set CopyProfile to false.',
    ruleId: 'W032',
    source: AWS_TROUBLESHOOT,
  },
  {
    id: 'execute-action-failed',
    title: 'A generalize action of a Windows component failed',
    pattern: /ExecuteInternal: Error in executing action for (\S+?);/,
    cause: 'Follows the failing operation logged just above; the component named here owns it.',
    remediation: 'See the line above this one for the operation and object that failed.',
    ruleId: null,
    followOn: true,
    source: MDE_ISSUE,
  },
  {
    id: 'action-operation-failed',
    title: 'A Sysprep action operation failed',
    pattern: /SysprepSession::ExecuteAction: Failed during (\w+) operation/,
    cause: 'Follows the failing operation logged just above.',
    remediation: 'See the line above this one for the object that failed.',
    ruleId: null,
    followOn: true,
    source: MDE_ISSUE,
  },
  {
    id: 'provider-failed',
    title: 'A Sysprep provider DLL failed',
    pattern: /Failure occurred while executing '([^']+?)'(?:\s+from\s+([^;\s']+))?/i,
    objectJoin: ' from ',
    cause: 'A provider (plug-in DLL) registered for this Sysprep phase returned an error; the DLL and function name which component failed.',
    remediation: 'Look up the owner of the DLL, fix or remove that component, and run Sysprep again; the lines before it in setupact.log usually say why.',
    ruleId: null,
    source: FATAL_KB,
  },
  {
    id: 'action-file-failed',
    title: 'Sysprep stopped while validating or executing an action file',
    pattern: /SysprepSession::(?:Validate|Execute): Error in (?:validating|executing) actions from (\S+?\.xml)/i,
    cause: 'Follows the provider failure logged above; the action file names the phase (Cleanup, Generalize, Specialize).',
    remediation: 'See the provider failure above this line.',
    ruleId: null,
    followOn: true,
    source: COPILOT_PR,
  },
  {
    id: 'platform-actions-failed',
    title: 'Sysprep platform actions failed',
    pattern: /RunPlatformActions:\s*Failed while (?:validating|executing)/i,
    cause: 'Follows the provider failure logged above.',
    remediation: 'See the provider failure above this line.',
    ruleId: null,
    followOn: true,
    source: COPILOT_PR,
  },
  {
    id: 'sysprep-halted',
    title: 'Sysprep halted',
    pattern: /An error occurred while running registry sysprep DLLs, halting sysprep execution/i,
    cause: 'Sysprep stops at the first provider that fails; this line only reports it.',
    remediation: 'See the provider failure above this line.',
    ruleId: null,
    followOn: true,
    source: FATAL_KB,
  },
  {
    id: 'providers-failed',
    title: 'Sysprep failed while running its providers',
    pattern: /WinMain:\s*Hit failure while (?:pre-validate |processing )?sysprep (\w+) (?:internal |external )?providers?; hr = (0x[0-9a-fA-F]+)/i,
    objectJoin: ' ',
    cause: 'The last line of a failed run: names the phase and the HRESULT of the provider that failed.',
    remediation: 'See the provider failure above this line.',
    ruleId: null,
    followOn: true,
    source: COPILOT_PR,
  },
];

export const noise: readonly Noise[] = [
  {
    id: 'setupdigetclassdevs',
    pattern: /setupdigetclassdevs failed with error 0\b/i,
    why: 'logged by PnP generalize on runs that complete',
    source: GCE_ISSUE,
  },
  {
    id: 'compat-gentel-trigger',
    pattern: /Failed to re-enable Compat-Gentel custom trigger/i,
    why: 'logged by the compatibility telemetry task cleanup on runs that complete',
    source: MRT_ISSUE,
  },
  {
    id: 'file-operations-pending',
    pattern: /WinMain: File operations pending/i,
    why: 'a warning logged at the start of runs that complete',
    source: { title: 'notepad-plus-plus/notepad-plus-plus#13675: setupact.log', url: 'https://github.com/notepad-plus-plus/notepad-plus-plus/issues/13675' },
  },
];
