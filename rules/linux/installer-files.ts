import { defineRule } from '../../src/engine/define.js';
import { stateExample, stateFiles, stateGlob } from './lib/state.js';

const KICKSTARTS = ['/root/anaconda-ks.cfg', '/root/original-ks.cfg', '/root/initial-setup-ks.cfg'];
const LOGS = ['/root/anaconda-post.log', '/root/install.log', '/root/install.log.syslog'];

export default defineRule({
  id: 'L096',
  alias: 'installer-files',
  title: "The installer's kickstart and logs of the build VM are not left in /root",
  platform: 'linux',
  severity: 'warning',
  facts: ['serviceState'],
  messages: {
    kickstart: "{resource} is the kickstart of the build VM's installation; it records the root password (hash) and any other password given to the installer",
    log: "{resource} is a log of the build VM's installation",
  },
  rationale:
    'Anaconda saves the kickstart of the installation in /root (anaconda-ks.cfg, and original-ks.cfg or initial-setup-ks.cfg), with the rootpw and user lines as given, and older ' +
    'releases also its logs (install.log, anaconda-post.log). In an image they tell every clone how the builder was set up, password hashes included. The kickstarts are ' +
    'reported as a warning, the logs, which hold no password, as info.',
  remediation:
    'Delete them: `rm -f /root/anaconda-ks.cfg /root/original-ks.cfg /root/initial-setup-ks.cfg /root/anaconda-post.log /root/install.log /root/install.log.syslog`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep logfiles operation (yum installation files)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_logfiles.ml',
    },
    { title: 'Anaconda: kickstart documentation (rootpw)', url: 'https://pykickstart.readthedocs.io/en/latest/kickstart-docs.html#rootpw' },
  ],
  examples: {
    pass: [{ description: 'none', facts: stateExample() }],
    fail: [
      {
        description: 'the saved kickstart and the post-install log',
        facts: {
          serviceState: {
            globs: [
              stateGlob('/root/anaconda-ks.cfg', ['/root/anaconda-ks.cfg', 1322]),
              stateGlob('/root/anaconda-post.log', ['/root/anaconda-post.log', 211]),
            ],
            unreadable: [],
          },
        },
        messageIds: ['kickstart', 'log'],
        resources: ['/root/anaconda-ks.cfg', '/root/anaconda-post.log'],
      },
    ],
    unknown: [
      {
        description: 'run as a user who cannot search /root',
        facts: { serviceState: { globs: [], unreadable: ['/root'] } },
        reason: '/root could not be searched',
      },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, [...KICKSTARTS, ...LOGS], (p) => KICKSTARTS.includes(p) || LOGS.includes(p), context)) {
      if (KICKSTARTS.includes(f.path)) context.report({ messageId: 'kickstart', resource: f.path });
      else context.report({ messageId: 'log', resource: f.path, severity: 'info' });
    }
  },
});
