import { defineRule } from '../../src/engine/define.js';
import { unknownIfHomeScanIncomplete } from './lib/completeness.js';
import { CHECKED_WAAGENT, deprovisionedUser, waagentStateExample } from './lib/provisioning.js';

const facts = (secrets: { path: string; user: string; kind: string }[]) => ({
  homeFiles: { homes: 2, history: [], authorizedKeys: [], secrets, unreadable: [] },
  waagentState: waagentStateExample('azureuser'),
});

export default defineRule({
  id: 'L046',
  alias: 'home-credentials',
  title: 'No private keys or cloud credentials are left in home directories',
  platform: 'linux',
  severity: 'error',
  facts: ['homeFiles', 'waagentState'],
  messages: {
    secret: '{resource} ({kind}) is a credential; everyone who deploys the image gets it',
  },
  rationale:
    'SSH private keys, Azure CLI token caches, AWS/GCP credentials, kubeconfigs, registry logins and .netrc/.pgpass files ' +
    "give access to other systems. Neither waagent nor cloud-init removes them (+user only deletes the provisioned user's home).",
  remediation: "Delete the files, run `az logout` (and the other CLIs' logout), and rotate every credential that was present.",
  references: [
    {
      title: 'Azure: generalize a VM ("doesn\'t guarantee that the image is cleared of all sensitive information")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
    },
    {
      title: 'Azure: prepare a generic Linux image ("Remove … sensitive data")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
    CHECKED_WAAGENT,
  ],
  examples: {
    pass: [{ description: 'nothing found', facts: facts([]) }],
    fail: [
      {
        description: "the provisioned user's key, removed with its home by +user (info)",
        facts: facts([{ path: '/home/azureuser/.ssh/id_ed25519', user: 'azureuser', kind: '.ssh/id_ed25519' }]),
        settings: { generalizer: 'waagent+user' },
        messageIds: ['secret'],
        resources: ['/home/azureuser/.ssh/id_ed25519'],
      },
      {
        description: 'an Azure CLI token cache',
        facts: facts([{ path: '/root/.azure/msal_token_cache.json', user: 'root', kind: '.azure/msal_token_cache.json' }]),
        messageIds: ['secret'],
        resources: ['/root/.azure/msal_token_cache.json'],
      },
    ],
  },
  check({ homeFiles, waagentState }, context) {
    const removed = deprovisionedUser(waagentState, context.settings.generalizer);
    for (const f of homeFiles.secrets) {
      context.report({
        messageId: 'secret',
        resource: f.path,
        data: { kind: f.kind },
        ...(removed && f.user === removed ? { cleanedBy: [context.settings.generalizer] } : {}),
      });
    }
    unknownIfHomeScanIncomplete(homeFiles, context);
  },
});
