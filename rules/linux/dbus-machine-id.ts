import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L037',
  alias: 'dbus-machine-id',
  title: '/var/lib/dbus/machine-id is not a separate copy of the machine ID',
  platform: 'linux',
  severity: 'error',
  facts: ['machineId'],
  messages: {
    copy: '{resource} holds its own machine ID {id}; it survives emptying /etc/machine-id',
  },
  rationale:
    'D-Bus keeps its own copy of the machine ID on older systems. Emptying /etc/machine-id does not touch it, ' +
    "and systemd may seed the new ID from it at first boot, so every clone ends up with the builder's ID.",
  remediation: 'Replace the copy with a link: `rm -f /var/lib/dbus/machine-id && ln -s /etc/machine-id /var/lib/dbus/machine-id`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep machine-id operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_machine_id.ml',
    },
    { title: 'machine-id(5)', url: 'https://www.freedesktop.org/software/systemd/man/latest/machine-id.html' },
  ],
  examples: {
    pass: [
      {
        description: 'no D-Bus copy',
        facts: {
          machineId: {
            files: [
              { path: '/etc/machine-id', state: 'empty' },
              { path: '/var/lib/dbus/machine-id', state: 'missing' },
            ],
          },
        },
      },
    ],
    fail: [
      {
        description: 'a separate D-Bus copy',
        facts: { machineId: { files: [{ path: '/var/lib/dbus/machine-id', state: 'set', value: '4c4c4544004d3510804bb4c04f4e3432' }] } },
        messageIds: ['copy'],
        resources: ['/var/lib/dbus/machine-id'],
      },
    ],
  },
  check({ machineId }, context) {
    const file = machineId.files.find((f) => f.path === '/var/lib/dbus/machine-id');
    if (file?.state === 'set') context.report({ messageId: 'copy', resource: file.path, data: { id: file.value ?? '' } });
  },
});
