import { defineRule } from '../../src/engine/define.js';
import { FIREWALL_RULE_REGISTRY, FIREWALL_WINRM_PORTS, GPFAS, parseFirewallRule, ruleCoversProfile } from './lib/firewall.js';

const LOCAL = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules';
const LISTENER = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WSMAN\\Listener';
const AUTO_CONFIG = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WinRM\\Service\\AllowAutoConfig';
/** The WinRM ports the firewallRules facts keep rules for (their read's pattern, FIREWALL_RULE_MATCH). */
const COLLECTED = FIREWALL_WINRM_PORTS;
const COLLECTED_TEXT = COLLECTED.join(' and ');
const PROFILES = ['Domain', 'Private', 'Public'];
// The inbox rules as a Windows 10 SYSTEM hive stores them (regipy's test hive SYSTEM_2), enabled.
const inbox = (id: string, profiles: string, scope: string, active = true) => ({
  store: 'local' as const,
  key: LOCAL,
  id,
  value: `v2.22|Action=Allow|Active=${active ? 'TRUE' : 'FALSE'}|Dir=In|Protocol=6|${profiles}LPort=5985|${scope}App=System|Name=@FirewallAPI.dll,-30253|Desc=@FirewallAPI.dll,-30256|EmbedCtxt=@FirewallAPI.dll,-30267|`,
});
const noScope = (active = true) => inbox('WINRM-HTTP-In-TCP-NoScope', 'Profile=Domain|Profile=Private|', '', active);
const publicRule = (active = true) => inbox('WINRM-HTTP-In-TCP', 'Profile=Public|', 'RA4=LocalSubnet|RA6=LocalSubnet|', active);
const http = { key: `${LISTENER}\\*+HTTP`, address: '*', transport: 'HTTP', port: 5985 };
const rdpOn = {
  fDenyTSConnections: 0,
  policyDenyTSConnections: null,
  portNumber: 3389,
  lanAdapter: 0,
  userAuthentication: 1,
  sslCertificateHashPresent: false,
};
const remoteAccess = { ...rdpOn, firewall: { domain: true, private: true, public: true }, winRm: { status: 'Running', startType: 'Automatic' } };

export default defineRule({
  id: 'W056',
  alias: 'azure-winrm',
  title: 'WinRM starts automatically, has a listener and is allowed through the firewall in every profile',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['remoteAccess', 'winRmListeners', 'firewallRules'],
  messages: {
    service: 'service WinRM is {state}, Enable-PSRemoting sets it to Automatic',
    noListener: 'no WinRM listener is configured ({resource} has no key, and no Group Policy creates one)',
    policyOff: 'Group Policy turns remote server management through WinRM off ({resource} = 0)',
    disabled: 'firewall rule {resource} for the WinRM listener on TCP {port} is disabled',
    noRule: '{resource} has no firewall rule that lets TCP {port} in for the {profile} profile (the WinRM listener port)',
    blocked: 'firewall rule {resource} blocks the WinRM listener on TCP {port}',
  },
  rationale:
    'Azure\'s preparation page runs `Enable-PSRemoting -Force` "to allow WinRM through the three firewall profiles (domain, private, and public)": the WinRM ' +
    'service starts automatically, a listener exists and the inbox WINRM-HTTP-In-TCP rules are enabled. The Marketplace certification tool connects over WinRM too. ' +
    `Listeners are read from the WinRM service store (WSMAN\\Listener), firewall rules from the registry; a listener on another port than ${COLLECTED.join('/')} is unknown.`,
  remediation:
    '`Enable-PSRemoting -Force` (service Automatic, listener `*+HTTP`, firewall rules enabled), and remove a rule that blocks the port: `Remove-NetFirewallRule -Name <id>` for the local store, or from the GPO that sets it for the Group Policy store.',
  references: [
    {
      title: 'Prepare a Windows VHD or VHDX to upload to Azure: Configure Windows Firewall rules (Enable-PSRemoting)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title: 'Enable-PSRemoting (Microsoft.PowerShell.Core)',
      url: 'https://learn.microsoft.com/powershell/module/microsoft.powershell.core/enable-psremoting',
    },
    FIREWALL_RULE_REGISTRY,
    GPFAS,
  ],
  waiverGuidance: 'Waive for images that are managed only over RDP or the serial console, with WinRM off on purpose.',
  examples: {
    pass: [
      {
        description: 'after Enable-PSRemoting on a client: domain and private, and public from the local subnet',
        settings: { cloud: 'azure' },
        facts: { remoteAccess, winRmListeners: { listeners: [http], policyAutoConfig: null }, firewallRules: { rules: [noScope(), publicRule()] } },
      },
      {
        description: 'the listener comes from Group Policy (AllowAutoConfig = 1), none in the WinRM store',
        settings: { cloud: 'azure' },
        facts: { remoteAccess, winRmListeners: { listeners: [], policyAutoConfig: 1 }, firewallRules: { rules: [noScope(), publicRule()] } },
      },
    ],
    fail: [
      {
        description: 'a domain GPO that disables remote server management through WinRM',
        settings: { cloud: 'azure' },
        facts: { remoteAccess, winRmListeners: { listeners: [http], policyAutoConfig: 0 }, firewallRules: { rules: [noScope(), publicRule()] } },
        messageIds: ['policyOff'],
        resources: [AUTO_CONFIG],
      },
      {
        description: 'the inbox rules as a fresh client has them (disabled) and WinRM on Manual',
        settings: { cloud: 'azure' },
        facts: {
          remoteAccess: { ...remoteAccess, winRm: { status: 'Stopped', startType: 'Manual' } },
          winRmListeners: { listeners: [http], policyAutoConfig: null },
          firewallRules: { rules: [noScope(false), publicRule(false)] },
        },
        messageIds: ['service', 'disabled', 'disabled'],
        resources: ['WinRM', `${LOCAL}\\WINRM-HTTP-In-TCP-NoScope`, `${LOCAL}\\WINRM-HTTP-In-TCP`],
      },
      {
        description: 'no listener: WinRM was never configured',
        settings: { cloud: 'azure' },
        facts: { remoteAccess, winRmListeners: { listeners: [], policyAutoConfig: null }, firewallRules: { rules: [noScope()] } },
        messageIds: ['noListener'],
        resources: [LISTENER],
      },
      {
        description: 'a listener whose public profile has no rule',
        settings: { cloud: 'azure' },
        facts: { remoteAccess, winRmListeners: { listeners: [http], policyAutoConfig: null }, firewallRules: { rules: [noScope()] } },
        messageIds: ['noRule'],
        resources: [LOCAL],
      },
      {
        description: 'a hardening rule (Group Policy store) that blocks the listener port',
        settings: { cloud: 'azure' },
        facts: {
          remoteAccess,
          winRmListeners: { listeners: [http], policyAutoConfig: null },
          firewallRules: {
            rules: [
              noScope(),
              publicRule(),
              {
                store: 'policy',
                key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules',
                id: '{5B2D8C1E-7A4F-4E0B-9C3D-2F6A1B8E5985}',
                value: 'v2.30|Action=Block|Active=TRUE|Dir=In|Protocol=6|LPort=5985|Name=Block WinRM|',
              },
            ],
          },
        },
        messageIds: ['blocked'],
        resources: ['HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules\\{5B2D8C1E-7A4F-4E0B-9C3D-2F6A1B8E5985}'],
      },
    ],
    unknown: [
      {
        description: 'a listener on a port the probe keeps no firewall rules for',
        settings: { cloud: 'azure' },
        facts: {
          remoteAccess,
          winRmListeners: { listeners: [{ ...http, port: 8080 }], policyAutoConfig: null },
          firewallRules: { rules: [noScope(), publicRule()] },
        },
        reason: 'TCP 8080',
      },
    ],
  },
  check({ remoteAccess, winRmListeners, firewallRules }, context) {
    const svc = remoteAccess.winRm;
    if (!svc) context.report({ messageId: 'service', resource: 'WinRM', data: { state: 'not installed' } });
    else if (svc.startType !== 'Automatic') context.report({ messageId: 'service', resource: 'WinRM', data: { state: `set to ${svc.startType}` } });
    // "Allow remote server management through WinRM": disabled, the service answers no remote request;
    // enabled, it listens on HTTP (5985) without a listener key of its own.
    if (winRmListeners.policyAutoConfig === 0) context.report({ messageId: 'policyOff', resource: AUTO_CONFIG });
    const ports = winRmListeners.listeners.map((l) => l.port);
    if (winRmListeners.policyAutoConfig !== null && winRmListeners.policyAutoConfig !== 0) ports.push(5985);
    if (ports.length === 0) return context.report({ messageId: 'noListener', resource: LISTENER });
    const rules = firewallRules.rules.map(parseFirewallRule).filter((r) => r.dir === 'In' && (r.protocol === 6 || r.protocol === null));
    const reported = new Set<string>();
    for (const port of [...new Set(ports)].sort((a, b) => a - b)) {
      if (!COLLECTED.includes(port)) {
        context.unknown(`a WinRM listener uses TCP ${port}; the probe reads firewall rules for TCP ${COLLECTED_TEXT} only`);
        continue;
      }
      const onPort = rules.filter((r) => r.localPorts.includes(String(port)));
      for (const r of onPort.filter((x) => x.active && x.action === 'Block')) context.report({ messageId: 'blocked', resource: r.resource, data: { port } });
      for (const profile of PROFILES) {
        const allows = onPort.filter((r) => r.action === 'Allow' && ruleCoversProfile(r, profile));
        if (allows.some((r) => r.active)) continue;
        for (const r of allows.filter((x) => !reported.has(x.resource))) {
          reported.add(r.resource);
          context.report({ messageId: 'disabled', resource: r.resource, data: { port } });
        }
        if (allows.length === 0) context.report({ messageId: 'noRule', resource: LOCAL, data: { port, profile: profile.toLowerCase() } });
      }
    }
  },
});
