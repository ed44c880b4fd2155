import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { stateExample, stateFiles } from './lib/state.js';

export default defineRule({
  id: 'L097',
  alias: 'fingerprint-templates',
  title: 'No fingerprints enrolled on the build VM are left',
  platform: 'linux',
  severity: 'warning',
  facts: ['serviceState'],
  messages: { print: '{resource} is a fingerprint fprintd enrolled for {user} on the build VM' },
  rationale:
    'fprintd stores each enrolled finger as /var/lib/fprint/<user>/<driver>/<device>/<finger>: biometric data of a person, which an image hands to everyone who deploys it.',
  remediation: 'Delete the enrollments: `fprintd-delete <user>` for each user, or `rm -rf /var/lib/fprint/*`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep logfiles operation (fingerprint service files)',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_logfiles.ml',
    },
    { title: 'fprintd: file_storage.c (the storage layout)', url: 'https://gitlab.freedesktop.org/libfprint/fprintd/-/blob/master/src/file_storage.c' },
  ],
  examples: {
    pass: [{ description: 'none', facts: stateExample() }],
    fail: [
      {
        description: 'an enrolled right index finger',
        facts: stateExample('/var/lib/fprint/*/*/*/*', ['/var/lib/fprint/alice/synaptics/1/7', 9810]),
        messageIds: ['print'],
        resources: ['/var/lib/fprint/alice/synaptics/1/7'],
      },
    ],
    unknown: [
      {
        description: "fprintd's 0700 store, as a user who is not root",
        facts: { serviceState: { globs: [], unreadable: ['/var/lib/fprint'] } },
        reason: '/var/lib/fprint could not be searched',
      },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, ['/var/lib/fprint'], (p) => p.startsWith('/var/lib/fprint/'), context))
      context.report({ messageId: 'print', resource: shownPath(f.path), data: { user: f.path.split('/')[4] ?? '?' } });
  },
});
