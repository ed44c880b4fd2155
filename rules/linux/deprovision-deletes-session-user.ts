import { defineRule } from '../../src/engine/define.js';
import { CHECKED_WAAGENT, waagentStateExample } from './lib/provisioning.js';

const state = (userName: string) => waagentStateExample(userName);
const session = (sudoUser: string, loginUsers: string[]) => ({ user: 'root', uid: 0, sudoUser, loginUsers, ancestors: [] });

export default defineRule({
  id: 'L023',
  alias: 'deprovision-deletes-session-user',
  title: 'waagent -deprovision+user would not delete the account you are logged in as',
  platform: 'linux',
  severity: 'warning',
  facts: ['waagentState', 'session'],
  messages: {
    session: 'account {resource} runs this session and is the user deprovision+user deletes (<UserName> in {ovf})',
  },
  rationale:
    "The analogue of Sysprep's refusal to run in the System-account context: `userdel -f -r` removes the session user's home under " +
    'the running session; with DeleteRootPassword=y the VM becomes unreachable, and later steps such as `rm ~/.bash_history` hit a deleted home.',
  remediation:
    'Make it the last command of the session (`sudo waagent -force -deprovision+user && sudo shutdown -h now`), or run it from a separate break-glass account or the serial console.',
  references: [
    {
      title: 'WALinuxAgent: common/osutil/default.py del_account (userdel -f -r)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/common/osutil/default.py',
    },
    { title: 'WALinuxAgent: pa/deprovision/default.py', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py' },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [
      {
        description: 'run from a separate account',
        facts: { waagentState: state('azureuser'), session: session('breakglass', ['breakglass']) },
        settings: { generalizer: 'waagent+user' },
      },
    ],
    fail: [
      {
        description: 'sudo from the provisioned user',
        facts: { waagentState: state('azureuser'), session: session('azureuser', ['azureuser']) },
        settings: { generalizer: 'waagent+user' },
        messageIds: ['session'],
        resources: ['azureuser'],
      },
    ],
  },
  check({ waagentState, session }, context) {
    if (context.settings.generalizer !== 'waagent+user') return context.notApplicable('only waagent -deprovision+user deletes an account');
    const user = waagentState.ovfEnv?.userName;
    if (!user) return;
    const mine = [session.sudoUser || session.user, ...session.loginUsers];
    if (mine.includes(user)) context.report({ messageId: 'session', resource: user, data: { ovf: waagentState.ovfEnv?.path ?? '' } });
  },
});
