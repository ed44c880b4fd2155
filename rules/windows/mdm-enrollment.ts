import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'W005',
  alias: 'mdm-enrollment',
  title: 'The machine is not enrolled in MDM (Intune or another provider)',
  platform: 'windows',
  severity: 'error',
  facts: ['mdmEnrollment'],
  messages: {
    enrolled: '{resource} is an active MDM enrollment (EnrollmentState = 1, ProviderID = {provider}); clones would share its certificate and device ID',
    account: '{resource} is an OMA-DM account; clones would share it',
  },
  rationale: 'The MDM enrollment certificate and device ID are identity: every clone would report as the same Intune device, or duplicates appear.',
  remediation:
    'Unenroll before generalizing (Settings > Accounts > Access work or school > Disconnect, or retire the device in Intune, then `dsregcmd /leave`); never enroll the reference VM.',
  references: [
    {
      title: 'Intune: remove devices by using wipe, retire, or manually unenrolling',
      url: 'https://learn.microsoft.com/mem/intune/remote-actions/devices-wipe',
    },
  ],
  examples: {
    pass: [
      { description: 'no enrollment', facts: { mdmEnrollment: { enrollments: [], omadmAccounts: [] } } },
      {
        description: 'a leftover enrollment key that is not active',
        facts: {
          mdmEnrollment: {
            enrollments: [
              {
                key: 'HKLM\\SOFTWARE\\Microsoft\\Enrollments\\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}',
                enrollmentState: 0,
                enrollmentType: 0,
                providerId: null,
                upn: null,
              },
            ],
            omadmAccounts: [],
          },
        },
      },
    ],
    fail: [
      {
        description: 'Intune enrolled',
        facts: {
          mdmEnrollment: {
            enrollments: [
              {
                key: 'HKLM\\SOFTWARE\\Microsoft\\Enrollments\\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}',
                enrollmentState: 1,
                enrollmentType: 6,
                providerId: 'MS DM Server',
                upn: 'builder@contoso.com',
              },
            ],
            omadmAccounts: ['HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts\\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}'],
          },
        },
        messageIds: ['enrolled'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Enrollments\\{0B5A2A41-8E36-4D9C-9C6B-6F0E2A3B4C5D}'],
      },
      {
        description: 'an OMA-DM account without an active enrollment',
        facts: {
          mdmEnrollment: {
            enrollments: [],
            omadmAccounts: ['HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts\\{7D1C3E55-1A2B-4C3D-8E9F-0A1B2C3D4E5F}'],
          },
        },
        messageIds: ['account'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts\\{7D1C3E55-1A2B-4C3D-8E9F-0A1B2C3D4E5F}'],
      },
    ],
  },
  check({ mdmEnrollment }, context) {
    const ids = new Set<string>();
    for (const e of mdmEnrollment.enrollments) {
      if (e.enrollmentState !== 1) continue;
      ids.add(e.key.slice(e.key.lastIndexOf('\\') + 1).toLowerCase());
      context.report({ messageId: 'enrolled', resource: e.key, data: { provider: e.providerId ?? 'unknown' } });
    }
    for (const a of mdmEnrollment.omadmAccounts) {
      if (!ids.has(a.slice(a.lastIndexOf('\\') + 1).toLowerCase())) context.report({ messageId: 'account', resource: a });
    }
  },
});
