import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { stateExample, stateFiles } from './lib/state.js';

export default defineRule({
  id: 'L094',
  alias: 'dovecot-data',
  title: 'No Dovecot state of the build VM is left in /var/lib/dovecot',
  platform: 'linux',
  severity: 'info',
  facts: ['serviceState'],
  messages: { state: '{resource} is Dovecot state written on the build VM' },
  rationale:
    "Dovecot keeps its state directory in /var/lib/dovecot: the list of instances it ran, and in older releases the SSL parameters it generated (ssl-parameters.dat). The clones would start from the builder's.",
  remediation: 'Stop Dovecot and empty it: `systemctl stop dovecot; rm -f /var/lib/dovecot/*` (Dovecot recreates what it needs).',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep dovecot-data operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_dovecot_data.ml',
    },
  ],
  examples: {
    pass: [{ description: 'none', facts: stateExample() }],
    fail: [
      {
        description: 'the instance list and SSL parameters',
        facts: stateExample('/var/lib/dovecot/*', ['/var/lib/dovecot/instances', 46], ['/var/lib/dovecot/ssl-parameters.dat', 230]),
        messageIds: ['state', 'state'],
        resources: ['/var/lib/dovecot/instances', '/var/lib/dovecot/ssl-parameters.dat'],
      },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, ['/var/lib/dovecot'], (p) => p.startsWith('/var/lib/dovecot/'), context))
      context.report({ messageId: 'state', resource: shownPath(f.path) });
  },
});
