import { defineRule } from '../../src/engine/define.js';
import { unknownIfHomeScanIncomplete } from './lib/completeness.js';
import { CHECKED_CLOUD_INIT, CHECKED_WAAGENT, deprovisionedUser, deprovisions, waagentStateExample } from './lib/provisioning.js';

const facts = (history: { path: string; user: string }[], truncated?: string) => ({
  homeFiles: { homes: 3, history, authorizedKeys: [], secrets: [], unreadable: [], ...(truncated ? { truncated } : {}) },
  waagentState: waagentStateExample('azureuser'),
});

export default defineRule({
  id: 'L044',
  alias: 'shell-history',
  title: 'No shell or tool history files are left in home directories',
  platform: 'linux',
  severity: 'warning',
  facts: ['homeFiles', 'waagentState'],
  messages: {
    history: '{resource} is a non-empty history file; commands typed on the build VM (with any secrets in them) ship in the image',
  },
  rationale:
    'History files keep commands with passwords, tokens and host names. Marketplace image tests require bash history to be cleared. ' +
    "waagent -deprovision deletes only /root/.bash_history; +user deletes the provisioned user's home, nobody else's.",
  remediation:
    'Delete the files (`rm -f /root/.bash_history /home/*/.bash_history …`), then in the capturing shell `history -c; export HISTSIZE=0` and log out.',
  references: [
    {
      title: 'Azure Marketplace VM image self-test, TestID 48 (bash history)',
      url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test',
    },
    {
      title: "WALinuxAgent deprovision/default.py: files = ['/root/.bash_history', …]",
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
    CHECKED_WAAGENT,
    CHECKED_CLOUD_INIT,
  ],
  examples: {
    pass: [{ description: 'no history files', facts: facts([]) }],
    fail: [
      {
        description: "only root's bash history, which waagent deletes (info)",
        facts: facts([{ path: '/root/.bash_history', user: 'root' }]),
        settings: { generalizer: 'waagent' },
        messageIds: ['history'],
        resources: ['/root/.bash_history'],
      },
      {
        description: "the provisioned user's history, deleted with its home (info)",
        facts: facts([{ path: '/home/azureuser/.bash_history', user: 'azureuser' }]),
        settings: { generalizer: 'waagent+user' },
        messageIds: ['history'],
        resources: ['/home/azureuser/.bash_history'],
      },
      {
        description: "another user's history",
        facts: facts([{ path: '/home/builder/.bash_history', user: 'builder' }]),
        settings: { generalizer: 'waagent+user' },
        messageIds: ['history'],
        resources: ['/home/builder/.bash_history'],
      },
      {
        description: "root's history without waagent",
        facts: facts([{ path: '/root/.bash_history', user: 'root' }]),
        settings: { generalizer: 'cloud-init' },
        messageIds: ['history'],
        resources: ['/root/.bash_history'],
      },
      {
        description: 'found before the scan was cut short',
        facts: facts([{ path: '/home/a/.zsh_history', user: '' }], 'stopped after 1000 home directories'),
        messageIds: ['history'],
        resources: ['/home/a/.zsh_history'],
      },
    ],
  },
  check({ homeFiles, waagentState }, context) {
    const removed = deprovisionedUser(waagentState, context.settings.generalizer);
    for (const f of homeFiles.history) {
      const cleaned = (removed && f.user === removed) || (f.path === '/root/.bash_history' && deprovisions(context.settings.generalizer));
      context.report({ messageId: 'history', resource: f.path, ...(cleaned ? { cleanedBy: [context.settings.generalizer] } : {}) });
    }
    unknownIfHomeScanIncomplete(homeFiles, context);
  },
});
