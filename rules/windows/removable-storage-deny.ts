import { defineRule } from '../../src/engine/define.js';

const KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices';
const CDDVD = `${KEY}\\{53f56308-b6bf-11d0-94f2-00a0c91efb8b}`;

export default defineRule({
  id: 'W046',
  alias: 'removable-storage-deny',
  title: 'No policy denies access to removable storage or to the DVD drive',
  platform: 'windows',
  severity: 'warning',
  cloud: 'azure',
  facts: ['removableStoragePolicy'],
  messages: {
    denyAll: '{resource} = 1 ("All Removable Storage classes: Deny all access")',
    cdDvd: '{resource} = 1 ("CD and DVD: Deny read access")',
  },
  rationale:
    'Azure\'s generalization prerequisites say to "verify there are no policies applied restricting removable storage access … All Removable Storage classes: Deny all access", ' +
    'next to the DVD-ROM requirement whose failure is a VM "stuck at out-of-box experience (OOBE)": Azure hands the provisioning data to a new VM on a virtual DVD. ' +
    'The Microsoft page states no failure mode for this policy itself; preseal treats it as the same risk and reports it as a warning.',
  remediation:
    'Turn the policy off in the GPO or local policy (Computer Configuration > Administrative Templates > System > Removable Storage Access), ' +
    `or delete the value: \`Remove-ItemProperty -Path '${KEY.replace('HKLM', 'HKLM:')}' -Name Deny_All\`, and \`gpupdate /force\`.`,
  references: [
    {
      title: 'Azure: generalize a VM (Windows prerequisites: removable storage policies)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
    },
    { title: 'Azure: prepare a Windows VHD or VHDX to upload', url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image' },
  ],
  waiverGuidance: 'Waive only for a cloud that does not deliver provisioning data on a virtual DVD, after testing a clone.',
  examples: {
    pass: [{ description: 'no policy', facts: { removableStoragePolicy: { denyAll: null, cdDvdDenyRead: null } }, settings: { cloud: 'azure' } }],
    fail: [
      {
        description: 'Deny all access set by a hardening baseline',
        facts: { removableStoragePolicy: { denyAll: 1, cdDvdDenyRead: null } },
        settings: { cloud: 'azure' },
        messageIds: ['denyAll'],
        resources: [`${KEY}\\Deny_All`],
      },
      {
        description: 'CD and DVD read denied',
        facts: { removableStoragePolicy: { denyAll: 0, cdDvdDenyRead: 1 } },
        settings: { cloud: 'azure' },
        messageIds: ['cdDvd'],
        resources: [`${CDDVD}\\Deny_Read`],
      },
    ],
  },
  check({ removableStoragePolicy }, context) {
    if (removableStoragePolicy.denyAll === 1) context.report({ messageId: 'denyAll', resource: `${KEY}\\Deny_All` });
    if (removableStoragePolicy.cdDvdDenyRead === 1) context.report({ messageId: 'cdDvd', resource: `${CDDVD}\\Deny_Read` });
  },
});
