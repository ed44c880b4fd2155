import { defineRule } from '../../src/engine/define.js';
import { CHECKED_WAAGENT } from './lib/provisioning.js';
import { shownPath } from './lib/paths.js';

export default defineRule({
  id: 'L020',
  alias: 'waagent-secrets',
  title: "waagent's Lib.Dir holds no certificates, extension settings or ovf-env.xml",
  platform: 'linux',
  severity: 'error',
  facts: ['waagentState'],
  messages: {
    privateKey: '{resource} is a tenant certificate private key',
    settings: '{resource} holds extension (protected) settings',
    ovfEnv: '{resource} keeps the provisioned user name and CustomData (only the password is redacted)',
  },
  rationale:
    'waagent keeps tenant certificate private keys (*.prv), extension settings (which may hold protected settings) and ovf-env.xml ' +
    '(user name and CustomData) in /var/lib/waagent. Copied into an image, they leak to every VM.',
  remediation: 'Run `sudo waagent -deprovision+user` before capture; never copy /var/lib/waagent into an image.',
  references: [
    {
      title: 'WALinuxAgent: pa/deprovision/default.py (deletes Lib.Dir)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    {
      title: 'WALinuxAgent: common/protocol/util.py ("Remove password before save it to the disk")',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/protocol/util.py',
    },
    CHECKED_WAAGENT,
  ],
  cleanedBy: ['waagent', 'waagent+user'],
  examples: {
    pass: [
      {
        description: 'an empty Lib.Dir',
        facts: { waagentState: { libDir: '/var/lib/waagent', present: true, provisioned: false, ovfEnv: null, secrets: [] } },
      },
    ],
    fail: [
      {
        description: 'a provisioned VM with an extension',
        facts: {
          waagentState: {
            libDir: '/var/lib/waagent',
            present: true,
            provisioned: true,
            ovfEnv: { path: '/var/lib/waagent/ovf-env.xml', userName: 'azureuser', customData: false },
            secrets: [
              { path: '/var/lib/waagent/8F2D4C1A9B7E6D5C4B3A2918F7E6D5C4B3A29180.prv', size: 1704 },
              { path: '/var/lib/waagent/ovf-env.xml', size: 2210 },
              { path: '/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/config/0.settings', size: 1893 },
            ],
          },
        },
        messageIds: ['privateKey', 'ovfEnv', 'settings'],
        resources: [
          '/var/lib/waagent/8F2D4C1A9B7E6D5C4B3A2918F7E6D5C4B3A29180.prv',
          '/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/config/0.settings',
          '/var/lib/waagent/ovf-env.xml',
        ],
      },
    ],
  },
  check({ waagentState }, context) {
    for (const f of waagentState.secrets) {
      const messageId = f.path.endsWith('.prv') ? 'privateKey' : f.path.endsWith('.settings') ? 'settings' : 'ovfEnv';
      context.report({ messageId, resource: shownPath(f.path) });
    }
  },
});
