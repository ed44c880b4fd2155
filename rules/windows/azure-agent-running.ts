import { defineRule } from '../../src/engine/define.js';

const PACKER = {
  title: 'PowerShell: How to use Packer to create virtual machine images in Azure (the Sysprep step waits for RdAgent and WindowsAzureGuestAgent)',
  url: 'https://learn.microsoft.com/azure/virtual-machines/windows/build-image-with-packer',
};
const AIB = {
  title: 'Azure VM Image Builder template reference: Default Sysprep command (waits for RdAgent, WindowsAzureTelemetryService and WindowsAzureGuestAgent)',
  url: 'https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-json#default-sysprep-command',
};
const running = { status: 'Running', startType: 'Automatic' };
const all = (telemetry: { status: string; startType: string } | null) => [
  { name: 'WindowsAzureGuestAgent', service: running },
  { name: 'RdAgent', service: running },
  { name: 'WindowsAzureTelemetryService', service: telemetry },
];

export default defineRule({
  id: 'W054',
  alias: 'azure-agent-running',
  title: 'The Azure VM Agent services are running before Sysprep',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['azureAgentServices'],
  messages: {
    stopped: 'service {resource} is {status}, not Running: Sysprep would run before the VM Agent is ready',
  },
  rationale:
    "The VM Agent takes part in Sysprep on Azure. Microsoft's Packer page and Azure Image Builder's default Sysprep command wait until RdAgent, " +
    'WindowsAzureTelemetryService (installed only by older agents) and WindowsAzureGuestAgent are Running before they run sysprep.exe; ' +
    'generalizing earlier can leave an image whose VMs never report ready. A running state exists only on the booted VM: offline this rule does not apply.',
  remediation:
    "Start the services and wait for them before Sysprep: `Start-Service RdAgent, WindowsAzureGuestAgent`, then `while ((Get-Service RdAgent).Status -ne 'Running') { Start-Sleep -s 5 }` " +
    'and the same for WindowsAzureGuestAgent (and WindowsAzureTelemetryService when installed).',
  references: [PACKER, AIB],
  waiverGuidance: 'Waive when the VM is built outside Azure (Hyper-V) and the agent cannot reach the platform until it is deployed.',
  examples: {
    pass: [
      { description: 'current agent: two services, both running', settings: { cloud: 'azure' }, facts: { azureAgentServices: { services: all(null) } } },
      {
        description: 'older agent with its telemetry service running',
        settings: { cloud: 'azure' },
        facts: { azureAgentServices: { services: all(running) } },
      },
    ],
    fail: [
      {
        description: 'the telemetry service of an older agent still starting',
        settings: { cloud: 'azure' },
        facts: { azureAgentServices: { services: all({ status: 'StartPending', startType: 'Automatic' }) } },
        messageIds: ['stopped'],
        resources: ['WindowsAzureTelemetryService'],
      },
      {
        description: 'RdAgent stopped',
        settings: { cloud: 'azure' },
        facts: {
          azureAgentServices: {
            services: [
              { name: 'WindowsAzureGuestAgent', service: running },
              { name: 'RdAgent', service: { status: 'Stopped', startType: 'Automatic' } },
            ],
          },
        },
        messageIds: ['stopped'],
        resources: ['RdAgent'],
      },
    ],
  },
  check({ azureAgentServices }, context) {
    // A service that is not installed is W038's finding (WindowsAzureTelemetryService is optional).
    for (const { name, service } of azureAgentServices.services) {
      if (service && service.status !== 'Running') context.report({ messageId: 'stopped', resource: name, data: { status: service.status } });
    }
  },
});
