import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_ROLES } from './lib/references.js';

export default defineRule({
  id: 'W002',
  alias: 'domain-controller',
  title: 'The machine is not a domain controller',
  platform: 'windows',
  severity: 'error',
  facts: ['computerSystem'],
  messages: {
    dc: 'the machine is a domain controller of {domain} (Win32_ComputerSystem.DomainRole = {role})',
  },
  rationale: 'A domain controller cannot be generalized: Active Directory Domain Services does not support Sysprep in any scenario.',
  remediation:
    'Do not image domain controllers. Demote it first (`Uninstall-ADDSDomainController -DemoteOperationMasterRole -RemoveApplicationPartitions`) or promote DCs after deployment.',
  references: [
    SYSPREP_ROLES,
    {
      title: 'Virtualized domain controllers: do not run Sysprep on a domain controller',
      url: 'https://learn.microsoft.com/windows-server/identity/ad-ds/get-started/virtual-dc/virtualized-domain-controllers-hyper-v',
    },
  ],
  examples: {
    pass: [
      {
        description: "a member server is W001's finding, not this rule's",
        facts: {
          computerSystem: {
            name: 'APP01',
            partOfDomain: true,
            domain: 'corp.example.com',
            workgroup: null,
            domainRole: 3,
            hypervisorPresent: true,
            manufacturer: null,
            model: null,
          },
        },
      },
    ],
    fail: [
      {
        description: 'a primary domain controller',
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
        messageIds: ['dc'],
        resources: ['DC01 (Win32_ComputerSystem.DomainRole)'],
      },
    ],
  },
  check({ computerSystem }, context) {
    if (computerSystem.domainRole === 4 || computerSystem.domainRole === 5) {
      context.report({
        messageId: 'dc',
        resource: `${computerSystem.name} (Win32_ComputerSystem.DomainRole)`,
        data: { domain: computerSystem.domain, role: computerSystem.domainRole },
      });
    }
  },
});
