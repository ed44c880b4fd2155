import { z } from 'zod';
import { defineGroup } from '../define.js';
import { int } from './shared.js';

/** Cloud device identity: Entra ID join and MDM enrollment. Derived from the live probe's raw registry reads (src/platforms/windows/live.ts), as offline. */
export const entraMdmFacts = {
  entraJoin: defineGroup({
    platforms: ['windows'],
    description:
      'Entra ID (Azure AD) device join: subkeys of HKLM\\SYSTEM\\CurrentControlSet\\Control\\CloudDomainJoin\\JoinInfo and TenantInfo (the registry side of NetGetAadJoinInformation).',
    schema: z.object({
      joins: z.array(z.object({ key: z.string(), tenantId: z.string().nullable(), userEmail: z.string().nullable() })),
      tenants: z.array(z.object({ tenantId: z.string(), displayName: z.string().nullable(), mdmEnrollmentUrl: z.string().nullable() })),
    }),
  }),
  mdmEnrollment: defineGroup({
    platforms: ['windows'],
    description:
      'MDM enrollments: HKLM\\SOFTWARE\\Microsoft\\Enrollments\\<GUID> (EnrollmentState, EnrollmentType, ProviderID, UPN) and HKLM\\SOFTWARE\\Microsoft\\Provisioning\\OMADM\\Accounts.',
    schema: z.object({
      enrollments: z.array(
        z.object({
          key: z.string(),
          enrollmentState: int.nullable(),
          enrollmentType: int.nullable(),
          providerId: z.string().nullable(),
          upn: z.string().nullable(),
        }),
      ),
      omadmAccounts: z.array(z.string()),
    }),
  }),
};
