import { defineRule } from '../../src/engine/define.js';

const storage = (lvmDevices: { path: string; entries: number } | null) => ({
  fstab: { path: '/etc/fstab', present: true, entries: [] },
  crypttab: { path: '/etc/crypttab', present: false, entries: [] },
  swapUnits: [],
  lvmDevices,
  osTrees: [],
});

export default defineRule({
  id: 'L011',
  alias: 'lvm-devices-file',
  title: "No LVM devices file pins the build machine's disks",
  platform: 'linux',
  severity: 'warning',
  facts: ['storage'],
  messages: {
    pinned: '{resource} lists {entries} device(s) by WWID; on a clone the disks have other WWIDs and pvscan finds no physical volume',
  },
  rationale:
    '/etc/lvm/devices/system.devices pins physical volumes by WWID. Cloned disks have new WWIDs, so pvscan ignores them and a ' +
    'clone with an LVM root does not boot.',
  remediation:
    'Remove the devices file before capture (`rm /etc/lvm/devices/system.devices`) or set `use_devicesfile = 0` in lvm.conf; prefer plain partitions for the OS disk.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep lvm-system-devices ("When cloning VMs, WWIDs may change, breaking lvm pvscan.")',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_lvm_system_devices.ml',
    },
    {
      title: 'Azure: prepare a generic Linux image (standard partitions avoid LVM name conflicts)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      { description: 'no devices file', facts: { storage: storage(null) } },
      { description: 'a devices file with comments only', facts: { storage: storage({ path: '/etc/lvm/devices/system.devices', entries: 0 }) } },
    ],
    fail: [
      {
        description: 'a devices file from the installer',
        facts: { storage: storage({ path: '/etc/lvm/devices/system.devices', entries: 2 }) },
        messageIds: ['pinned'],
        resources: ['/etc/lvm/devices/system.devices'],
      },
    ],
  },
  check({ storage }, context) {
    const d = storage.lvmDevices;
    if (d && d.entries > 0) context.report({ messageId: 'pinned', resource: d.path, data: { entries: d.entries } });
  },
});
