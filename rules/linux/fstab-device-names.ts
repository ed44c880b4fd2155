import { defineRule } from '../../src/engine/define.js';
import { fstabEntries, storageExample } from './lib/storage.js';

const fstab = (content: string) => ({ storage: storageExample({ fstab: content }) });

export default defineRule({
  id: 'L057',
  alias: 'fstab-device-names',
  title: '/etc/fstab mounts by UUID, LABEL or PARTUUID, not kernel device names',
  platform: 'linux',
  severity: 'error',
  facts: ['storage'],
  messages: {
    device: '{resource} line {line} mounts {device} on {mount}; kernel device names change with disk order and controller',
  },
  rationale:
    '/dev/sdX and /dev/nvmeXnY follow probe order and the disk controller (SCSI or NVMe). A clone on another VM size can get ' +
    'other names and fail to boot or mount the wrong disk.',
  remediation: 'Replace the device with `UUID=` (see `blkid`), `LABEL=` or `PARTUUID=`.',
  references: [
    {
      title: 'Azure: prepare an Ubuntu image ("Don\'t use /dev/sd* or /dev/nvme* device names")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-ubuntu',
    },
  ],
  examples: {
    pass: [{ description: 'UUIDs', facts: fstab('UUID=0a1b2c3d-4e5f-6789-abcd-ef0123456789 / ext4 defaults 0 1\n') }],
    fail: [{ description: '/dev/sda1 as root', facts: fstab('/dev/sda1 / ext4 defaults 0 1\n'), messageIds: ['device'], resources: ['/etc/fstab'] }],
  },
  check({ storage }, context) {
    for (const e of fstabEntries(storage.fstab)) {
      if (/^\/dev\/((s|v|xv|h)d[a-z]+[0-9]*|nvme[0-9]+n[0-9]+(p[0-9]+)?|mmcblk[0-9]+(p[0-9]+)?)$/.test(e.spec)) {
        context.report({ messageId: 'device', resource: storage.fstab.path, data: { line: e.line, device: e.spec, mount: e.file } });
      }
    }
  },
});
