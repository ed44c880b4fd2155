/**
 * Checklist items preseal leaves out on purpose, each with why. The rule index page
 * (docs/rules/README.md) lists them under the checklist they come from, so a reader comparing
 * preseal with that checklist sees every item either covered by a rule or excluded here.
 */
export interface Exclusion {
  /** The item as the checklist names it. */
  item: string;
  why: string;
}

export interface Checklist {
  title: string;
  /** Where the comparison item by item is kept. */
  source: string;
  exclusions: readonly Exclusion[];
}

export const checklists: readonly Checklist[] = [
  {
    title: 'Windows image checklists (Azure preparation and certification, AWS, Google Cloud, Sysprep, VDI guidance)',
    source:
      'the parity table of the Windows checklists that image builders follow (A = Azure preparation page, B = Azure certification tests, D = cloud agents, E = VDI)',
    exclusions: [
      {
        item: 'A38 user rights that block RDP or network logon',
        why: 'the rights live in the LSA policy database: reading them needs `secedit /export` (which writes a file, and the probe writes nothing) or SYSTEM; RSoP shows only rights set by Group Policy. Left out until a read-only source is verified.',
      },
      {
        item: 'D14 AWS PV, ENA and NVMe drivers',
        why: 'no AWS document gives a registry or file shape that identifies the driver packages; matching device names would be a guess. W050 checks the launch agent AWS documents.',
      },
      { item: 'A50 antivirus script blockers', why: 'no documented generic source: each product keeps its own settings.' },
      {
        item: 'A31 BCD settings (integrityservices, recoveryenabled, bootstatuspolicy)',
        why: 'the settings live in the BCD store, which only bcdedit (localized text output) or the BCD WMI provider reads; no failure is stated for a default store.',
      },
      {
        item: 'A12 Hyper-V Integration Components on Windows Server 2012 R2 and older',
        why: 'those releases are out of support; preseal targets Windows Server 2016 and later.',
      },
      {
        item: 'A41 drivers of physical hardware or other hypervisors',
        why: 'no documented list tells which drivers are unwanted; W041 checks the services Azure requires.',
      },
      {
        item: 'A30 disk not clean (chkdsk)',
        why: 'the only sources are chkdsk and Repair-Volume -Scan, which run a check on the volume: not a read-only fact.',
      },
      {
        item: 'A34 WMI repository consistency',
        why: '`winmgmt /verifyrepository` runs a check and prints localized text; the probe itself depends on a working WMI, and a broken one makes CIM groups errors.',
      },
      { item: 'A40 extra TDI filters', why: 'no documented way to tell a harmful filter from a Microsoft one.' },
      { item: 'A1 damaged system files (sfc)', why: '`sfc /verifyonly` takes minutes and writes CBS.log: not read-only.' },
      { item: 'B1 32-bit OS', why: 'Windows Server 2016 and later, which preseal targets, ship only as 64-bit.' },
      {
        item: 'A3 and B21 patch level and minimum updates',
        why: "a moving target better served by the image pipeline's Windows Update step; W026/W027 check that updates are not pending.",
      },
      {
        item: 'B22 first 1 MB of the OS disk, B19 OS disk size, B3 Failover Clustering, B14 PNRP, B26 SQL Server',
        why: "Marketplace certification posture, checked by the certification tests themselves; preseal's role rules cover the roles that break Sysprep or Azure.",
      },
      {
        item: 'A19, A20, A21, A18 RDP keep-alive, reconnect, connection limit and security layer',
        why: 'operational tuning with no stated failure; Azure applies its own defaults through the VM agent.',
      },
      {
        item: 'A27 ICMP echo rule, A32 serial console and SAC, A33 crash-dump settings, A10 power plan',
        why: 'cosmetic or operational; none stops generalization or provisioning.',
      },
      { item: 'E1 Automatic Updates in a VDI master image', why: 'a VDI policy choice, not an image requirement.' },
      {
        item: 'C23 WDS initialized (the part beyond W009)',
        why: 'whether Windows Deployment Services is initialized has no documented registry or CIM source, only the localized text of `wdsutil /get-server`; W009 reports the role where it must not be.',
      },
      {
        item: 'B6 Hyper-V role installed (the part beyond W029)',
        why: 'only the 2020 Azure certification list names the role, and its 2021 list dropped it; W029 reports the virtual switches that do break a clone.',
      },
      {
        item: 'B27 an HTTPS WinRM listener on 5986 for the certification tool',
        why: 'certification posture, checked by the Certification Test Tool itself; W056 requires the WinRM service, a listener and its firewall rules, which is what remote management needs.',
      },
      {
        item: 'F2 every installed application supports Sysprep (beyond the named cases)',
        why: "each product documents its own imaging steps, with no common structured signal; W024, W033, W035, W036 and W037 cover the products whose failures Microsoft's and the vendors' pages name.",
      },
      {
        item: 'D13 build-subnet routes in a custom AMI (AWS)',
        why: "the routes are rebuilt at launch when the launch agent's initialization runs again, which the agent's own Sysprep shutdown schedules; W050 requires a launch agent, and preseal does not read the agent's schedule state. W039 reports persistent routes on Azure, where they break the platform address.",
      },
    ],
  },
];
