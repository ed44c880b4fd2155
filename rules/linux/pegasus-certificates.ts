import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { stateExample, stateFiles } from './lib/state.js';

export default defineRule({
  id: 'L099',
  alias: 'pegasus-certificates',
  title: 'No OpenPegasus key or certificate of the build VM is left in /etc/Pegasus',
  platform: 'linux',
  severity: 'warning',
  facts: ['serviceState'],
  messages: { cert: "{resource} is OpenPegasus's TLS material made for the build VM; every clone's CIM server would present the same" },
  rationale:
    "The OpenPegasus CIM server (tog-pegasus) generates its TLS key and certificate in /etc/Pegasus when it is installed. Clones would share the builder's private key and its certificate's name.",
  remediation:
    'Delete them and let each clone generate its own: `rm -f /etc/Pegasus/*.pem /etc/Pegasus/*.crt /etc/Pegasus/*.csr /etc/Pegasus/*.srl /etc/Pegasus/*.cnf`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep logfiles operation (Pegasus certificates and other files)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_logfiles.ml',
    },
  ],
  examples: {
    pass: [{ description: 'none', facts: stateExample() }],
    fail: [
      {
        description: 'the server key and certificate',
        facts: stateExample('/etc/Pegasus/*.pem', ['/etc/Pegasus/file.pem', 1679], ['/etc/Pegasus/server.pem', 1273]),
        messageIds: ['cert', 'cert'],
        resources: ['/etc/Pegasus/file.pem', '/etc/Pegasus/server.pem'],
      },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, ['/etc/Pegasus'], (p) => p.startsWith('/etc/Pegasus/'), context))
      context.report({ messageId: 'cert', resource: shownPath(f.path) });
  },
});
