import { defineRule } from '../../src/engine/define.js';
import { SERVER_FEATURE } from './lib/references.js';

// Win32_ServerFeature IDs of the roles and features KB 2721672 lists as not supported in Azure VMs.
// BitLocker (ID 61) matters only on the OS volume, which W023 checks.
const AZURE_UNSUPPORTED: Record<number, string> = {
  12: 'DHCP Server',
  17: 'Active Directory Rights Management Services',
  19: 'Windows Deployment Services',
  34: 'Network Load Balancing',
  38: 'Wireless LAN Service',
  40: 'Windows Internet Name Service (WINS)',
  52: 'Storage Manager for SANs',
  55: 'Internet Storage Name Server',
  57: 'Multipath I/O',
  59: 'SNMP Services',
  207: 'Remote Access Service',
  208: 'Routing',
  468: 'Remote Access',
};

export default defineRule({
  id: 'W009',
  alias: 'azure-unsupported-roles',
  title: 'No role or feature that Azure virtual machines do not support is installed',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['serverFeatures'],
  messages: {
    feature: '{feature} is installed (Win32_ServerFeature.ID = {id}); Microsoft does not support it in Azure virtual machines',
  },
  rationale:
    '"Not every role or application that\'s installed on a Windows-based computer supports generalized images." Microsoft\'s support policy for server software ' +
    'in Azure (KB 2721672) excludes these roles and features.',
  remediation:
    'Remove the feature (`Uninstall-WindowsFeature <Name>`) or replace it with the Azure service (Azure Load Balancer for NLB, VPN Gateway for RRAS, Azure DHCP).',
  references: [
    {
      title: 'Prepare a Windows VHD or VHDX to upload to Azure',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    { title: 'Microsoft server software support for Microsoft Azure virtual machines (KB 2721672)', url: 'https://support.microsoft.com/help/2721672' },
    SERVER_FEATURE,
  ],
  examples: {
    pass: [{ description: 'IIS', facts: { serverFeatures: { features: [{ id: 2, parentId: 0, name: 'Web Server (IIS)' }] } }, settings: { cloud: 'azure' } }],
    fail: [
      {
        description: 'SNMP and MPIO',
        facts: {
          serverFeatures: {
            features: [
              { id: 57, parentId: 0, name: 'Multipath I/O' },
              { id: 59, parentId: 0, name: 'SNMP Service' },
            ],
          },
        },
        settings: { cloud: 'azure' },
        messageIds: ['feature', 'feature'],
        resources: ['Win32_ServerFeature ID 57 (Multipath I/O)', 'Win32_ServerFeature ID 59 (SNMP Service)'],
      },
    ],
    notApplicable: [
      {
        description: 'the same roles outside Azure',
        facts: {
          serverFeatures: {
            features: [
              { id: 57, parentId: 0, name: 'Multipath I/O' },
              { id: 59, parentId: 0, name: 'SNMP Service' },
            ],
          },
        },
        settings: { cloud: 'none' },
        reason: 'applies to azure only',
      },
    ],
  },
  check({ serverFeatures }, context) {
    for (const f of serverFeatures.features) {
      const feature = AZURE_UNSUPPORTED[f.id];
      if (feature !== undefined) context.report({ messageId: 'feature', resource: `Win32_ServerFeature ID ${f.id} (${f.name})`, data: { feature, id: f.id } });
    }
  },
});
