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
    value: '{resource} = {value}, Azure expects {expected}',
  },
  rationale:
    'Azure provisions a generalized image through a virtual DVD (a disabled cdrom driver leaves the VM at OOBE), keeps the hardware clock ' +
    'in UTC, and expects the listed services, TEMP/TMP and SAN policy OnlineAll so that disks come online.',
  remediation:
    '`Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Services\\cdrom -Name Start -Value 1`; `Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation ' +
    'RealTimeIsUniversal 1`; `Set-Service <name> -StartupType Automatic|Manual`; `diskpart` `san policy=onlineall`; TEMP and TMP `%SystemRoot%\\TEMP`.',
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
    ],
  },
  check({ azureSettings: s }, context) {
    if (s.cdromStart === 4) context.report({ messageId: 'cdrom', resource: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\cdrom\\Start' });
    for (const svc of s.services) {
      const expected = AUTO.includes(svc.name) ? 'Automatic' : 'Manual';
      if (svc.startType !== null && svc.startType === 'Disabled')
        context.report({ messageId: 'service', resource: svc.name, data: { startType: svc.startType, expected } });
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
