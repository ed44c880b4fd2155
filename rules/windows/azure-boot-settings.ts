import { defineRule } from '../../src/engine/define.js';

const AUTO = ['BFE', 'Dhcp', 'Dnscache', 'IKEEXT', 'iphlpsvc', 'nsi', 'mpssvc', 'RemoteRegistry', 'W32Time'];
const MANUAL = ['Netlogon', 'Netman', 'TermService'];
const good = {
  services: [...AUTO.map((name) => ({ name, startType: 'Automatic' })), ...MANUAL.map((name) => ({ name, startType: 'Manual' }))],
  realTimeIsUniversal: 1,
  temp: '%SystemRoot%\\TEMP',
  tmp: '%SystemRoot%\\TEMP',
  cdromStart: 1,
  sanPolicy: 1,
};

export default defineRule({
  id: 'W041',
  alias: 'azure-boot-settings',
  title: 'Services, clock, TEMP, SAN policy and the DVD-ROM driver are set as Azure requires',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['azureSettings'],
  messages: {
    cdrom: '{resource} = 4 (disabled): the VM will be stuck at OOBE because Azure provisions it from a virtual DVD',
    service: 'service {resource} starts {startType}, Azure expects {expected}',
    serviceMissing: 'service {resource} is not installed, Azure expects it with start type {expected}',
    value: '{resource} = {value}, Azure expects {expected}',
  },
  rationale:
    'Azure provisions a generalized image through a virtual DVD (a disabled cdrom driver leaves the VM at OOBE), keeps the hardware clock ' +
    'in UTC, and expects TEMP/TMP at their defaults and SAN policy OnlineAll so that disks come online. The page sets BFE, Dhcp, Dnscache, IKEEXT, ' +
    'iphlpsvc, nsi, mpssvc, RemoteRegistry and W32Time to Automatic and Netlogon, Netman and TermService to Manual: "the minimum that must be ' +
    'configured to ensure VM connectivity". Disabled or missing is reported as a warning; another start type (Manual for Automatic) as info.',
  remediation:
    '`Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Services\\cdrom -Name Start -Value 1`; `Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation ' +
    'RealTimeIsUniversal 1`; `Get-Service -Name BFE, Dhcp, Dnscache, IKEEXT, iphlpsvc, nsi, mpssvc, RemoteRegistry, W32Time | Set-Service -StartupType Automatic`, `Get-Service -Name Netlogon, Netman, TermService | Set-Service -StartupType Manual`; `diskpart` `san policy=onlineall`; TEMP and TMP `%SystemRoot%\\TEMP`.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure: settings and services',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
  ],
  examples: {
    pass: [{ description: 'as Azure documents', settings: { cloud: 'azure' }, facts: { azureSettings: good } }],
    fail: [
      {
        description: 'DVD-ROM disabled by hardening',
        settings: { cloud: 'azure' },
        facts: { azureSettings: { ...good, cdromStart: 4 } },
        messageIds: ['cdrom'],
        resources: ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\cdrom\\Start'],
      },
      {
        description: 'a disabled service and local-time clock',
        settings: { cloud: 'azure' },
        facts: { azureSettings: { ...good, services: [{ name: 'RemoteRegistry', startType: 'Disabled' }], realTimeIsUniversal: null } },
        messageIds: ['service', 'value'],
        resources: ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation\\RealTimeIsUniversal', 'RemoteRegistry'],
      },
      {
        // The page's own check: Get-Service -Name BFE, Dhcp, ... | Where-Object StartType -ne Automatic.
        description: 'Dhcp set to Manual and W32Time not installed',
        settings: { cloud: 'azure' },
        facts: {
          azureSettings: {
            ...good,
            services: good.services.map((x) =>
              x.name === 'Dhcp' ? { name: 'Dhcp', startType: 'Manual' } : x.name === 'W32Time' ? { name: 'W32Time', startType: null } : x,
            ),
          },
        },
        messageIds: ['service', 'serviceMissing'],
        resources: ['Dhcp', 'W32Time'],
      },
    ],
  },
  check({ azureSettings: s }, context) {
    if (s.cdromStart === 4) context.report({ messageId: 'cdrom', resource: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\cdrom\\Start' });
    for (const svc of s.services) {
      const expected = AUTO.includes(svc.name) ? 'Automatic' : 'Manual';
      if (svc.startType === null) context.report({ messageId: 'serviceMissing', resource: svc.name, data: { expected } });
      else if (svc.startType === 'Disabled') context.report({ messageId: 'service', resource: svc.name, data: { startType: svc.startType, expected } });
      // Another start type still lets the service run (a trigger, a dependency, a manual start): the
      // page asks for the Windows default, but only Disabled is sure to cut the clone off.
      else if (svc.startType !== expected)
        context.report({ messageId: 'service', resource: svc.name, data: { startType: svc.startType, expected }, severity: 'info' });
    }
    const value = (resource: string, v: string | number | null, expected: string | number) => {
      if (v !== null && String(v).toLowerCase() !== String(expected).toLowerCase())
        context.report({ messageId: 'value', resource, data: { value: v, expected } });
    };
    value('HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation\\RealTimeIsUniversal', s.realTimeIsUniversal ?? 0, 1);
    value('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment\\TEMP', s.temp, '%SystemRoot%\\TEMP');
    value('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment\\TMP', s.tmp, '%SystemRoot%\\TEMP');
    value('HKLM\\SYSTEM\\CurrentControlSet\\Services\\partmgr\\Parameters\\SanPolicy', s.sanPolicy, 1);
  },
});
