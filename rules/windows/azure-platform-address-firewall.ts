import { defineRule } from '../../src/engine/define.js';
import { addressCovers, FIREWALL_RULE_REGISTRY, GPFAS, parseFirewallRule } from './lib/firewall.js';

const LOCAL = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules';
const POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules';
// The rule Azure's preparation page creates (New-NetFirewallRule -DisplayName AzurePlatform … -RemoteAddress 168.63.129.16 -Action Allow).
const allowIn = {
  store: 'local' as const,
  key: LOCAL,
  id: '{6A2B0F4C-9E1D-4C55-9C3A-1B2C3D4E5F60}',
  value: 'v2.30|Action=Allow|Active=TRUE|Dir=In|RA4=168.63.129.16|Name=AzurePlatform|',
};
const allowOut = {
  ...allowIn,
  id: '{6A2B0F4C-9E1D-4C55-9C3A-1B2C3D4E5F61}',
  value: 'v2.30|Action=Allow|Active=TRUE|Dir=Out|RA4=168.63.129.16|Name=AzurePlatform|',
};
const blockPolicy = {
  store: 'policy' as const,
  key: POLICY,
  id: 'Block-Azure-Fabric',
  value: 'v2.30|Action=Block|Active=TRUE|Dir=Out|RA4=168.63.0.0/255.255.0.0|Name=Block fabric|',
};

export default defineRule({
  id: 'W047',
  alias: 'azure-platform-address-firewall',
  title: 'The firewall lets the VM reach the Azure platform address 168.63.129.16',
  platform: 'windows',
  severity: 'error',
  cloud: 'azure',
  facts: ['firewallRules'],
  messages: {
    blocked: 'firewall rule {resource} ({dir}, {store} store) blocks {range}, which covers the Azure platform address 168.63.129.16',
    noAllow: "no enabled firewall rule allows 168.63.129.16 {dir}bound, as Azure's preparation page creates",
  },
  rationale:
    '168.63.129.16 is the Azure host address the VM Agent reports provisioning to and gets its goal state, DHCP and DNS from. A clone whose firewall blocks it ' +
    "never reports ready. Azure's preparation page creates an allow rule for it in both directions (`-RemoteAddress 168.63.129.16 -Profile Any -Action Allow`).",
  remediation:
    'Remove or disable the blocking rule (`Remove-NetFirewallRule -Name <id>`, or fix the Group Policy that sets it), then create the platform rules: ' +
    '`New-NetFirewallRule -DisplayName AzurePlatform -Direction Inbound -RemoteAddress 168.63.129.16 -Profile Any -Action Allow -EdgeTraversalPolicy Allow` ' +
    'and `New-NetFirewallRule -DisplayName AzurePlatform -Direction Outbound -RemoteAddress 168.63.129.16 -Profile Any -Action Allow`.',
  references: [
    {
      title: 'Azure: prepare a Windows VHD or VHDX to upload (Create a rule for the Azure platform network)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    { title: 'What is IP address 168.63.129.16?', url: 'https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16' },
    GPFAS,
    FIREWALL_RULE_REGISTRY,
  ],
  examples: {
    pass: [{ description: 'the two AzurePlatform allow rules', facts: { firewallRules: { rules: [allowIn, allowOut] } }, settings: { cloud: 'azure' } }],
    fail: [
      {
        description: 'a Group Policy block rule for 168.63.0.0/16',
        facts: { firewallRules: { rules: [allowIn, allowOut, blockPolicy] } },
        settings: { cloud: 'azure' },
        messageIds: ['blocked'],
        resources: [`${POLICY}\\Block-Azure-Fabric`],
      },
      {
        description: 'no allow rules (a plain image): reported at info level',
        facts: { firewallRules: { rules: [] } },
        settings: { cloud: 'azure' },
        messageIds: ['noAllow', 'noAllow'],
        resources: ['168.63.129.16 In', '168.63.129.16 Out'],
      },
    ],
  },
  check({ firewallRules }, context) {
    const rules = firewallRules.rules.map(parseFirewallRule).filter((r) => r.active);
    for (const r of rules) {
      if (r.action !== 'Block') continue;
      const range = r.remoteAddresses4.find((a) => addressCovers(a, '168.63.129.16'));
      if (range) context.report({ messageId: 'blocked', resource: r.resource, data: { dir: r.dir, store: r.store, range } });
    }
    for (const dir of ['In', 'Out']) {
      const allowed = rules.some((r) => r.action === 'Allow' && r.dir === dir && r.remoteAddresses4.some((a) => addressCovers(a, '168.63.129.16')));
      if (!allowed) context.report({ messageId: 'noAllow', resource: `168.63.129.16 ${dir}`, data: { dir }, severity: 'info' });
    }
  },
});
