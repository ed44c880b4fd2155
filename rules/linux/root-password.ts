import { defineRule } from '../../src/engine/define.js';
import { CHECKED_WAAGENT, deprovisions, provisioningExample, waagentSwitch } from './lib/provisioning.js';

export default defineRule({
  id: 'L041',
  alias: 'root-password',
  title: 'root has no usable password',
  platform: 'linux',
  severity: 'error',
  facts: ['passwordHashes', 'provisioning'],
  messages: {
    hash: 'root has a password hash in {resource}; every clone would accept the same root password',
    empty: 'root has an empty password field in {resource}; every clone would allow root without a password',
  },
  rationale:
    'A root password set on the build VM is the same on every clone, and an empty field means no password at all. ' +
    "waagent -deprovision locks root only when Provisioning.DeleteRootPassword=y, which is off in the agent's code default.",
  remediation:
    "Lock it: `passwd -l root` (or `usermod -p '*' root`), or set `Provisioning.DeleteRootPassword=y` in /etc/waagent.conf before `waagent -deprovision`.",
  references: [
    {
      title: 'WALinuxAgent deprovision/default.py: "root password will be disabled"',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    { title: 'Azure: prepare a generic Linux image', url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic' },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [
      {
        description: 'root locked',
        facts: { passwordHashes: { path: '/etc/shadow', entries: [{ name: 'root', state: 'locked' }], backups: [] }, provisioning: provisioningExample({}) },
      },
    ],
    fail: [
      {
        description: 'root has a hash and waagent will not lock it',
        facts: {
          passwordHashes: { path: '/etc/shadow', entries: [{ name: 'root', state: 'hash' }], backups: [] },
          provisioning: provisioningExample({ settings: { 'Provisioning.DeleteRootPassword': 'n' } }),
        },
        settings: { generalizer: 'waagent' },
        messageIds: ['hash'],
        resources: ['/etc/shadow'],
      },
      {
        description: 'root with an empty password field',
        facts: { passwordHashes: { path: '/etc/shadow', entries: [{ name: 'root', state: 'empty' }], backups: [] }, provisioning: provisioningExample({}) },
        messageIds: ['empty'],
        resources: ['/etc/shadow'],
      },
    ],
  },
  check({ passwordHashes, provisioning }, context) {
    const root = passwordHashes.entries.find((e) => e.name === 'root');
    if (!root || root.state === 'locked') return;
    if (deprovisions(context.settings.generalizer) && waagentSwitch(provisioning, 'Provisioning.DeleteRootPassword', false)) {
      context.notApplicable('waagent -deprovision will lock root (Provisioning.DeleteRootPassword=y in /etc/waagent.conf)');
      return;
    }
    context.report({ messageId: root.state, resource: passwordHashes.path });
  },
});
