import { defineRule } from '../../src/engine/define.js';
import { fstabEntries, storageExample } from './lib/storage.js';

const fstab = (content: string) => ({ storage: storageExample({ fstab: content }) });
const osMounts = /^(\/|\/boot|\/boot\/efi|\/efi|\/usr|\/var|\/home|\/tmp|\/opt|\/srv|\/var\/log|\/var\/tmp)$/;
const virtualTypes = /^(tmpfs|proc|sysfs|devpts|devtmpfs|nfs4?|cifs|smb3|none|swap|bind|efivarfs|securityfs|cgroup2?|debugfs|hugetlbfs|mqueue)$/;

export default defineRule({
  id: 'L060',
  alias: 'fstab-nofail',
  title: 'Data-disk entries in /etc/fstab have nofail',
  platform: 'linux',
  severity: 'warning',
  facts: ['storage'],
  messages: {
    nofail: '{resource} line {line} mounts {device} on {mount} without nofail; a clone without that disk stops in emergency mode',
  },
  rationale: "A clone deployed without the build VM's data disk waits for the device and drops into the emergency shell, unreachable over SSH.",
  remediation: 'Add `nofail` (and `x-systemd.device-timeout=10s`) to the options of the line, or remove it and mount data disks at provisioning.',
  references: [{ title: 'systemd.mount(5): nofail', url: 'https://www.freedesktop.org/software/systemd/man/latest/systemd.mount.html' }],
  examples: {
    pass: [{ description: 'data disk with nofail', facts: fstab('UUID=1234 /data xfs defaults,nofail 0 2\n') }],
    fail: [{ description: 'data disk without nofail', facts: fstab('UUID=1234 /data xfs defaults 0 2\n'), messageIds: ['nofail'], resources: ['/etc/fstab'] }],
  },
  check({ storage }, context) {
    for (const e of fstabEntries(storage.fstab)) {
      if (osMounts.test(e.file) || virtualTypes.test(e.type) || e.options.some((o) => o === 'nofail' || o === 'noauto' || o === 'bind')) continue;
      context.report({ messageId: 'nofail', resource: storage.fstab.path, data: { line: e.line, device: e.spec, mount: e.file } });
    }
  },
});
