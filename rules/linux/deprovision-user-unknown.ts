import { defineRule } from '../../src/rules/define.js';
import { waagentStateExample } from './lib/provisioning.js';

const state = (ovfEnv: { path: string; userName: string; customData: boolean } | null, present = true) =>
  waagentStateExample(null, { present, provisioned: false, ovfEnv });

export default defineRule({
  id: 'L024',
  alias: 'deprovision-user-unknown',
  title: 'waagent -deprovision+user can find the user it is meant to delete',
  platform: 'linux',
  severity: 'error',
  facts: ['waagentState'],
  messages: {
    missing: '{resource} is missing; deprovision+user prints "Skip delete user" and the builder account, its home, keys and history all ship',
    noUser: '{resource} names no <UserName>; deprovision+user deletes no account',
  },
  rationale:
    '+user deletes only the user named in /var/lib/waagent/ovf-env.xml. When that file is absent (image built on Hyper-V, KVM or ' +
    'VMware, or Lib.Dir already wiped), +user silently behaves like plain -deprovision.',
  remediation: 'Delete the build account yourself before capture: `userdel -r <builder>`; or provision the build VM on Azure so that ovf-env.xml names it.',
  references: [
    { title: 'WALinuxAgent: pa/deprovision/default.py del_user ("WARNING! Skip delete user.")', url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py' },
  ],
  examples: {
    pass: [
      { description: 'ovf-env.xml names the user', facts: { waagentState: state({ path: '/var/lib/waagent/ovf-env.xml', userName: 'azureuser', customData: false }) }, settings: { generalizer: 'waagent+user' } },
    ],
    fail: [
      { description: 'built on Hyper-V, no ovf-env.xml', facts: { waagentState: state(null, false) }, settings: { generalizer: 'waagent+user' }, messageIds: ['missing'], resources: ['/var/lib/waagent/ovf-env.xml'] },
      { description: 'ovf-env.xml without a user name', facts: { waagentState: state({ path: '/var/lib/waagent/ovf-env.xml', userName: '', customData: false }) }, settings: { generalizer: 'waagent+user' }, messageIds: ['noUser'], resources: ['/var/lib/waagent/ovf-env.xml'] },
    ],
  },
  check({ waagentState }, context) {
    if (context.settings.generalizer !== 'waagent+user') return context.notApplicable('applies when the generalizer is waagent -deprovision+user');
    const ovf = waagentState.ovfEnv;
    if (!ovf) context.report({ messageId: 'missing', resource: `${waagentState.libDir}/ovf-env.xml` });
    else if (!ovf.userName) context.report({ messageId: 'noUser', resource: ovf.path });
  },
});
