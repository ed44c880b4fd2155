import { defineRule } from '../../src/engine/define.js';
import { fstabEntries, storageExample } from './lib/storage.js';

const azure = { cloud: 'azure' };

const fstab = (content: string) => ({ storage: storageExample({ fstab: content }) });

export default defineRule({
  id: 'L059',
  alias: 'resource-disk-in-fstab',
  title: 'The Azure resource (temporary) disk is not hard-coded in /etc/fstab',
  platform: 'linux',
  severity: 'warning',
  cloud: 'azure',
  facts: ['storage'],
  messages: {
    resource: '{resource} line {line} mounts {device} on {mount}; the temporary disk may be missing or re-created empty',
  },
  rationale:
    'Many VM sizes have no temporary disk, and where there is one it can be re-created empty. A static entry races waagent and ' +
    'cloud-init, which mount it per VM. Lines cloud-init wrote (comment=cloudconfig) are left out.',
  remediation: 'Remove the line; let waagent (`ResourceDisk.*` in /etc/waagent.conf) or cloud-init (`mounts`, `disk_setup`) handle the disk.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("The local resource disk is a temporary disk")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
    {
      title: 'Azure: prepare a Debian image (temporary disk swap guidance)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/debian-create-upload-vhd',
    },
  ],
  examples: {
    pass: [
      {
        description: 'a cloud-init line',
        settings: azure,
        facts: fstab('/dev/disk/cloud/azure_resource-part1 /mnt auto defaults,nofail,x-systemd.requires=cloud-init.service,comment=cloudconfig 0 2\n'),
      },
    ],
    fail: [
      {
        description: '/dev/sdb1 on /mnt/resource',
        settings: azure,
        facts: fstab('/dev/sdb1 /mnt/resource ext4 defaults 0 2\n'),
        messageIds: ['resource'],
        resources: ['/etc/fstab'],
      },
    ],
  },
  check({ storage }, context) {
    for (const e of fstabEntries(storage.fstab)) {
      const temp = e.spec.startsWith('/dev/disk/azure/resource') || /^\/dev\/sdb[0-9]*$/.test(e.spec) || e.file === '/mnt/resource';
      if (temp && !e.options.some((o) => o.startsWith('comment=cloudconfig'))) {
        context.report({ messageId: 'resource', resource: storage.fstab.path, data: { line: e.line, device: e.spec, mount: e.file } });
      }
    }
  },
});
