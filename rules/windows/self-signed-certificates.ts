import { defineRule } from '../../src/engine/define.js';

const RDP = 'Cert:\\LocalMachine\\Remote Desktop';
const MY = 'Cert:\\LocalMachine\\My';
const stores = [
  { name: 'Remote Desktop', exists: true },
  { name: 'My', exists: true },
];
// The certificate Remote Desktop Services makes for itself: subject CN=<computer name>, issued by itself.
const rdpCert = { store: RDP, thumbprint: '4F1B6C3A2E9D8B7A6C5D4E3F2A1B0C9D8E7F6A5B', subject: 'CN=BUILD01', notAfter: '2026-06-01T08:14:02Z' };

export default defineRule({
  id: 'W061',
  alias: 'self-signed-certificates',
  title: 'No self-signed Remote Desktop or WinRM certificate is left in the machine stores',
  platform: 'windows',
  severity: 'warning',
  facts: ['selfSignedCertificates'],
  messages: {
    certificate: 'self-issued certificate {resource} ({subject}, valid until {notAfter}) is in the image',
    remoteDesktop:
      "Remote Desktop's own certificate {resource} ({subject}, valid until {notAfter}) is in the image: clones present this key until it is removed, then Windows makes one of their own",
  },
  rationale:
    'A self-issued certificate in Cert:\\LocalMachine\\Remote Desktop or Cert:\\LocalMachine\\My (the one Remote Desktop makes for ' +
    'itself, or a WinRM HTTPS listener certificate made during the build) is copied with its private key into every clone: all of ' +
    "them then present the same key under the build VM's name. Google's GCESysprep deletes these certificates before capture; Azure " +
    'asks for the RDP listener to have no certificate bound (W040). Windows makes ' +
    'a new Remote Desktop certificate when none is there, so each clone gets its own.',
  remediation:
    "Remove each reported certificate, and only those (My can hold self-issued certificates the image needs): `Remove-Item '<certificate>'`; " +
    'first remove a WinRM HTTPS listener that uses one (`winrm delete winrm/config/Listener?Address=*+Transport=HTTPS`). GCESysprep removes every self-issued one.',
  references: [
    {
      title: 'GoogleCloudPlatform/compute-image-windows sysprep.ps1 ("Clearing self signed certs")',
      url: 'https://github.com/GoogleCloudPlatform/compute-image-windows/blob/master/sysprep/sysprep.ps1',
    },
    {
      title: 'Prepare a Windows VHD to upload to Azure (remove the RDP listener certificate)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title: 'Ask PFE Platforms: Removing Self-Signed RDP Certificates (Windows makes them again)',
      url: 'https://blogs.technet.microsoft.com/askpfeplat/2017/02/01/removing-self-signed-rdp-certificates/',
    },
    { title: 'X509Store class (.NET Framework)', url: 'https://learn.microsoft.com/dotnet/api/system.security.cryptography.x509certificates.x509store' },
  ],
  examples: {
    pass: [
      { description: 'no self-issued certificate', facts: { selfSignedCertificates: { stores, certificates: [] } } },
      {
        description: 'no Remote Desktop store at all',
        facts: { selfSignedCertificates: { stores: [{ name: 'Remote Desktop', exists: false }, stores[1]!], certificates: [] } },
      },
    ],
    fail: [
      {
        description: "Remote Desktop's own certificate and a WinRM HTTPS certificate made with New-SelfSignedCertificate",
        facts: {
          selfSignedCertificates: {
            stores,
            certificates: [
              rdpCert,
              { store: MY, thumbprint: 'A9C3E0F1B2D4C6E8A0B1C2D3E4F5A6B7C8D9E0F1', subject: 'CN=packer', notAfter: '2026-05-20T10:02:44Z' },
            ],
          },
        },
        messageIds: ['remoteDesktop', 'certificate'],
        resources: [`${RDP}\\${rdpCert.thumbprint}`, `${MY}\\A9C3E0F1B2D4C6E8A0B1C2D3E4F5A6B7C8D9E0F1`],
      },
    ],
  },
  check({ selfSignedCertificates }, context) {
    for (const c of selfSignedCertificates.certificates) {
      const data = { subject: c.subject, notAfter: c.notAfter };
      const resource = `${c.store}\\${c.thumbprint}`;
      // Windows makes Remote Desktop's certificate again when it is gone: a clone's exposure ends with one removal, so info.
      if (c.store === RDP) context.report({ messageId: 'remoteDesktop', resource, data, severity: 'info' });
      else context.report({ messageId: 'certificate', resource, data });
    }
  },
});
