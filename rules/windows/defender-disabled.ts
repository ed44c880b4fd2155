import { defineRule } from '../../src/engine/define.js';

const POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender';
const healthy = {
  disableAntiSpywarePolicy: null,
  disableRealtimeMonitoringPolicy: null,
  windefendService: { status: 'Running', startType: 'Automatic' },
  amServiceEnabled: true,
  antivirusEnabled: true,
  realTimeProtectionEnabled: true,
};

export default defineRule({
  id: 'W034',
  alias: 'defender-disabled',
  title: 'Microsoft Defender Antivirus has not been disabled by policy or hardening',
  platform: 'windows',
  severity: 'warning',
  facts: ['defender'],
  messages: {
    policy: '{resource} = {value}: Defender is turned off by policy',
    service: 'service WinDefend is {status} ({startType})',
  },
  rationale:
    'MRTGeneralize (the malicious-software cleanup of Sysprep) fails deleting the Security Center product instances when Defender ' +
    'or its WMI objects were disabled or removed by hardening scripts; runs have been reported to stop until Defender was restored.',
  remediation:
    'Remove the policy values (`Remove-ItemProperty ... DisableAntiSpyware`), `Set-MpPreference -DisableRealtimeMonitoring $false`, start WinDefend; apply the hardening after deployment.',
  references: [
    { title: 'MicrosoftDocs/azure-docs#43893: Sysprep fails with SYSPRP MRTGeneralize', url: 'https://github.com/MicrosoftDocs/azure-docs/issues/43893' },
    { title: 'GoogleCloudPlatform/compute-image-windows#156', url: 'https://github.com/GoogleCloudPlatform/compute-image-windows/issues/156' },
  ],
  examples: {
    pass: [{ description: 'Defender running', facts: { defender: healthy } }],
    fail: [
      {
        description: 'disabled by policy',
        facts: { defender: { ...healthy, disableAntiSpywarePolicy: 1 } },
        messageIds: ['policy'],
        resources: ['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\DisableAntiSpyware'],
      },
      {
        description: 'service disabled',
        facts: { defender: { ...healthy, windefendService: { status: 'Stopped', startType: 'Disabled' } } },
        messageIds: ['service'],
        resources: ['service WinDefend'],
      },
    ],
  },
  check({ defender: d }, context) {
    if (d.disableAntiSpywarePolicy === 1) context.report({ messageId: 'policy', resource: `${POLICY}\\DisableAntiSpyware`, data: { value: 1 } });
    if (d.disableRealtimeMonitoringPolicy === 1)
      context.report({ messageId: 'policy', resource: `${POLICY}\\Real-Time Protection\\DisableRealtimeMonitoring`, data: { value: 1 } });
    if (d.windefendService && d.windefendService.startType === 'Disabled')
      context.report({ messageId: 'service', resource: 'service WinDefend', data: d.windefendService });
  },
});
