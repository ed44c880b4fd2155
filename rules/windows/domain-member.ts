import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

export default defineRule({
  id: 'W001',
  alias: 'domain-member',
  title: 'The machine is in a workgroup, not joined to an Active Directory domain',
  platform: 'windows',
  severity: 'warning',
  facts: ['computerSystem'],
  messages: {
    joined: 'the machine is joined to domain {domain} ({evidence})',
  },
  rationale:
    '"The Sysprep tool runs only if the PC is a member of a workgroup, not a domain. If the PC is joined to a domain, Sysprep removes ' +
    'the PC from the domain." The image loses the membership and keeps domain policy residue such as the password policy (W003).',
  remediation:
    'Leave the domain before generalizing: `Remove-Computer -WorkgroupName WORKGROUP -UnjoinDomainCredential (Get-Credential) -Force -Restart`, ' +
    'then delete the stale computer object; join each clone after deployment.',
  references: [SYSPREP_OVERVIEW, { title: 'Win32_ComputerSystem class', url: 'https://learn.microsoft.com/windows/win32/cimwin32prov/win32-computersystem' }],
  examples: {
    pass: [
      {
        description: "a domain controller is W002's finding",
        facts: {
          computerSystem: {
            name: 'DC01',
            partOfDomain: true,
            domain: 'corp.example.com',
            workgroup: null,
            domainRole: 5,
            hypervisorPresent: true,
            manufacturer: null,
            model: null,
          },
        },
      },
      {
        description: 'a workgroup server',
        facts: {
          computerSystem: {
            name: 'BUILD01',
            partOfDomain: false,
            domain: 'WORKGROUP',
            workgroup: 'WORKGROUP',
            domainRole: 2,
            hypervisorPresent: true,
            manufacturer: 'Microsoft Corporation',
            model: 'Virtual Machine',
          },
        },
      },
    ],
    fail: [
      {
        description: 'a member server',
        facts: {
          computerSystem: {
            name: 'BUILD01',
            partOfDomain: true,
            domain: 'corp.example.com',
            workgroup: null,
            domainRole: 3,
            hypervisorPresent: true,
            manufacturer: 'Microsoft Corporation',
            model: 'Virtual Machine',
          },
        },
        messageIds: ['joined'],
        resources: ['domain corp.example.com'],
      },
    ],
  },
  check({ computerSystem }, context) {
    // Domain controllers (roles 4 and 5) are W002's finding.
    if (computerSystem.partOfDomain && computerSystem.domainRole !== 4 && computerSystem.domainRole !== 5) {
      // Live, Win32_ComputerSystem says so; offline, the registry values the fact was derived from.
      const evidence = computerSystem.source ?? `Win32_ComputerSystem.PartOfDomain = True, DomainRole = ${computerSystem.domainRole}`;
      context.report({ messageId: 'joined', resource: `domain ${computerSystem.domain}`, data: { domain: computerSystem.domain, evidence } });
    }
  },
});
