/**
 * The Windows checklists image builders follow, item by item, and what preseal does about each: the
 * rules that check it (with what they leave out, when they check only part of it), or why it is left
 * out, or why it does not apply to a lint that runs before capture. Transcribed from the parity table
 * of issue 18 (A = Azure preparation page, B = Azure certification tests, C = Sysprep documentation,
 * D = cloud agents and image pipelines, E = VDI guidance, F = Azure's generalization prerequisites).
 * Rendered on the rule index page (docs/rules/README.md) by src/docs.ts; test/meta/checklist.test.ts
 * checks that every item is here once and every Windows rule is accounted for.
 */

interface Item {
  /** The item's ID in the parity table (A1, B27, …). */
  id: string;
  /** What the item asks, in a few words. */
  name: string;
  /** Where it comes from, as the table gives it: a key of CHECKLIST_SOURCES and the section. */
  source: string;
}

/** Checked by these rules; `partly` says what they leave out, and why when it is left out on purpose. */
export interface CoveredItem extends Item {
  rules: readonly string[];
  partly?: string;
  excluded?: never;
  notApplicable?: never;
}

export interface ExcludedItem extends Item {
  excluded: string;
  rules?: never;
  partly?: never;
  notApplicable?: never;
}

export interface NotApplicableItem extends Item {
  notApplicable: string;
  rules?: never;
  partly?: never;
  excluded?: never;
}

export type ChecklistItem = CoveredItem | ExcludedItem | NotApplicableItem;

export const CHECKLIST_TITLE = 'Windows image checklists (Azure preparation and certification, AWS, Google Cloud, Sysprep, VDI guidance)';

/** The source keys the items use. */
export const CHECKLIST_SOURCES: Readonly<Record<string, { title: string; url?: string }>> = {
  'AZ-PREP': {
    title: 'Microsoft Learn: Prepare a Windows VHD or VHDX to upload to Azure',
    url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
  },
  'AZ-PREP-2017': { title: 'the same page, June 2017 revision (RDP SecurityLayer, fAllowSecProtocolNegotiation)' },
  'AZ-GEN': {
    title: 'Microsoft Learn: Remove machine specific information by deprovisioning or generalizing a VM',
    url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
  },
  'AZ-CERT': { title: 'Azure Marketplace: Troubleshoot virtual machine certification (Windows test cases of the Certification Test Tool)' },
  'AZ-CERT-2020': { title: 'Azure Marketplace: Common issues when certifying virtual machine images (2020)' },
  'AZ-CERTTOOL': { title: 'Azure Marketplace: Test a virtual machine image (WinRM on 5986 for the tool)' },
  'AZ-PROVERR': {
    title: 'Microsoft Learn: Provisioning errors when deploying custom images',
    url: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/custom-image-provisioning-errors',
  },
  'SP-OV': {
    title: 'Sysprep (System Preparation) Overview',
    url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
  },
  'SP-GEN': {
    title: 'Sysprep (Generalize) a Windows installation',
    url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--generalize--a-windows-installation',
  },
  'SP-PROC': { title: 'Sysprep Process Overview', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-process-overview' },
  'SP-CLI': { title: 'Sysprep Command-Line Options', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-command-line-options' },
  'SP-ROLES': {
    title: 'Sysprep Support for Server Roles',
    url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-support-for-server-roles',
  },
  'KB-STORE': {
    title: 'Sysprep fails after you remove or update Microsoft Store apps',
    url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-fails-remove-or-update-store-apps',
  },
  'KB-FATAL': {
    title: 'A fatal error occurred while trying to sysprep the machine',
    url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/fatal-error-occurred-sysprep-machine',
  },
  'KB-REARM': {
    title: 'Error occurs when you run Sysprep /generalize (rearm)',
    url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/error-occurs-when-running-sysprep-generalize',
  },
  'KB-MIRACAST': { title: 'MiracastView package causes a Sysprep error after upgrade to Windows 10 1709 (KB 4057974)' },
  'KB-SYSTEM': {
    title: 'Fix black screen after running Sysprep as System on Windows 11 / Server 2025',
    url: 'https://learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/sysprep-as-system-windows-11',
  },
  'KB-W11CAP': {
    title: 'Errors when capturing a Windows 11 image by using capture media in Configuration Manager',
    url: 'https://learn.microsoft.com/troubleshoot/mem/configmgr/os-deployment/windows-11-image-capture-fail',
  },
  'KB-DUP': {
    title: 'The Microsoft policy for disk duplication of Windows installations (KB 314828)',
    url: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication',
  },
  'PACKER-MS': {
    title: 'PowerShell: How to use Packer to create virtual machine images in Azure',
    url: 'https://learn.microsoft.com/azure/virtual-machines/windows/build-image-with-packer',
  },
  AIB: {
    title: 'Azure VM Image Builder template reference (default Sysprep command)',
    url: 'https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-json',
  },
  RI: { title: 'GitHub actions/runner-images, Windows build scripts', url: 'https://github.com/actions/runner-images' },
  'AWS-AMI': {
    title: 'AWS: Create a custom Windows AMI / Use Sysprep to create a standard AMI',
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/Creating_EBSbacked_WinAMI.html',
  },
  'AWS-E2L2': { title: 'AWS: EC2Launch v2 settings', url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2launch-v2-settings.html' },
  'AWS-TS': { title: 'AWS: Troubleshooting Sysprep', url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/sysprep-troubleshoot.html' },
  'AWS-MIG': { title: 'AWS: Migrating to latest generation instance types (PV, ENA and NVMe drivers)' },
  GCE: { title: 'Google GCESysprep script and guest environment README', url: 'https://github.com/GoogleCloudPlatform/compute-image-windows' },
  AVD: { title: 'Microsoft: Prepare and customize a master VHD image (Azure Virtual Desktop)' },
  VDOT: { title: 'Microsoft Virtual Desktop Optimization Tool, disk cleanup step' },
};

// Reasons shared by several items.
const RDP_TUNING = 'operational tuning with no stated failure; Azure applies its own defaults through the VM agent.';
const COSMETIC = 'cosmetic or operational; none stops generalization or provisioning.';
const PATCH_LEVEL = "a moving target better served by the image pipeline's Windows Update step; W026/W027 check that updates are not pending.";
const CERTIFICATION =
  "Marketplace certification posture, checked by the certification tests themselves; preseal's role rules cover the roles that break Sysprep or Azure.";

export const checklistItems: readonly ChecklistItem[] = [
  {
    id: 'A1',
    name: 'System File Checker clean',
    source: 'AZ-PREP §System File Checker',
    excluded: '`sfc /verifyonly` takes minutes and writes CBS.log: not read-only.',
  },
  {
    id: 'A2',
    name: 'updates installed and restarted, no restart pending',
    source: 'AZ-PREP §Install Windows updates (note); AIB §Windows update customizer',
    rules: ['W026', 'W027'],
  },
  { id: 'A3', name: 'patch level: the minimum updates the page lists', source: 'AZ-PREP §Install Windows updates (table)', excluded: PATCH_LEVEL },
  { id: 'A4', name: 'DVD-ROM driver enabled', source: 'AZ-PREP §Set Windows configurations (note); AZ-GEN §Prerequisites', rules: ['W041'] },
  { id: 'A5', name: 'no persistent static routes', source: 'AZ-PREP §Set Windows configurations 1', rules: ['W039'] },
  { id: 'A6', name: 'WinHTTP proxy reset, or 168.63.129.16 bypassed', source: 'AZ-PREP §Set Windows configurations 2', rules: ['W039'] },
  { id: 'A7', name: 'SAN policy OnlineAll', source: 'AZ-PREP §Set Windows configurations 3', rules: ['W041'] },
  { id: 'A8', name: 'hardware clock in UTC', source: 'AZ-PREP §Set Windows configurations 4', rules: ['W041'] },
  { id: 'A9', name: 'w32time starts Automatic', source: 'AZ-PREP §Set Windows configurations 4', rules: ['W041'] },
  {
    id: 'A10',
    name: 'power plan High performance, display idle 0',
    source: 'AZ-PREP §Set Windows configurations 5',
    excluded: COSMETIC,
  },
  { id: 'A11', name: 'TEMP and TMP at their defaults', source: 'AZ-PREP §Set Windows configurations 6', rules: ['W041'] },
  {
    id: 'A12',
    name: 'latest Hyper-V Integration Components on Windows Server 2012 R2 and older',
    source: 'AZ-PREP §Set Windows configurations 7',
    excluded: 'those releases are out of support; preseal targets Windows Server 2016 and later.',
  },
  { id: 'A13', name: 'connectivity services at their Windows start types', source: 'AZ-PREP §Check the Windows services', rules: ['W041'] },
  { id: 'A14', name: 'RDP allowed (local value and policy)', source: 'AZ-PREP §Update remote desktop registry settings 1', rules: ['W040'] },
  { id: 'A15', name: 'RDP port 3389', source: 'AZ-PREP §Update remote desktop registry settings 2', rules: ['W040'] },
  { id: 'A16', name: 'RDP listens on every adapter', source: 'AZ-PREP §Update remote desktop registry settings 3', rules: ['W040'] },
  { id: 'A17', name: 'Network Level Authentication required', source: 'AZ-PREP §Update remote desktop registry settings 4', rules: ['W040'] },
  { id: 'A18', name: 'RDP security layer negotiation', source: 'AZ-PREP-2017 §Update Remote Desktop registry settings 4', excluded: RDP_TUNING },
  { id: 'A19', name: 'RDP keep-alive', source: 'AZ-PREP §Update remote desktop registry settings 5', excluded: RDP_TUNING },
  { id: 'A20', name: 'RDP automatic reconnect', source: 'AZ-PREP §Update remote desktop registry settings 6', excluded: RDP_TUNING },
  { id: 'A21', name: 'RDP concurrent-connection limit', source: 'AZ-PREP §Update remote desktop registry settings 7', excluded: RDP_TUNING },
  {
    id: 'A22',
    name: 'no certificate bound to the RDP listener',
    source: 'AZ-PREP §Update remote desktop registry settings 8',
    rules: ['W040'],
  },
  {
    id: 'A23',
    name: 'domain Group Policy does not revert the RDP settings',
    source: 'AZ-PREP §Update remote desktop registry settings 9 (policy table)',
    rules: ['W040', 'W055'],
  },
  { id: 'A24', name: 'Windows Firewall on in all three profiles', source: 'AZ-PREP §Configure Windows Firewall rules 1', rules: ['W040'] },
  {
    id: 'A25',
    name: 'WinRM enabled and allowed through the firewall',
    source: 'AZ-PREP §Configure Windows Firewall rules 2 (Enable-PSRemoting -Force)',
    rules: ['W056'],
  },
  {
    id: 'A26',
    name: 'Remote Desktop firewall rule group enabled',
    source: 'AZ-PREP §Configure Windows Firewall rules 3',
    rules: ['W048'],
    partly:
      "rules of the group that do not open the RDP port (RemoteDesktop-Shadow-In-TCP, for session shadowing) are not required to be enabled: W048 requires the group's rules that let a client reach the port.",
  },
  { id: 'A27', name: 'ICMPv4 echo rule enabled', source: 'AZ-PREP §Configure Windows Firewall rules 4', excluded: COSMETIC },
  { id: 'A28', name: 'allow rules for the Azure platform address 168.63.129.16', source: 'AZ-PREP §Configure Windows Firewall rules 5', rules: ['W047'] },
  {
    id: 'A29',
    name: 'domain firewall policies do not revert the firewall settings',
    source: 'AZ-PREP §Configure Windows Firewall rules 6 (policy table)',
    rules: ['W040', 'W055'],
  },
  {
    id: 'A30',
    name: 'disk healthy (chkdsk)',
    source: 'AZ-PREP §Verify the VM 1',
    excluded: 'the only sources are chkdsk and Repair-Volume -Scan, which run a check on the volume: not a read-only fact.',
  },
  {
    id: 'A31',
    name: 'BCD boot settings (integrityservices, recoveryenabled, bootstatuspolicy)',
    source: 'AZ-PREP §Verify the VM 2',
    excluded:
      'the settings live in the BCD store, which only bcdedit (localized text output) or the BCD WMI provider reads; no failure is stated for a default store.',
  },
  { id: 'A32', name: 'serial console and SAC', source: 'AZ-PREP §Verify the VM 2 (serial console) and note', excluded: COSMETIC },
  { id: 'A33', name: 'crash-dump settings', source: 'AZ-PREP §Verify the VM 3', excluded: COSMETIC },
  {
    id: 'A34',
    name: 'WMI repository consistent',
    source: 'AZ-PREP §Verify the VM 4',
    excluded:
      '`winmgmt /verifyrepository` runs a check and prints localized text; the probe itself depends on a working WMI, and a broken one makes CIM groups errors.',
  },
  { id: 'A35', name: 'only TermService listens on 3389', source: 'AZ-PREP §Verify the VM 5', rules: ['W049'] },
  {
    id: 'A36',
    name: 'domain controller upload steps (KB 2904015, DSRM password)',
    source: 'AZ-PREP §Verify the VM 6',
    notApplicable: "only for uploading a specialized domain controller disk; for a generalized image a domain controller is already W002's error.",
  },
  {
    id: 'A37',
    name: 'built-in administrator account and password known',
    source: 'AZ-PREP §Verify the VM 7',
    notApplicable: 'operator knowledge, not machine state.',
  },
  {
    id: 'A38',
    name: 'user rights do not block RDP or network logon',
    source: 'AZ-PREP §Verify the VM 7-9',
    excluded:
      'the rights live in the LSA policy database: reading them needs `secedit /export` (which writes a file, and the probe writes nothing) or SYSTEM; RSoP shows only rights set by Group Policy. Left out until a read-only source is verified.',
  },
  {
    id: 'A39',
    name: 'restart and test RDP on a local Hyper-V VM',
    source: 'AZ-PREP §Verify the VM 10',
    notApplicable: 'a pipeline test of the booted VM, not a lint.',
  },
  {
    id: 'A40',
    name: 'no extra TDI filters',
    source: 'AZ-PREP §Verify the VM 11',
    excluded: 'no documented way to tell a harmful filter from a Microsoft one.',
  },
  {
    id: 'A41',
    name: 'no software or drivers for physical hardware or other hypervisors',
    source: 'AZ-PREP §Verify the VM 12',
    excluded: 'no documented list tells which drivers are unwanted; W041 checks the services Azure requires.',
  },
  {
    id: 'A42',
    name: 'installed roles support Sysprep',
    source: 'AZ-PREP §Determine when to use Sysprep; AZ-GEN §Prerequisites',
    rules: ['W008', 'W009'],
  },
  {
    id: 'A43',
    name: 'drives fully decrypted',
    source: 'AZ-PREP §Determine when to use Sysprep; AZ-GEN §Prerequisites',
    rules: ['W023'],
  },
  { id: 'A44', name: 'VM extensions removed (image from an Azure VM)', source: 'AZ-PREP §Generalize a VHD (note)', rules: ['W037'] },
  {
    id: 'A45',
    name: 'Panther directory deleted',
    source: 'AZ-PREP §Generalize a VHD 3; AZ-GEN §Generalize a Windows VM 3',
    rules: ['W043'],
  },
  {
    id: 'A46',
    name: 'no custom answer file, Sysprep run without /unattend:',
    source: 'AZ-PREP §Generalize a VHD (note); AZ-GEN (important note)',
    rules: ['W043', 'W045', 'W020', 'W021'],
  },
  {
    id: 'A47',
    name: 'fixed VHD, 1 MiB-aligned, within the size limits',
    source: 'AZ-PREP §Convert the virtual disk',
    notApplicable: 'a property of the disk container made after capture.',
  },
  { id: 'A48', name: 'Azure VM Agent installed', source: 'AZ-PREP §Complete the recommended configurations', rules: ['W038'] },
  {
    id: 'A49',
    name: 'page file on the temporary disk after the VM is created',
    source: 'AZ-PREP §Complete the recommended configurations',
    notApplicable: 'a step after deployment; W042 only keeps the image from pointing the page file at a drive that does not exist.',
  },
  {
    id: 'A50',
    name: 'antivirus script blockers disabled',
    source: 'AZ-PREP §Complete the recommended configurations',
    excluded: 'no documented generic source: each product keeps its own settings.',
  },
  { id: 'A51', name: 'DISM /optimize-image (optional)', source: 'AZ-PREP §tip', notApplicable: 'an optional offline optimization, not a precondition.' },
  {
    id: 'B1',
    name: '64-bit operating system',
    source: 'AZ-CERT Windows test case 1; AZ-PREP note',
    excluded: 'Windows Server 2016 and later, which preseal targets, ship only as 64-bit.',
  },
  {
    id: 'B2',
    name: 'the application does not depend on the administrator account',
    source: 'AZ-CERT test case 2',
    notApplicable: 'application design, not machine state.',
  },
  { id: 'B3', name: 'Failover Clustering not installed', source: 'AZ-CERT test case 3', excluded: CERTIFICATION },
  { id: 'B4', name: 'no IPv6 dependency', source: 'AZ-CERT test case 4', notApplicable: 'application design, not machine state.' },
  { id: 'B5', name: 'DHCP Server role absent', source: 'AZ-CERT test case 5; SP-ROLES', rules: ['W009', 'W008'] },
  {
    id: 'B6',
    name: 'Hyper-V role absent',
    source: 'AZ-CERT-2020 test case 6 (dropped in the 2021 list)',
    rules: ['W029'],
    partly:
      'the role itself is not reported: only the 2020 Azure certification list names the role, and its 2021 list dropped it; W029 reports the virtual switches that do break a clone.',
  },
  { id: 'B7', name: 'Remote Access absent', source: 'AZ-CERT test case 6', rules: ['W009'] },
  { id: 'B8', name: 'Rights Management Services absent', source: 'AZ-CERT test case 7; SP-ROLES', rules: ['W009', 'W008'] },
  { id: 'B9', name: 'Windows Deployment Services absent', source: 'AZ-CERT test case 8', rules: ['W009'] },
  { id: 'B10', name: 'no BitLocker on the OS disk', source: 'AZ-CERT test case 9', rules: ['W023'] },
  { id: 'B11', name: 'iSNS absent', source: 'AZ-CERT test case 10', rules: ['W009'] },
  { id: 'B12', name: 'Multipath I/O absent', source: 'AZ-CERT test case 11', rules: ['W009'] },
  { id: 'B13', name: 'Network Load Balancing absent', source: 'AZ-CERT test case 12', rules: ['W009'] },
  { id: 'B14', name: 'Peer Name Resolution Protocol absent', source: 'AZ-CERT test case 13', excluded: CERTIFICATION },
  { id: 'B15', name: 'SNMP Services absent', source: 'AZ-CERT test case 14', rules: ['W009'] },
  { id: 'B16', name: 'WINS absent', source: 'AZ-CERT test case 15', rules: ['W009'] },
  { id: 'B17', name: 'Wireless LAN Service absent', source: 'AZ-CERT test case 16', rules: ['W009'] },
  {
    id: 'B18',
    name: 'VHD format (fixed, footer, 1 MB-aligned)',
    source: 'AZ-CERT §VHD specifications',
    notApplicable: 'the container format, made after capture.',
  },
  { id: 'B19', name: 'Windows OS disk 30-250 GB', source: 'AZ-CERT §OS disk size validation', excluded: CERTIFICATION },
  {
    id: 'B20',
    name: 'data disks up to 1023 GB',
    source: 'AZ-CERT §Data disk size verification',
    notApplicable: 'the attached data disks of the offer, not the OS.',
  },
  { id: 'B21', name: 'WannaCry fix present', source: 'AZ-CERT §WannaCry patch verification', excluded: PATCH_LEVEL },
  { id: 'B22', name: 'first 1 MB of the OS disk empty', source: 'AZ-CERT §VM images must have 1 MB of free space', excluded: CERTIFICATION },
  {
    id: 'B23',
    name: 'no default credentials in the VHD',
    source: 'AZ-CERT §Default credentials',
    rules: ['W020', 'W051', 'W060'],
    partly:
      'a default password of an account or an application is not read: password hashes live in the SAM and SECURITY hives, which the probe refuses to read, and applications keep credentials in stores of their own. W020 and W051 find passwords left in answer files and the AWS launch agents, W060 the local accounts left enabled.',
  },
  {
    id: 'B24',
    name: 'image generalized',
    source: 'AZ-CERT §VM not generalized',
    notApplicable: 'the state after Sysprep; W010 and W011 check the state before it.',
  },
  { id: 'B25', name: 'RDP enabled', source: 'AZ-CERT §Remote access issue', rules: ['W040'] },
  {
    id: 'B26',
    name: 'no self-installed SQL Server on a non-SQL base',
    source: 'AZ-CERT §Software compliance for Windows',
    excluded: CERTIFICATION,
  },
  {
    id: 'B27',
    name: 'WinRM running with an HTTPS listener (5986) for the certification tool',
    source: 'AZ-CERTTOOL §Use Certification Test Tool',
    rules: ['W056'],
    partly:
      'the HTTPS listener on 5986 is not required: certification posture, checked by the Certification Test Tool itself; W056 requires the WinRM service, a listener and its firewall rules, which is what remote management needs.',
  },
  { id: 'C1', name: 'Windows Setup completed before Sysprep', source: 'SP-OV §Dependencies', rules: ['W017', 'W010'] },
  { id: 'C2', name: 'one Windows installation per machine', source: 'SP-OV §Limitations; SP-GEN', rules: ['W007'] },
  { id: 'C3', name: 'consistent system drive letter', source: 'SP-OV §Limitations', rules: ['W028'] },
  {
    id: 'C4',
    name: 'drivers for the destination hardware included',
    source: 'SP-OV §Limitations; SP-PROC §Adding Device Drivers',
    notApplicable: 'the target hardware is unknown to a lint (the cloud-specific driver items are A12 and D14).',
  },
  { id: 'C5', name: 'no server role that Sysprep does not support', source: 'SP-OV §Limitations; SP-ROLES', rules: ['W008', 'W002'] },
  { id: 'C6', name: 'no EFS-encrypted files', source: 'SP-OV §Limitations', rules: ['W006'] },
  { id: 'C7', name: 'workgroup, not domain', source: 'SP-OV §Limitations', rules: ['W001'] },
  { id: 'C8', name: 'no domain strong-password policy residue', source: 'SP-OV §Limitations', rules: ['W003'] },
  {
    id: 'C9',
    name: 'the Sysprep command generalizes (/generalize /oobe; on Azure /shutdown, no /unattend:)',
    source: 'SP-CLI (/generalize, important note); KB-DUP; AZ-PREP/AZ-GEN (generalize, OOBE, shutdown); AZ-PROVERR',
    rules: ['W045'],
  },
  {
    id: 'C10',
    name: 'the Sysprep of this image, run from %WINDIR%\\system32\\sysprep',
    source: 'SP-OV §Unsupported scenarios; SP-PROC',
    rules: ['W019'],
  },
  { id: 'C11', name: 'not an unsupported upgrade installation', source: 'SP-OV §Unsupported / New functionality', rules: ['W018'] },
  { id: 'C12', name: 'no RunSynchronous Sysprep', source: 'SP-OV §Unsupported scenarios', rules: ['W021'] },
  { id: 'C13', name: '/mode:vm only inside a VM', source: 'SP-OV §Unsupported; SP-CLI', rules: ['W022'] },
  { id: 'C14', name: 'Sysprep not run as SYSTEM', source: 'SP-OV §Unsupported; KB-SYSTEM', rules: ['W014'] },
  { id: 'C15', name: 'NPS RADIUS clients and remote server groups removed', source: 'SP-GEN', rules: ['W031'] },
  { id: 'C16', name: 'rearm limit not reached; SkipRearm off', source: 'SP-GEN §Limits; KB-REARM', rules: ['W013'] },
  { id: 'C17', name: 'every Appx package provisioned for all users', source: 'SP-GEN §Microsoft Store apps; KB-STORE; KB-W11CAP', rules: ['W024'] },
  { id: 'C18', name: 'the Store does not update apps during the build', source: 'KB-STORE (note); SP-GEN', rules: ['W025'] },
  { id: 'C19', name: 'only an administrator runs Sysprep', source: 'SP-PROC §Sysprep Process', rules: ['W015'] },
  { id: 'C20', name: 'only one Sysprep instance', source: 'SP-PROC §Sysprep Process', rules: ['W016'] },
  { id: 'C21', name: 'Hyper-V virtual networks deleted', source: 'SP-ROLES (Hyper-V)', rules: ['W029'] },
  { id: 'C22', name: 'no encrypted credentials in applicationHost.config', source: 'SP-ROLES (Web Server)', rules: ['W030'] },
  {
    id: 'C23',
    name: 'Windows Deployment Services uninitialized',
    source: 'SP-ROLES footnote 6',
    rules: ['W009'],
    partly:
      'whether WDS is initialized, which matters on every cloud, is not read: whether Windows Deployment Services is initialized has no documented registry or CIM source, only the localized text of `wdsutil /get-server`; W009 reports the role where it must not be.',
  },
  { id: 'C24', name: 'no earlier failed or partial Sysprep run', source: 'KB-FATAL; SP-PROC §Log files', rules: ['W011', 'W010', 'W012'] },
  { id: 'C25', name: 'upgraded image without broken Appx (MiracastView)', source: 'KB-MIRACAST', rules: ['W018', 'W024'] },
  { id: 'C26', name: 'no servicing using reserved storage', source: 'KB-W11CAP', rules: ['W027'] },
  { id: 'C27', name: 'the OS partition gets a drive letter', source: 'KB-W11CAP §Volume not found', rules: ['W028'] },
  {
    id: 'C28',
    name: 'VC++ runtime for Configuration Manager capture media',
    source: 'KB-W11CAP §VCRUNTIME140_1.dll',
    notApplicable: 'a prerequisite of the capture tool, not of generalization.',
  },
  {
    id: 'C29',
    name: 'save the Panther logs before running again',
    source: 'KB-FATAL (note)',
    notApplicable: 'operator practice; W012 reads those logs.',
  },
  {
    id: 'D1',
    name: 'Azure agent services running before Sysprep',
    source: 'PACKER-MS (wait loop); AIB §Default Sysprep command',
    rules: ['W038', 'W054'],
  },
  {
    id: 'D2',
    name: 'cached unattend files removed before Sysprep',
    source: 'AIB §Default Sysprep command; RI build.windows-2022.pkr.hcl, Configure-Sysprep.ps1',
    rules: ['W043', 'W020', 'W021'],
    partly:
      'off Azure (W043 applies only there, and both sources build for Azure) %WINDIR%\\System32\\Sysprep\\unattend.xml and %WINDIR%\\Panther\\unattend.xml are reported only when they hold secrets (W020) or start Sysprep (W021).',
  },
  {
    id: 'D3',
    name: 'wait until ImageState = IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
    source: 'PACKER-MS; AIB; RI',
    notApplicable: 'a condition after Sysprep; W010 checks the state before it.',
  },
  {
    id: 'D4',
    name: 'fail fast on IMAGE_STATE_UNDEPLOYABLE, stream setuperr.log',
    source: 'RI Configure-Sysprep.ps1; actions/runner-images#10094',
    notApplicable: 'a condition after Sysprep; W012 reads the logs of an earlier run.',
  },
  {
    id: 'D5',
    name: 'DSC AgentId reset',
    source: 'RI Configure-Sysprep.ps1 (per hashicorp/packer#9818); actions/runner-images#10094; PowerShell/DscResources#296',
    rules: ['W044'],
  },
  {
    id: 'D6',
    name: 'one administrator account and profile left; build user removed',
    source: 'AWS-AMI §Before you begin; RI Configure-User.ps1',
    rules: ['W060'],
  },
  {
    id: 'D7',
    name: 'Defender for Endpoint not onboarded, MDE extension absent',
    source: 'RI Post-Build-Validation.ps1; actions/runner-images#9659',
    rules: ['W033', 'W037'],
  },
  {
    id: 'D8',
    name: 'temp folders, logs, WER archives, dumps and recycle bins cleared',
    source: 'RI Finalize-VM.ps1; GCE sysprep.ps1 (Clear-TempFolders); VDOT Optimize-VDOTDiskCleanup.ps1',
    rules: ['W053'],
    partly:
      "not counted: %SystemRoot%\\Logs, the WER Temp folder, the recycle bins, the BranchCache cache, and *.etl and *.log files outside the temp folders: the sources clean them for image size and name no failure or leak from them, so preseal does not gate on them. W053 counts %SystemRoot%\\Temp, each profile's temp folder, the WER report archive and queue, and memory dumps, which hold the build's data. Event logs are cleared by Sysprep /generalize itself (D19).",
  },
  {
    id: 'D9',
    name: 'component store cleanup',
    source: 'RI Finalize-VM.ps1',
    notApplicable: 'a size optimization, not correctness.',
  },
  { id: 'D10', name: '.NET native images updated', source: 'RI Install-NativeImages.ps1', notApplicable: 'performance, not correctness.' },
  {
    id: 'D11',
    name: 'AWS launch agent installed and current',
    source: 'AWS-AMI (EC2Launch v2 / EC2Launch / EC2Config); AWS-MIG Part 4; AWS-E2L2',
    rules: ['W050'],
    partly: 'the version of the agent is not compared: AWS asks for "the latest version", a moving target with no stated minimum.',
  },
  {
    id: 'D12',
    name: 'no clear-text administrator password in the AWS agent configuration',
    source: 'AWS-E2L2 (Set Administrator Account, Specify); AWS-AMI (EC2Launch Specify, EC2Config Specify)',
    rules: ['W051', 'W020'],
  },
  {
    id: 'D13',
    name: 'no build-subnet routes for metadata and KMS in a custom AMI',
    source: 'AWS-AMI §Updating metadata/KMS routes',
    excluded:
      "the routes are rebuilt at launch when the launch agent's initialization runs again, which the agent's own Sysprep shutdown schedules; W050 requires a launch agent, and preseal does not read the agent's schedule state. W039 reports persistent routes on Azure, where they break the platform address.",
  },
  {
    id: 'D14',
    name: 'AWS PV, ENA and NVMe drivers installed and current',
    source: 'AWS-MIG Parts 1-3; AWS-AMI (2008 R2: RedHat to Citrix PV)',
    excluded:
      'no AWS document gives a registry or file shape that identifies the driver packages; matching device names would be a guess. W050 checks the launch agent AWS documents.',
  },
  { id: 'D15', name: 'no corrupted or orphaned profiles (CopyProfile)', source: 'AWS-TS', rules: ['W032'] },
  { id: 'D16', name: 'self-signed RDP and WinRM certificates removed', source: 'GCE sysprep.ps1 (Clearing self signed certs)', rules: ['W061', 'W040'] },
  { id: 'D17', name: 'Sysprep_succeeded.tag removed before the run', source: 'GCE sysprep.ps1', rules: ['W012'] },
  {
    id: 'D18',
    name: 'Google guest environment installed',
    source: 'GCE README, sysprep.ps1 (important files used by GCE instance setup)',
    rules: ['W052'],
  },
  {
    id: 'D19',
    name: 'event logs cleared',
    source: 'GCE sysprep.ps1 (Clear-EventLogs)',
    notApplicable: 'Sysprep /generalize deletes the event logs itself (SP-CLI).',
  },
  {
    id: 'D20',
    name: 'GCEStartup task, Setup CmdLine, PersistentDisk partmgr keys',
    source: 'GCE sysprep.ps1',
    notApplicable: 'actions GCESysprep performs itself.',
  },
  {
    id: 'E1',
    name: 'Automatic Updates disabled in a VDI master image',
    source: 'AVD §Disable Automatic Updates; RI Configure-System.ps1',
    excluded: 'a VDI policy choice, not an image requirement.',
  },
  { id: 'E2', name: 'Storage Sense off', source: 'AVD §Disable Storage Sense', notApplicable: 'per-user VDI tuning.' },
  { id: 'E3', name: 'Defender VHD/VHDX attach exclusions, FSLogix', source: 'AVD §Configure Windows Defender', notApplicable: 'VDI runtime tuning.' },
  { id: 'F1', name: 'no removable-storage deny policy', source: 'AZ-GEN §Prerequisites for Windows VMs', rules: ['W046'] },
  {
    id: 'F2',
    name: 'installed applications support Sysprep (security, Store apps, virtualization agents)',
    source: 'AZ-GEN §Prerequisites',
    rules: ['W024', 'W033', 'W035', 'W036', 'W037'],
    partly:
      "applications beyond the named cases are not checked: each product documents its own imaging steps, with no common structured signal; W024, W033, W035, W036 and W037 cover the products whose failures Microsoft's and the vendors' pages name.",
  },
];

/** Windows rules that no checklist item asks for, and why preseal has them. */
export const beyondChecklist: readonly { rule: string; why: string }[] = [
  {
    rule: 'W004',
    why: 'an Entra ID (or hybrid) join keeps a device certificate and device ID that every clone would share; Sysprep has no documented step that leaves Entra ID.',
  },
  { rule: 'W005', why: "an MDM enrollment's certificate and device ID are identity every clone would share." },
  {
    rule: 'W034',
    why: "Sysprep's MRTGeneralize step has been reported to fail when hardening disabled Defender (MicrosoftDocs/azure-docs#43893, GoogleCloudPlatform/compute-image-windows#156): a failure from issue reports, not from a checklist.",
  },
  {
    rule: 'W042',
    why: 'A49 (the page file on the temporary disk) is a step after deployment; W042 keeps the image from pointing the page file at a drive that does not exist.',
  },
];
