import { defineRule } from '../../src/rules/define.js';
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
};

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
    pass: [{ description: 'file server and IIS only', facts: { serverFeatures: { features: [{ id: 2, parentId: 0, name: 'Web Server (IIS)' }, { id: 481, parentId: 0, name: 'File and Storage Services' }] } } }],
    fail: [
      {
        description: 'WSUS',
        facts: { serverFeatures: { features: [{ id: 21, parentId: 0, name: 'Windows Server Update Services' }, { id: 404, parentId: 21, name: 'WSUS Services' }] } },
        messageIds: ['role'], resources: ['Win32_ServerFeature ID 21 (Windows Server Update Services)'],
      },
    ],
  },
  check({ serverFeatures }, context) {
    for (const f of serverFeatures.features) {
      const role = UNSUPPORTED[f.id];
      if (role !== undefined) context.report({ messageId: 'role', resource: `Win32_ServerFeature ID ${f.id} (${f.name})`, data: { role, id: f.id } });
    }
  },
});
