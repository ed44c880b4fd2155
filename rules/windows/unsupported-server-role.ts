import { defineRule } from '../../src/engine/define.js';
import { SERVER_FEATURE, SYSPREP_ROLES } from './lib/references.js';

// Win32_ServerFeature IDs of the roles the Sysprep roles table marks "No" for Windows Server 2012,
// the last column Microsoft published; preseal applies it to later versions. Names are not
// localized here on purpose: the probe's Name is.
const UNSUPPORTED: Record<number, string> = {
  5: 'Fax Server',
  8: 'Active Directory Federation Services (AD FS)',
  9: 'Active Directory Lightweight Directory Services (AD LDS)',
  10: 'Active Directory Domain Services (AD DS)',
  12: 'DHCP Server',
  14: 'Network Policy and Access Services (NPAS)',
  16: 'Active Directory Certificate Services (AD CS)',
  17: 'Active Directory Rights Management Services (AD RMS)',
  21: 'Windows Server Update Services (WSUS)',
  // Windows Server 2012 R2 and later: ID 21 is "No longer supported" and WSUS is 404 ("Window Server
  // Update Services" in the class documentation), with the features 405-408 and 449 under it.
  404: 'Windows Server Update Services (WSUS)',
};
/** WSUS features under 404 (Win32_ServerFeature "Window Server Update Services - Features (404)"). */
const WSUS_FEATURES = new Set([405, 406, 407, 408, 449]);

export default defineRule({
  id: 'W008',
  alias: 'unsupported-server-role',
  title: 'No server role that Sysprep does not support is installed',
  platform: 'windows',
  severity: 'error',
  facts: ['serverFeatures'],
  messages: {
    role: '{role} is installed (Win32_ServerFeature.ID = {id}); Sysprep does not support it and it may not work after deployment',
  },
  rationale:
    '"If you run the Sysprep command together with the /generalize option against an installation of a server, and you are using an unsupported server role, ' +
    'those roles may not function after the imaging and deployment process is completed." Microsoft\'s table stops at Windows Server 2012; its 2012 column is applied to later versions.',
  remediation:
    'Remove the role before generalizing and install it after deployment: `Uninstall-WindowsFeature <Name> -IncludeManagementTools` ' +
    '(e.g. `UpdateServices`, `DHCP`, `AD-Certificate`, `ADFS-Federation`, `ADLDS`, `ADRMS`, `NPAS`, `Fax`, `AD-Domain-Services`).',
  references: [SYSPREP_ROLES, SERVER_FEATURE],
  examples: {
    pass: [
      {
        description: 'file server and IIS only',
        facts: {
          serverFeatures: {
            features: [
              { id: 2, parentId: 0, name: 'Web Server (IIS)' },
              { id: 481, parentId: 0, name: 'File and Storage Services' },
            ],
          },
        },
      },
    ],
    fail: [
      {
        // IDs and names as the Win32_ServerFeature class documents them for Windows Server 2012 R2 and later.
        description: 'WSUS with its WID database (Install-WindowsFeature UpdateServices)',
        facts: {
          serverFeatures: {
            features: [
              { id: 404, parentId: 0, name: 'Windows Server Update Services' },
              { id: 407, parentId: 404, name: 'WSUS Services' },
              { id: 449, parentId: 404, name: 'WID Connectivity' },
            ],
          },
        },
        messageIds: ['role'],
        resources: ['Win32_ServerFeature ID 404 (Windows Server Update Services)'],
      },
      {
        description: 'WSUS on Windows Server 2008 R2 (ID 21)',
        facts: { serverFeatures: { features: [{ id: 21, parentId: 0, name: 'Windows Server Update Services' }] } },
        messageIds: ['role'],
        resources: ['Win32_ServerFeature ID 21 (Windows Server Update Services)'],
      },
      {
        description: 'a WSUS feature listed without its role',
        facts: { serverFeatures: { features: [{ id: 405, parentId: 404, name: 'API and PowerShell cmdlets' }] } },
        messageIds: ['role'],
        resources: ['Win32_ServerFeature ID 405 (API and PowerShell cmdlets)'],
      },
    ],
  },
  check({ serverFeatures }, context) {
    const ids = new Set(serverFeatures.features.map((f) => f.id));
    for (const f of serverFeatures.features) {
      // A WSUS feature whose role (404) is not listed still means WSUS is installed.
      const role = UNSUPPORTED[f.id] ?? (WSUS_FEATURES.has(f.id) && !ids.has(404) ? UNSUPPORTED[404] : undefined);
      if (role !== undefined) context.report({ messageId: 'role', resource: `Win32_ServerFeature ID ${f.id} (${f.name})`, data: { role, id: f.id } });
    }
  },
});
