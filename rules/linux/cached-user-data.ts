import { defineRule } from '../../src/engine/define.js';
import { CHECKED_CLOUD_INIT, CHECKED_WAAGENT, deprovisions, provisioningExample, waagentStateExample } from './lib/provisioning.js';

const facts = (userData: string[], customData: boolean) => ({
  provisioning: provisioningExample({ cloudInit: { userData } }),
  waagentState: waagentStateExample(null, { ovfEnv: { path: '/var/lib/waagent/ovf-env.xml', userName: 'azureuser', customData } }),
});

export default defineRule({
  id: 'L076',
  alias: 'cached-user-data',
  title: 'No cached user-data or CustomData is left',
  platform: 'linux',
  severity: 'warning',
  facts: ['provisioning', 'waagentState'],
  messages: {
    userData: "{resource} holds the build instance's user-data",
    customData: "{resource} holds the build VM's CustomData (waagent redacts only the password)",
  },
  rationale: 'User-data and Azure CustomData often carry passwords, tokens and bootstrap scripts; waagent keeps CustomData in ovf-env.xml.',
  remediation:
    '`cloud-init clean --seed` (plain `cloud-init clean` keeps /var/lib/cloud/seed) and `waagent -deprovision` (removes /var/lib/waagent); rotate any secret that was in the data.',
  references: [
    { title: 'cloud-init cmd/clean.py ("Remove cloud-init seed directory")', url: 'https://github.com/canonical/cloud-init/blob/main/cloudinit/cmd/clean.py' },
    {
      title: 'WALinuxAgent protocol/util.py (only <UserPassword> is redacted)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/protocol/util.py',
    },
    CHECKED_WAAGENT,
    CHECKED_CLOUD_INIT,
  ],
  examples: {
    pass: [{ description: 'no cached user data', facts: facts([], false), settings: { generalizer: 'none' } }],
    fail: [
      {
        description: 'CustomData removed by deprovision (info)',
        facts: facts([], true),
        settings: { generalizer: 'waagent' },
        messageIds: ['customData'],
        resources: ['/var/lib/waagent/ovf-env.xml'],
      },
      {
        description: 'cached user-data',
        facts: facts(['/var/lib/cloud/instances/i-1/user-data.txt'], false),
        settings: { generalizer: 'none' },
        messageIds: ['userData'],
        resources: ['/var/lib/cloud/instances/i-1/user-data.txt'],
      },
      {
        description: 'CustomData without waagent',
        facts: facts([], true),
        settings: { generalizer: 'none' },
        messageIds: ['customData'],
        resources: ['/var/lib/waagent/ovf-env.xml'],
      },
    ],
  },
  check({ provisioning, waagentState }, context) {
    const g = context.settings.generalizer;
    // Plain `cloud-init clean` removes /var/lib/cloud except seed/, which needs --seed.
    for (const path of provisioning.cloudInit.userData) {
      const cleaned = g === 'cloud-init' && path.startsWith('/var/lib/cloud/instances/');
      context.report({ messageId: 'userData', resource: path, ...(cleaned ? { cleanedBy: [g] } : {}) });
    }
    if (waagentState.ovfEnv?.customData)
      context.report({ messageId: 'customData', resource: waagentState.ovfEnv.path, ...(deprovisions(g) ? { cleanedBy: [g] } : {}) });
  },
});
