import { defineRule } from '../../src/engine/define.js';
import { FIREWALL_RULE_REGISTRY, GPFAS, parseFirewallRule, REMOTE_DESKTOP_GROUP } from './lib/firewall.js';

const LOCAL = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules';
// The inbox rule as Microsoft's guest-OS troubleshooting page shows it.
const userModeTcp = (active: boolean) => ({
  store: 'local' as const,
  key: LOCAL,
  id: 'RemoteDesktop-UserMode-In-TCP',
  value: `v2.22|Action=Allow|Active=${active ? 'TRUE' : 'FALSE'}|Dir=In|Protocol=6|Profile=Domain|Profile=Private|Profile=Public|LPort=3389|App=%SystemRoot%\\system32\\svchost.exe|Svc=termservice|Name=@FirewallAPI.dll,-28775|Desc=@FirewallAPI.dll,-28756|EmbedCtxt=@FirewallAPI.dll,-28752|`,
});
// RDP on, as Azure requires (the remoteAccess group as the probe prints it).
const rdpOn = {
  fDenyTSConnections: 0,
  policyDenyTSConnections: null,
  portNumber: 3389,
  lanAdapter: 0,
  userAuthentication: 1,
  sslCertificateHashPresent: false,
  firewall: { domain: true, private: true, public: true },
  winRm: null,
};
const blockRdp = {
  store: 'local' as const,
  key: LOCAL,
  id: '{0C7A1F3E-3B0B-4F7E-8F21-6E2B4D9A1C11}',
  value: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=3389|Name=Block RDP|',
};

export default defineRule({
  id: 'W048',
  alias: 'rdp-firewall-rules',
  title: 'The Remote Desktop firewall rules are enabled and nothing blocks the RDP port',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['firewallRules', 'remoteAccess'],
  messages: {
    disabled: 'firewall rule {resource} of the Remote Desktop group is disabled',
    blocked: 'firewall rule {resource} blocks inbound TCP port {port}',
    missing: 'no firewall rule of the Remote Desktop group is in the registry',
  },
  rationale:
    "Azure's preparation page enables the Remote Desktop rule group (`Get-NetFirewallRule -DisplayGroup 'Remote Desktop' | Set-NetFirewallRule -Enabled True`) " +
    'and keeps the firewall on. A clone with the group disabled, or with a block rule on the RDP port, cannot be reached over RDP.',
  remediation:
    "`Get-NetFirewallRule -DisplayGroup 'Remote Desktop' | Set-NetFirewallRule -Enabled True`, and remove the rule that blocks the port: `Remove-NetFirewallRule -Name <id>`.",
  references: [
    {
      title: 'Azure: prepare a Windows VHD or VHDX to upload (Configure Windows Firewall rules)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    FIREWALL_RULE_REGISTRY,
    GPFAS,
  ],
  waiverGuidance: 'Waive for images reached only through Azure Bastion over SSH or a serial console, with RDP off on purpose.',
  examples: {
    pass: [
      {
        description: 'the inbox rule enabled',
        facts: {
          firewallRules: { rules: [userModeTcp(true)] },
          remoteAccess: rdpOn,
        },
        settings: { cloud: 'azure' },
      },
    ],
    fail: [
      {
        description: 'the inbox rule disabled',
        facts: {
          firewallRules: { rules: [userModeTcp(false)] },
          remoteAccess: rdpOn,
        },
        settings: { cloud: 'azure' },
        messageIds: ['disabled'],
        resources: [`${LOCAL}\\RemoteDesktop-UserMode-In-TCP`],
      },
      {
        description: 'a block rule on the RDP port',
        facts: {
          firewallRules: { rules: [userModeTcp(true), blockRdp] },
          remoteAccess: rdpOn,
        },
        settings: { cloud: 'azure' },
        messageIds: ['blocked'],
        resources: [`${LOCAL}\\{0C7A1F3E-3B0B-4F7E-8F21-6E2B4D9A1C11}`],
      },
      {
        description: 'the Remote Desktop rules removed',
        facts: {
          firewallRules: { rules: [] },
          remoteAccess: rdpOn,
        },
        settings: { cloud: 'azure' },
        messageIds: ['missing'],
        resources: [LOCAL],
      },
    ],
  },
  check({ firewallRules, remoteAccess }, context) {
    if (remoteAccess.fDenyTSConnections === 1 || remoteAccess.policyDenyTSConnections === 1) {
      return context.notApplicable('Remote Desktop connections are turned off (fDenyTSConnections = 1); rule W040 reports that');
    }
    const port = String(remoteAccess.portNumber ?? 3389);
    const rules = firewallRules.rules.map(parseFirewallRule);
    const group = rules.filter((r) => r.embedCtxt === REMOTE_DESKTOP_GROUP && r.dir === 'In');
    if (group.length === 0) context.report({ messageId: 'missing', resource: LOCAL });
    // The shadowing rule (RdpSa.exe) is off by default; only the rules on the RDP port matter.
    for (const r of group) if (!r.active && r.localPorts.includes(port)) context.report({ messageId: 'disabled', resource: r.resource });
    for (const r of rules) {
      if (r.active && r.action === 'Block' && r.dir === 'In' && (r.protocol === 6 || r.protocol === null) && r.localPorts.includes(port)) {
        context.report({ messageId: 'blocked', resource: r.resource, data: { port } });
      }
    }
  },
});
