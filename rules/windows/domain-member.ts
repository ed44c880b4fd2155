import { defineRule } from '../../src/rules/define.js';

export default defineRule({
  id: 'W001',
  alias: 'domain-member',
  title: 'The machine is in a workgroup, not joined to an Active Directory domain',
  platform: 'windows',
  severity: 'error',
  facts: ['computerSystem'],
  messages: {
    joined: 'the machine is joined to domain {domain} (Win32_ComputerSystem.PartOfDomain = True, DomainRole = {role})',
  },
  rationale:
    'Sysprep runs only on a workgroup member. On a domain member it removes the machine from the domain, and the image ' +
    'keeps domain policy residue such as the password policy.',
  remediation:
    'Leave the domain before generalizing: `Remove-Computer -WorkgroupName WORKGROUP -UnjoinDomainCredential (Get-Credential) -Force -Restart`, ' +
    'then delete the stale computer object; join each clone after deployment.',
  references: [
    { title: 'Sysprep (Generalize) a Windows installation: limitations', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview' },
    { title: 'Win32_ComputerSystem class', url: 'https://learn.microsoft.com/windows/win32/cimwin32prov/win32-computersystem' },
  ],
  examples: {
    pass: [
      {
        description: 'a workgroup server',
        facts: { computerSystem: { name: 'BUILD01', partOfDomain: false, domain: 'WORKGROUP', workgroup: 'WORKGROUP', domainRole: 2, hypervisorPresent: true, manufacturer: 'Microsoft Corporation', model: 'Virtual Machine' } },
      },
    ],
    fail: [
      {
        description: 'a member server',
        facts: { computerSystem: { name: 'BUILD01', partOfDomain: true, domain: 'corp.example.com', workgroup: null, domainRole: 3, hypervisorPresent: true, manufacturer: 'Microsoft Corporation', model: 'Virtual Machine' } },
        messageIds: ['joined'],
      },
    ],
  },
  check({ computerSystem }, context) {
    // Domain controllers (roles 4 and 5) are W002's finding.
    if (computerSystem.partOfDomain && computerSystem.domainRole !== 4 && computerSystem.domainRole !== 5) {
      context.report({ messageId: 'joined', resource: `domain ${computerSystem.domain}`, data: { domain: computerSystem.domain, role: computerSystem.domainRole } });
    }
  },
});
