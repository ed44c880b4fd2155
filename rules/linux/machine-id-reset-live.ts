import { defineRule } from '../../src/engine/define.js';

const session = { user: 'root', uid: 0, sudoUser: 'builder', loginUsers: ['builder'], ancestors: [] };

export default defineRule({
  id: 'L022',
  alias: 'machine-id-reset-live',
  title: 'The machine ID is not already reset on the running system',
  platform: 'linux',
  severity: 'warning',
  facts: ['machineId', 'session'],
  messages: {
    reset: '{resource} is {state} on a running system; a reboot before capture regenerates it and undoes the reset',
  },
  rationale:
    '`cloud-init clean --machine-id` or a manual truncate has already run. Any reboot before the capture makes systemd generate ' +
    'a new machine ID, so the image is only partly generalized. Only a running system can show this.',
  remediation: 'Shut down and capture now; do not reboot between the reset and the capture.',
  references: [
    { title: 'cloud-init: cmd/clean.py (--machine-id)', url: 'https://github.com/canonical/cloud-init/blob/main/cloudinit/cmd/clean.py' },
    { title: 'machine-id(5)', url: 'https://www.freedesktop.org/software/systemd/man/latest/machine-id.html' },
  ],
  examples: {
    pass: [
      {
        description: 'a normal running system',
        facts: { machineId: { files: [{ path: '/etc/machine-id', state: 'set', value: '4c4c4544004d3510804bb4c04f4e3432' }] }, session },
      },
    ],
    fail: [
      {
        description: 'reset by cloud-init clean --machine-id',
        facts: { machineId: { files: [{ path: '/etc/machine-id', state: 'uninitialized' }] }, session },
        messageIds: ['reset'],
        resources: ['/etc/machine-id'],
      },
    ],
  },
  check({ machineId }, context) {
    const file = machineId.files.find((f) => f.path === '/etc/machine-id');
    if (file && file.state !== 'set') context.report({ messageId: 'reset', resource: file.path, data: { state: file.state } });
  },
});
