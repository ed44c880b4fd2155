import { defineRule } from '../../src/engine/define.js';
import { isRegularUser } from './lib/accounts.js';
import { CHECKED_WAAGENT, waagentStateExample } from './lib/provisioning.js';

const state = waagentStateExample('azureuser');
const account = (name: string, uid: number) => ({ name, uid, gid: uid, home: `/home/${name}`, shell: '/bin/bash' });

export default defineRule({
  id: 'L025',
  alias: 'accounts-kept-by-deprovision',
  title: 'No local accounts that waagent -deprovision+user will not delete',
  platform: 'linux',
  severity: 'warning',
  facts: ['waagentState', 'localAccounts'],
  messages: {
    kept: 'account {resource} (uid {uid}, home {home}) is not the provisioned user; deprovision+user leaves it with its password, keys and history',
  },
  rationale:
    '+user deletes only the last provisioned (ovf-env.xml) user. Every other human account ships in the image with its password, ' + 'SSH keys and history.',
  remediation: 'Delete every account the clones do not need: `userdel -r <name>`.',
  references: [
    {
      title: 'Azure: generalize a VM ("The +user parameter also removes the last provisioned user account.")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
    },
    {
      title: 'Azure: prepare a generic Linux image ("Remove users and system accounts")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
    CHECKED_WAAGENT,
  ],
  waiverGuidance: 'Waive for service accounts the image needs on every clone (with no password and no keys).',
  examples: {
    pass: [
      {
        description: 'only the provisioned user',
        facts: { waagentState: state, localAccounts: { path: '/etc/passwd', users: [account('root', 0), account('azureuser', 1000)] } },
        settings: { generalizer: 'waagent+user' },
      },
    ],
    fail: [
      {
        description: 'a second admin account',
        facts: {
          waagentState: state,
          localAccounts: { path: '/etc/passwd', users: [account('root', 0), account('azureuser', 1000), account('packer', 1001)] },
        },
        settings: { generalizer: 'waagent+user' },
        messageIds: ['kept'],
        resources: ['packer'],
      },
    ],
  },
  check({ waagentState, localAccounts }, context) {
    if (context.settings.generalizer !== 'waagent+user') return context.notApplicable('only waagent -deprovision+user deletes an account');
    const user = waagentState.ovfEnv?.userName ?? '';
    for (const a of localAccounts.users.filter(isRegularUser)) {
      if (a.name !== user) context.report({ messageId: 'kept', resource: a.name, data: { uid: a.uid, home: a.home } });
    }
  },
});
