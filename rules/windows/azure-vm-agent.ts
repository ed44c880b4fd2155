import { defineRule } from '../../src/engine/define.js';

const AZ_PREP = {
  title: 'Prepare a Windows VHD or VHDX to upload to Azure',
  url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
};
const auto = { status: 'Running', startType: 'Automatic' };

export default defineRule({
  id: 'W038',
  alias: 'azure-vm-agent',
  title: 'The Azure VM Agent is installed and starts automatically',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['azureGuestAgent'],
  messages: {
    missing: 'service {resource} is not installed: extensions, password reset and RDP configuration will not work',
    manual: 'service {resource} starts {startType}, not Automatic',
  },
  rationale: 'Azure needs the VM Agent for extensions, password reset and diagnostics; provisioning reports the VM as not ready without it.',
  remediation: 'Install the agent (`msiexec /i WindowsAzureVmAgent.msi /quiet`) and keep `Set-Service WindowsAzureGuestAgent -StartupType Automatic`.',
  references: [AZ_PREP],
  examples: {
    pass: [{ description: 'agent installed', settings: { cloud: 'azure' }, facts: { azureGuestAgent: { guestAgent: auto, rdAgent: auto } } }],
    fail: [
      {
        description: 'no agent',
        settings: { cloud: 'azure' },
        facts: { azureGuestAgent: { guestAgent: null, rdAgent: null } },
        messageIds: ['missing'],
        resources: ['WindowsAzureGuestAgent'],
      },
      {
        description: 'manual start',
        settings: { cloud: 'azure' },
        facts: { azureGuestAgent: { guestAgent: { status: 'Stopped', startType: 'Manual' }, rdAgent: null } },
        messageIds: ['manual'],
        resources: ['WindowsAzureGuestAgent'],
      },
    ],
  },
  check({ azureGuestAgent: a }, context) {
    if (!a.guestAgent) return context.report({ messageId: 'missing', resource: 'WindowsAzureGuestAgent' });
    if (a.guestAgent.startType !== 'Automatic')
      context.report({ messageId: 'manual', resource: 'WindowsAzureGuestAgent', data: { startType: a.guestAgent.startType } });
  },
});
