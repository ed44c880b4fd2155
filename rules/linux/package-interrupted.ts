import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L070',
  alias: 'package-interrupted',
  title: 'No package installation was left half done',
  platform: 'linux',
  severity: 'error',
  facts: ['packageState'],
  messages: {
    journal: '{resource} shows an interrupted package run',
    unfinished: 'package {resource} is in state {status}',
  },
  rationale: 'A dpkg or yum run that was interrupted leaves half-configured packages in every clone; later updates fail on them.',
  remediation: 'Finish it: `dpkg --configure -a && apt-get -f install` (Debian/Ubuntu) or `yum-complete-transaction` / `dnf history redo last` (RHEL).',
  references: [{ title: 'dpkg(1): --configure --pending and the audit of half-installed packages', url: 'https://man7.org/linux/man-pages/man1/dpkg.1.html' }],
  examples: {
    pass: [{ description: 'clean', facts: { packageState: { journal: [], unfinished: [] } } }],
    fail: [
      {
        description: 'dpkg journal',
        facts: { packageState: { journal: ['/var/lib/dpkg/updates/0001'], unfinished: [] } },
        messageIds: ['journal'],
        resources: ['/var/lib/dpkg/updates/0001'],
      },
      {
        description: 'half configured',
        facts: { packageState: { journal: [], unfinished: [{ package: 'linux-image-6.1.0-21-amd64', status: 'half-configured' }] } },
        messageIds: ['unfinished'],
        resources: ['linux-image-6.1.0-21-amd64'],
      },
    ],
  },
  check({ packageState }, context) {
    for (const path of packageState.journal) context.report({ messageId: 'journal', resource: path });
    for (const p of packageState.unfinished) context.report({ messageId: 'unfinished', resource: p.package, data: { status: p.status } });
  },
});
