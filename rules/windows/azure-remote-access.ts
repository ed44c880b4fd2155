import { defineRule } from '../../src/engine/define.js';

const TS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
const RDP = `${TS}\\WinStations\\RDP-Tcp`;
const ok = {
  fDenyTSConnections: 0,
  policyDenyTSConnections: null,
  portNumber: 3389,
  lanAdapter: 0,
  userAuthentication: 1,
  sslCertificateHashPresent: false,
  firewall: { domain: true, private: true, public: true },
  winRm: { status: 'Running', startType: 'Automatic' },
};
// WinRM (service, listener, firewall) is W056's.

export default defineRule({
  id: 'W040',
  alias: 'azure-remote-access',
  title: 'RDP and the firewall profiles are in the state Azure requires',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['remoteAccess'],
  messages: {
    value: '{resource} = {value}, expected {expected}',
    cert: "{resource} is set: the clones would present the build VM's RDP certificate",
    firewall: 'the {resource} firewall profile is off',
  },
  rationale: 'A clone with RDP denied, on another port or adapter, or with the firewall off is unreachable or exposed after deployment.',
  remediation:
    'Apply the Azure settings: `Set-ItemProperty "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server" fDenyTSConnections 0`, PortNumber 3389, ' +
    'LanAdapter 0, UserAuthentication 1, remove SSLCertificateSHA1Hash, `Set-NetFirewallProfile -Profile Domain,Public,Private -Enabled True`.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure: remote desktop and firewall',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title:
        '[MS-GPFAS] 2.2.3: firewall policy keys DomainProfile, PrivateProfile, PublicProfile (read for the private profile; the local store calls it StandardProfile)',
      url: 'https://learn.microsoft.com/openspecs/windows_protocols/ms-gpfas/2c979624-900a-4b6e-b4ef-09b387cd62ab',
    },
  ],
  examples: {
    pass: [{ description: 'Azure defaults', settings: { cloud: 'azure' }, facts: { remoteAccess: ok } }],
    fail: [
      {
        description: 'RDP denied by policy',
        settings: { cloud: 'azure' },
        facts: { remoteAccess: { ...ok, policyDenyTSConnections: 1 } },
        messageIds: ['value'],
        resources: ['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\fDenyTSConnections'],
      },
      {
        description: 'build VM certificate, public firewall profile off',
        settings: { cloud: 'azure' },
        facts: { remoteAccess: { ...ok, sslCertificateHashPresent: true, firewall: { domain: true, private: true, public: false }, winRm: null } },
        messageIds: ['cert', 'firewall'],
        resources: ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\\SSLCertificateSHA1Hash', 'public'],
      },
    ],
  },
  check({ remoteAccess: r }, context) {
    const expect = (resource: string, value: number | null, expected: number) => {
      if (value !== null && value !== expected) context.report({ messageId: 'value', resource, data: { value, expected } });
    };
    expect(`${TS}\\fDenyTSConnections`, r.fDenyTSConnections, 0);
    expect('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\fDenyTSConnections', r.policyDenyTSConnections, 0);
    expect(`${RDP}\\PortNumber`, r.portNumber, 3389);
    expect(`${RDP}\\LanAdapter`, r.lanAdapter, 0);
    expect(`${RDP}\\UserAuthentication`, r.userAuthentication, 1);
    if (r.sslCertificateHashPresent) context.report({ messageId: 'cert', resource: `${RDP}\\SSLCertificateSHA1Hash` });
    for (const [name, on] of Object.entries(r.firewall)) if (on === false) context.report({ messageId: 'firewall', resource: name });
  },
});
