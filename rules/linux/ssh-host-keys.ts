import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import {
  CHECKED_CLOUD_INIT,
  CHECKED_WAAGENT,
  CLOUD_INIT_ON,
  cloudInitOn,
  cloudInitSetting,
  deprovisions,
  isFalse,
  provisioningExample,
  waagentSwitch,
} from './lib/provisioning.js';

const keys = {
  keys: [
    { path: '/etc/ssh/ssh_host_ed25519_key', size: 399 },
    { path: '/etc/ssh/ssh_host_rsa_key', size: 2590 },
  ],
};

export default defineRule({
  id: 'L038',
  alias: 'ssh-host-keys',
  title: 'SSH host keys are removed or regenerated for each clone',
  platform: 'linux',
  severity: 'error',
  facts: ['sshHostKeys', 'provisioning'],
  messages: {
    shipped: '{resource} would ship to every clone: nothing deletes or regenerates it ({why})',
  },
  rationale:
    'Clones with the same host keys can impersonate each other (man in the middle) and confuse known_hosts. waagent deletes them ' +
    'only with Provisioning.RegenerateSshHostKeyPair=y (code default n, Ubuntu ships n); cloud-init regenerates them at first ' +
    'boot unless ssh_deletekeys is false. Keys that one of these will replace are not reported.',
  remediation:
    'Delete them before capture (`rm -f /etc/ssh/ssh_host_*`) and make sure something regenerates them at boot (cloud-init, or `ssh-keygen -A` in a first-boot unit).',
  references: [
    {
      title: 'WALinuxAgent: pa/deprovision/default.py (host keys only with RegenerateSshHostKeyPair)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    { title: 'cloud-init: config/cc_ssh.py (ssh_deletekeys)', url: 'https://github.com/canonical/cloud-init/blob/main/cloudinit/config/cc_ssh.py' },
    CHECKED_WAAGENT,
    CHECKED_CLOUD_INIT,
  ],
  examples: {
    pass: [
      { description: 'no host keys', facts: { sshHostKeys: { keys: [] }, provisioning: provisioningExample({}) } },
      { description: 'cloud-init regenerates them', facts: { sshHostKeys: keys, provisioning: provisioningExample({ cloudInit: CLOUD_INIT_ON }) } },
      {
        description: 'waagent deletes them',
        facts: { sshHostKeys: keys, provisioning: provisioningExample({ settings: { 'Provisioning.RegenerateSshHostKeyPair': 'y' } }) },
        settings: { generalizer: 'waagent+user' },
      },
    ],
    fail: [
      {
        description: 'waagent with the Ubuntu default n',
        facts: { sshHostKeys: keys, provisioning: provisioningExample({ settings: { 'Provisioning.RegenerateSshHostKeyPair': 'n' } }) },
        settings: { generalizer: 'waagent+user' },
        messageIds: ['shipped', 'shipped'],
        resources: ['/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_rsa_key'],
      },
    ],
  },
  check({ sshHostKeys, provisioning }, context) {
    if (sshHostKeys.keys.length === 0) return;
    const deleteKeys = cloudInitSetting(provisioning, 'ssh_deletekeys');
    if (cloudInitOn(provisioning) && !(deleteKeys && isFalse(deleteKeys.value))) return;
    if (deprovisions(context.settings.generalizer) && waagentSwitch(provisioning, 'Provisioning.RegenerateSshHostKeyPair', false)) return;
    const why = deprovisions(context.settings.generalizer)
      ? 'waagent.conf has Provisioning.RegenerateSshHostKeyPair=n or unset'
      : cloudInitOn(provisioning)
        ? 'cloud-init has ssh_deletekeys: false'
        : `no cloud-init, generalizer ${context.settings.generalizer}`;
    for (const k of sshHostKeys.keys) context.report({ messageId: 'shipped', resource: shownPath(k.path), data: { why } });
  },
});
