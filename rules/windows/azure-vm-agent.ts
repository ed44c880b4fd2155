import { defineRule } from '../../src/engine/define.js';

const AZ_PREP = {
  title: 'Prepare a Windows VHD or VHDX to upload to Azure',
  url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
};
const auto = { status: 'Running', startType: 'Automatic' };

export default defineRule({
  id: 'W038',
  alias: 'azure-vm-agent',
  title: 'The Azure VM Agent services are installed and start automatically',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['azureGuestAgent'],
  messages: {
    missing: 'service {resource} is not installed: extensions, password reset and RDP configuration will not work',
    manual: 'service {resource} starts {startType}, not Automatic',
  },
  rationale: 'Azure needs the VM Agent for extensions, password reset and diagnostics; provisioning reports the VM as not ready without it.',
  remediation:
    'Install the agent (`msiexec /i WindowsAzureVmAgent.msi /quiet`) and keep `Set-Service WindowsAzureGuestAgent -StartupType Automatic` and `Set-Service RdAgent -StartupType Automatic`.',
  references: [AZ_PREP],
  examples: {
    pass: [{ description: 'agent installed', settings: { cloud: 'azure' }, facts: { azureGuestAgent: { guestAgent: auto, rdAgent: auto } } }],
    fail: [
      {
        description: 'no agent',
        settings: { cloud: 'azure' },
        facts: { azureGuestAgent: { guestAgent: null, rdAgent: null } },
        messageIds: ['missing', 'missing'],
        resources: ['WindowsAzureGuestAgent', 'RdAgent'],
      },
      {
        description: 'manual start',
        settings: { cloud: 'azure' },
        facts: { azureGuestAgent: { guestAgent: { status: 'Stopped', startType: 'Manual' }, rdAgent: auto } },
        messageIds: ['manual'],
        resources: ['WindowsAzureGuestAgent'],
      },
      {
        description: 'RdAgent disabled: the guest agent alone is not the whole VM Agent',
        settings: { cloud: 'azure' },
        facts: { azureGuestAgent: { guestAgent: auto, rdAgent: { status: 'Stopped', startType: 'Disabled' } } },
        messageIds: ['manual'],
        resources: ['RdAgent'],
      },
    ],
  },
  check({ azureGuestAgent: a }, context) {
    // The agent's MSI installs both services; RdAgent is the one Packer's Sysprep step waits for first.
    for (const [name, s] of [
      ['WindowsAzureGuestAgent', a.guestAgent],
      ['RdAgent', a.rdAgent],
    ] as const) {
      if (!s) context.report({ messageId: 'missing', resource: name });
      else if (s.startType !== 'Automatic') context.report({ messageId: 'manual', resource: name, data: { startType: s.startType } });
    }
  },
});
