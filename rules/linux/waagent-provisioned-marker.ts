import { defineRule } from '../../src/engine/define.js';
import { CHECKED_WAAGENT } from './lib/provisioning.js';

const state = (provisioned: boolean) => ({ libDir: '/var/lib/waagent', present: true, provisioned, ovfEnv: null, secrets: [] });

export default defineRule({
  id: 'L019',
  alias: 'waagent-provisioned-marker',
  title: "waagent's provisioned marker is not left in the image",
  platform: 'linux',
  severity: 'error',
  facts: ['waagentState'],
  messages: {
    provisioned: '{resource} exists; VMs created from the image would skip provisioning (no admin user, no SSH key)',
  },
  rationale:
    'waagent skips provisioning when /var/lib/waagent/provisioned exists ("Provisioning already completed, skipping."): new VMs ' +
    'get no admin user and no SSH key, and only the "unique identifier has changed" clean-up runs.',
  remediation: 'Run `sudo waagent -deprovision+user` (or `-deprovision`) as the last step before capture; it deletes /var/lib/waagent.',
  references: [
    { title: 'WALinuxAgent: pa/provision/default.py', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/provision/default.py' },
    { title: 'Azure: generalize a VM', url: 'https://learn.microsoft.com/azure/virtual-machines/generalize' },
    CHECKED_WAAGENT,
  ],
  cleanedBy: ['waagent', 'waagent+user'],
  examples: {
    pass: [
      { description: 'no Lib.Dir', facts: { waagentState: { libDir: '/var/lib/waagent', present: false, provisioned: false, ovfEnv: null, secrets: [] } } },
      { description: 'Lib.Dir without the marker', facts: { waagentState: state(false) } },
    ],
    fail: [
      { description: 'a provisioned Azure VM', facts: { waagentState: state(true) }, messageIds: ['provisioned'], resources: ['/var/lib/waagent/provisioned'] },
    ],
  },
  check({ waagentState }, context) {
    if (waagentState.provisioned) context.report({ messageId: 'provisioned', resource: `${waagentState.libDir}/provisioned` });
  },
});
