import { defineRule } from '../../src/engine/define.js';
import { isRegularUser } from './lib/accounts.js';
import { CHECKED_WAAGENT, waagentStateExample } from './lib/provisioning.js';

const builder = {
  localAccounts: {
    path: '/etc/passwd',
    users: [
      { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
      { name: 'builder', uid: 1000, gid: 1000, home: '/home/builder', shell: '/bin/bash' },
    ],
  },
};
const noUsers = { localAccounts: { path: '/etc/passwd', users: [{ name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' }] } };
const state = (ovfEnv: { path: string; userName: string; customData: boolean } | null, present = true) =>
  waagentStateExample(null, { present, provisioned: false, ovfEnv });

export default defineRule({
  id: 'L024',
  alias: 'deprovision-user-unknown',
  title: 'waagent -deprovision+user can find the user it is meant to delete',
  platform: 'linux',
  severity: 'error',
  facts: ['waagentState', 'localAccounts'],
  messages: {
    missing: '{resource} is missing; deprovision+user prints "Skip delete user" and {accounts}, with home, keys and history, ship',
    noUser: '{resource} names no <UserName>; deprovision+user deletes no account, and {accounts} ship',
  },
  rationale:
    '+user deletes only the user named in /var/lib/waagent/ovf-env.xml. When that file is absent (image built on Hyper-V, KVM or ' +
    'VMware, or Lib.Dir already wiped), +user silently behaves like plain -deprovision. That matters only when a regular account ' +
    '(uid 1000–65533) exists: on an image where none was ever created (as Debian 12 is right after its packages are installed) ' +
    'waagent 2.7.3.0 prints "Skip delete user" and nothing is left behind, so the rule passes.',
  remediation: 'Delete the build account yourself before capture: `userdel -r <builder>`; or provision the build VM on Azure so that ovf-env.xml names it.',
  references: [
    {
      title: 'WALinuxAgent: pa/deprovision/default.py del_user ("WARNING! Skip delete user.")',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [
      {
        description: 'ovf-env.xml names the user',
        facts: { ...builder, waagentState: state({ path: '/var/lib/waagent/ovf-env.xml', userName: 'azureuser', customData: false }) },
        settings: { generalizer: 'waagent+user' },
      },
      {
        description: 'no ovf-env.xml, but no regular account either: nothing to delete',
        facts: { ...noUsers, waagentState: state(null, false) },
        settings: { generalizer: 'waagent+user' },
      },
    ],
    fail: [
      {
        description: 'built on Hyper-V, no ovf-env.xml',
        facts: { ...builder, waagentState: state(null, false) },
        settings: { generalizer: 'waagent+user' },
        messageIds: ['missing'],
        resources: ['/var/lib/waagent/ovf-env.xml'],
      },
      {
        description: 'ovf-env.xml without a user name',
        facts: { ...builder, waagentState: state({ path: '/var/lib/waagent/ovf-env.xml', userName: '', customData: false }) },
        settings: { generalizer: 'waagent+user' },
        messageIds: ['noUser'],
        resources: ['/var/lib/waagent/ovf-env.xml'],
      },
    ],
  },
  check({ waagentState, localAccounts }, context) {
    if (context.settings.generalizer !== 'waagent+user') return context.notApplicable('applies when the generalizer is waagent -deprovision+user');
    const ovf = waagentState.ovfEnv;
    if (ovf?.userName) return;
    const users = localAccounts.users.filter(isRegularUser).map((u) => u.name);
    if (users.length === 0) return;
    const accounts = `the account${users.length > 1 ? 's' : ''} ${users.join(', ')}`;
    if (!ovf) context.report({ messageId: 'missing', resource: `${waagentState.libDir}/ovf-env.xml`, data: { accounts } });
    else context.report({ messageId: 'noUser', resource: ovf.path, data: { accounts } });
  },
});
