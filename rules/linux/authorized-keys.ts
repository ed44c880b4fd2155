import { defineRule } from '../../src/engine/define.js';
import { unknownIfHomeScanIncomplete } from './lib/completeness.js';
import { CHECKED_WAAGENT, deprovisionedUser, waagentStateExample } from './lib/provisioning.js';

const facts = (authorizedKeys: { path: string; user: string; keys: number }[], unreadable: string[] = []) => ({
  homeFiles: { homes: 2, history: [], authorizedKeys, secrets: [], unreadable },
  waagentState: waagentStateExample('azureuser'),
});

export default defineRule({
  id: 'L045',
  alias: 'authorized-keys',
  title: 'No authorized_keys are baked into the image',
  platform: 'linux',
  severity: 'error',
  facts: ['homeFiles', 'waagentState'],
  messages: {
    keys: '{resource} authorizes {keys} SSH key(s); their owners could log in to every clone',
  },
  rationale:
    'A key in authorized_keys is a way into every VM made from the image. waagent never touches /root/.ssh; ' +
    "-deprovision+user removes only the provisioned user's home. Keys belong in provisioning (Azure SSH keys, cloud-init).",
  remediation: 'Remove the files (`rm -f /root/.ssh/authorized_keys /home/<user>/.ssh/authorized_keys`) and inject keys at provisioning.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep ssh-userdir operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_ssh_userdir.ml',
    },
    {
      title: 'Azure: prepare a generic Linux image ("Remove … public keys")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [{ description: 'no authorized_keys files', facts: facts([]) }],
    fail: [
      {
        description: "only the provisioned user's keys, removed by +user (info)",
        facts: facts([{ path: '/home/azureuser/.ssh/authorized_keys', user: 'azureuser', keys: 1 }]),
        settings: { generalizer: 'waagent+user' },
        messageIds: ['keys'],
        resources: ['/home/azureuser/.ssh/authorized_keys'],
      },
      {
        description: "root's keys",
        facts: facts([{ path: '/root/.ssh/authorized_keys', user: 'root', keys: 2 }]),
        settings: { generalizer: 'waagent+user' },
        messageIds: ['keys'],
        resources: ['/root/.ssh/authorized_keys'],
      },
      {
        description: "the provisioned user's keys with plain -deprovision",
        facts: facts([{ path: '/home/azureuser/.ssh/authorized_keys', user: 'azureuser', keys: 1 }]),
        settings: { generalizer: 'waagent' },
        messageIds: ['keys'],
        resources: ['/home/azureuser/.ssh/authorized_keys'],
      },
    ],
  },
  check({ homeFiles, waagentState }, context) {
    const removed = deprovisionedUser(waagentState, context.settings.generalizer);
    for (const f of homeFiles.authorizedKeys) {
      context.report({
        messageId: 'keys',
        resource: f.path,
        data: { keys: f.keys },
        ...(removed && f.user === removed ? { cleanedBy: [context.settings.generalizer] } : {}),
      });
    }
    unknownIfHomeScanIncomplete(homeFiles, context);
  },
});
