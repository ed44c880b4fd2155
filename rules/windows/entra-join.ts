import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'W004',
  alias: 'entra-join',
  title: 'The machine is not joined to Entra ID (Azure AD), nor hybrid joined',
  platform: 'windows',
  severity: 'error',
  facts: ['entraJoin'],
  messages: {
    joined: '{resource} records an Entra ID device join to tenant {tenant}; every clone would carry this device identity',
  },
  rationale:
    'The device certificate and device ID of an Entra ID join are cloned into every instance, and Sysprep has no documented step that leaves Entra ID. ' +
    "(No Microsoft statement says Sysprep fails on a joined device; the severity is preseal's policy.)",
  remediation:
    'Leave Entra ID before generalizing: `dsregcmd /leave` (elevated), delete the device object in Entra ID / Intune, reboot; build images from VMs that were never joined.',
  references: [
    { title: 'DSREG_JOIN_TYPE enumeration (NetGetAadJoinInformation)', url: 'https://learn.microsoft.com/windows/win32/api/lmjoin/ne-lmjoin-dsreg_join_type' },
    { title: 'Troubleshoot devices by using the dsregcmd command', url: 'https://learn.microsoft.com/entra/identity/devices/troubleshoot-device-dsregcmd' },
  ],
  examples: {
    pass: [{ description: 'never joined', facts: { entraJoin: { joins: [], tenants: [] } } }],
    fail: [
      {
        description: 'Entra ID joined',
        facts: {
          entraJoin: {
            joins: [
              {
                key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\CloudDomainJoin\\JoinInfo\\8C3A1B2D4E5F60718293A4B5C6D7E8F901234567',
                tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
                userEmail: 'builder@contoso.com',
              },
            ],
            tenants: [{ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', displayName: 'Contoso', mdmEnrollmentUrl: null }],
          },
        },
        messageIds: ['joined'],
        resources: ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\CloudDomainJoin\\JoinInfo\\8C3A1B2D4E5F60718293A4B5C6D7E8F901234567'],
      },
    ],
  },
  check({ entraJoin }, context) {
    for (const j of entraJoin.joins) {
      const t = entraJoin.tenants.find((x) => x.tenantId.toLowerCase() === (j.tenantId ?? '').toLowerCase());
      const tenant = [t?.displayName, j.tenantId].filter(Boolean).join(' ') || 'unknown';
      context.report({ messageId: 'joined', resource: j.key, data: { tenant } });
    }
  },
});
