import { defineRule } from '../../src/engine/define.js';
import type { Severity } from '../../src/types.js';

const TS = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
const FW = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';
const unset = { enableFirewall: null, remoteDesktop: null, icmpEchoRequest: null };
const none = {
  terminalServices: {
    fDenyTSConnections: null,
    userAuthentication: null,
    keepAliveEnable: null,
    keepAliveInterval: null,
    fDisableAutoReconnect: null,
    maxInstanceCount: null,
  },
  firewall: { domain: unset, standard: unset },
};
/** [fact, value name, the value that reverts the page's setting, severity]; fDenyTSConnections is W040's. */
const TS_CHECKS = [
  ['userAuthentication', 'UserAuthentication', 0, 'warning'],
  ['keepAliveEnable', 'KeepAliveEnable', 0, 'info'],
  ['fDisableAutoReconnect', 'fDisableAutoReconnect', 1, 'info'],
] as const;
const FW_CHECKS = [
  ['enableFirewall', '', 'EnableFirewall', 'warning'],
  ['remoteDesktop', '\\Services\\RemoteDesktop', 'Enabled', 'warning'],
  ['icmpEchoRequest', '\\IcmpSettings', 'AllowInboundEchoRequest', 'info'],
] as const;

export default defineRule({
  id: 'W055',
  alias: 'azure-remote-access-policy',
  title: 'No Group Policy reverts the RDP and firewall settings Azure requires',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['remoteAccessPolicy'],
  messages: {
    reverts: 'Group Policy sets {resource} = {value}: {what}',
    limit: 'Group Policy limits Remote Desktop to {value} connections ({resource}); Azure expects no limit',
  },
  rationale:
    "Azure's preparation page tells a domain member to check that Group Policy does not revert its remote-access settings: NLA, keep-alive, " +
    'automatic reconnect and the connection limit of the Remote Desktop Session Host, and the Windows Firewall policies "Protect all network ' +
    'connections", "Allow inbound Remote Desktop exceptions" and "Allow ICMP exceptions" of the domain and standard profiles. A policy value ' +
    'outlives any local fix: the clone applies it again at every refresh. Policies that cut RDP off are warnings, the others info. The policy ' +
    "fDenyTSConnections and the domain profile's EnableFirewall are read by W040.",
  remediation:
    'Set the policy to Not configured in the GPO that applies it (`gpresult /h report.html` names it), or on a machine without a domain remove the value: ' +
    "`Remove-ItemProperty -Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services' -Name <value>` (or the WindowsFirewall profile key).",
  references: [
    {
      title:
        'Prepare a Windows VHD or VHDX to upload to Azure: the Group Policy tables of "Update remote desktop registry settings" and "Configure Windows Firewall rules"',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title:
        'Policy CSP ADMX_TerminalServer: TS_AUTO_RECONNECT (fDisableAutoReconnect), TS_MAX_CON_POLICY ("type 999999" for no limit), under SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
      url: 'https://learn.microsoft.com/windows/client-management/mdm/policy-csp-admx-terminalserver',
    },
    {
      title: '[MS-TSTS] 2.2.2.31 POLICY_TS_MACHINE: the machine policies of the RD Session Host (fPolicyDisableAutoReconnect, fPolicyMaxInstanceCount, …)',
      url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-tsts/d7cb8c2d-f60e-42d6-b8f4-e617ad4d8c1b',
    },
  ],
  waiverGuidance: 'Waive when the image leaves the domain before capture and the GPO will not apply to its clones.',
  examples: {
    pass: [
      { description: 'no policy configured', settings: { cloud: 'azure' }, facts: { remoteAccessPolicy: none } },
      {
        description: 'the keep-alive values the page itself writes under the policy key, and a connection limit of 999999 (no limit)',
        settings: { cloud: 'azure' },
        facts: {
          remoteAccessPolicy: { ...none, terminalServices: { ...none.terminalServices, keepAliveEnable: 1, keepAliveInterval: 1, fDisableAutoReconnect: 0 } },
        },
      },
    ],
    fail: [
      {
        description: 'a domain GPO that turns off the Remote Desktop exception and NLA and caps the sessions',
        settings: { cloud: 'azure' },
        facts: {
          remoteAccessPolicy: {
            terminalServices: { ...none.terminalServices, userAuthentication: 0, maxInstanceCount: 2 },
            firewall: { domain: { ...unset, remoteDesktop: 0 }, standard: unset },
          },
        },
        messageIds: ['reverts', 'limit', 'reverts'],
        resources: [`${TS}\\UserAuthentication`, `${TS}\\MaxInstanceCount`, `${FW}\\DomainProfile\\Services\\RemoteDesktop\\Enabled`],
      },
      {
        description: '"Protect all network connections" disabled in the standard profile, ICMP exceptions off',
        settings: { cloud: 'azure' },
        facts: { remoteAccessPolicy: { ...none, firewall: { domain: unset, standard: { enableFirewall: 0, remoteDesktop: null, icmpEchoRequest: 0 } } } },
        messageIds: ['reverts', 'reverts'],
        resources: [`${FW}\\StandardProfile\\EnableFirewall`, `${FW}\\StandardProfile\\IcmpSettings\\AllowInboundEchoRequest`],
      },
    ],
  },
  check({ remoteAccessPolicy: p }, context) {
    const revert = (resource: string, value: number, what: string, severity: Severity) =>
      context.report({ messageId: 'reverts', resource, data: { value, what }, severity });
    for (const [fact, name, bad, severity] of TS_CHECKS) {
      if (p.terminalServices[fact] === bad) revert(`${TS}\\${name}`, bad, `Azure expects ${name} = ${bad === 0 ? 1 : 0}`, severity);
    }
    // "To specify an unlimited number of connections, type 999999" (TS_MAX_CON_POLICY); 0xFFFFFFFF reads as -1.
    const max = p.terminalServices.maxInstanceCount;
    if (max !== null && max !== 999999 && max !== -1 && max !== 4294967295)
      context.report({ messageId: 'limit', resource: `${TS}\\MaxInstanceCount`, data: { value: max }, severity: 'info' });
    for (const [profile, key] of [
      ['domain', 'DomainProfile'],
      ['standard', 'StandardProfile'],
    ] as const) {
      for (const [fact, sub, name, severity] of FW_CHECKS) {
        // DomainProfile\EnableFirewall is also the firewall policy W040 reads: reported there.
        if (profile === 'domain' && fact === 'enableFirewall') continue;
        if (p.firewall[profile][fact] === 0) revert(`${FW}\\${key}${sub}\\${name}`, 0, `the ${profile} profile policy is disabled`, severity);
      }
    }
  },
});
