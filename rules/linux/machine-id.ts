import { defineRule } from '../../src/engine/define.js';
import { CHECKED_CLOUD_INIT } from './lib/provisioning.js';

export default defineRule({
  id: 'L036',
  alias: 'machine-id',
  title: '/etc/machine-id is empty before capture',
  platform: 'linux',
  severity: 'error',
  facts: ['machineId'],
  messages: {
    populated: '{resource} holds machine ID {id}; every clone would share it',
  },
  rationale:
    'systemd derives the DHCP client ID and DUID, the journal directory and the D-Bus machine ID from /etc/machine-id. ' +
    'Clones that share it are leased the same address and mix their logs. waagent -deprovision leaves it in place on most distributions ' +
    '(2.7.3.0 on Debian 12 keeps it). `cloud-init clean --machine-id` deletes the file in 22.4.2 (Debian 12), which systemd ' +
    'treats like an empty one at first boot, and writes "uninitialized" in later releases; either passes.',
  remediation: 'Empty it as the last step before shutdown: `truncate -s 0 /etc/machine-id` (or `cloud-init clean --machine-id`).',
  references: [
    { title: 'machine-id(5)', url: 'https://www.freedesktop.org/software/systemd/man/latest/machine-id.html' },
    { title: 'cloud-init clean --machine-id', url: 'https://cloudinit.readthedocs.io/en/latest/reference/cli.html#clean' },
    CHECKED_CLOUD_INIT,
  ],
  cleanedBy: ['cloud-init'],
  examples: {
    pass: [
      { description: 'an empty machine-id', facts: { machineId: { files: [{ path: '/etc/machine-id', state: 'empty' }] } } },
      { description: 'uninitialized, as cloud-init clean leaves it', facts: { machineId: { files: [{ path: '/etc/machine-id', state: 'uninitialized' }] } } },
    ],
    fail: [
      {
        description: 'a machine-id left from the build VM',
        facts: { machineId: { files: [{ path: '/etc/machine-id', state: 'set', value: '4c4c4544004d3510804bb4c04f4e3432' }] } },
        messageIds: ['populated'],
        resources: ['/etc/machine-id'],
      },
    ],
  },
  check({ machineId }, context) {
    const file = machineId.files.find((f) => f.path === '/etc/machine-id');
    if (file?.state === 'set') context.report({ messageId: 'populated', resource: file.path, data: { id: file.value ?? '' } });
  },
});
