import { defineRule } from '../../src/engine/define.js';

// The NAT "Default Switch" of Windows 10/11 is recreated by the host service on every boot.
const DEFAULT_SWITCH = 'c08cb7b8-9b3c-408e-8e30-5e16a3aeb444';

export default defineRule({
  id: 'W029',
  alias: 'hyperv-virtual-switch',
  title: 'The Hyper-V role has no virtual switches',
  platform: 'windows',
  severity: 'warning',
  facts: ['hyperV'],
  messages: { vswitch: 'Hyper-V virtual switch "{resource}" ({id}) exists' },
  rationale: 'Sysprep supports the Hyper-V role but not its virtual networks: "You must delete any virtual networks before you run the Sysprep tool."',
  remediation: '`Get-VMSwitch | Remove-VMSwitch -Force`, and create the switches after deployment.',
  references: [
    { title: 'Sysprep support for server roles', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-support-for-server-roles' },
  ],
  examples: {
    pass: [{ description: 'only the default switch', facts: { hyperV: { switches: [{ name: 'Default Switch', id: DEFAULT_SWITCH }] } } }],
    fail: [
      {
        description: 'an external switch',
        facts: { hyperV: { switches: [{ name: 'External', id: '9f0b6a4e-1111-2222-3333-444455556666' }] } },
        messageIds: ['vswitch'],
        resources: ['External'],
      },
    ],
  },
  check({ hyperV }, context) {
    for (const s of hyperV.switches) {
      if (s.id.toLowerCase() !== DEFAULT_SWITCH) context.report({ messageId: 'vswitch', resource: s.name, data: { id: s.id } });
    }
  },
});
