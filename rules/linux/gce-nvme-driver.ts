import { defineRule } from '../../src/engine/define.js';
import { checkBootDrivers, kernelExample } from './lib/initramfs.js';

const gcp = { cloud: 'gcp' };
// The shapes of Debian 12's kernels (fixtures/linux/kernels): cloud-amd64 builds nvme in, amd64 has it as a module.
const CLOUD = '6.1.0-56-cloud-amd64';
const GENERIC = '6.1.0-56-amd64';
const facts = (version: string, builtin: string[], modules: string[], conf = 'MODULES=most\n') => ({
  cloudDrivers: { kernels: [kernelExample(version, builtin, modules)], running: null, unreadable: [] },
  initramfsConfig: {
    initramfsTools: [
      { path: '/etc/initramfs-tools/initramfs.conf', content: conf },
      { path: '/etc/initramfs-tools/modules', content: '# List of modules\n' },
    ],
    dracut: [],
    unreadable: [],
    generators: ['initramfs-tools' as const],
  },
});

export default defineRule({
  id: 'L098',
  alias: 'gce-nvme-driver',
  title: 'Every kernel has the NVMe driver, and the initramfs will hold it, for Compute Engine NVMe machine series',
  platform: 'linux',
  severity: 'error',
  cloud: 'gcp',
  facts: ['cloudDrivers', 'initramfsConfig'],
  messages: {
    missing: 'kernel {kernel} has no {driver} driver (neither in modules.builtin nor in modules.dep of {resource}); {effect}',
    initramfs:
      '{resource} sets {setting} and does not list nvme; an initramfs built on a VM whose disks are SCSI cannot find the boot disk on NVMe machine series (kernels: {kernels})',
  },
  rationale:
    'Compute Engine attaches Persistent Disk and Hyperdisk volumes, the boot disk included, through NVMe on its third-generation and later machine series (C3, C3D, N4, …) and through ' +
    'SCSI on older ones. An image built on a SCSI machine whose kernel lacks nvme, or whose initramfs leaves it out, boots there and nowhere newer.',
  remediation:
    "Use a kernel with nvme (Debian's linux-image-cloud-amd64 builds it in), and keep it in the initramfs: `MODULES=most`, or nvme listed in /etc/initramfs-tools/modules (or a " +
    '/usr/share/initramfs-tools/modules.d list) and `update-initramfs -u -k all`; with dracut `add_drivers+=" nvme "` in /etc/dracut.conf.d/nvme.conf and `dracut -f --regenerate-all`.',
  references: [
    {
      title: 'Google Cloud: About Persistent Disk (storage interface types: NVMe and SCSI)',
      url: 'https://cloud.google.com/compute/docs/disks/persistent-disks',
    },
    { title: 'Google Cloud: general-purpose machine family (C3, C3D, N4)', url: 'https://cloud.google.com/compute/docs/general-purpose-machines' },
    { title: 'initramfs-tools: initramfs.conf(5), MODULES', url: 'https://manpages.debian.org/bookworm/initramfs-tools-core/initramfs.conf.5.en.html' },
  ],
  examples: {
    pass: [
      { description: 'the cloud kernel: nvme built in', facts: facts(CLOUD, ['nvme', 'nvme_core'], ['gve'], 'MODULES=dep\n'), settings: gcp },
      { description: 'the generic kernel with MODULES=most', facts: facts(GENERIC, [], ['nvme', 'nvme_core', 'gve']), settings: gcp },
    ],
    fail: [
      {
        description: 'a kernel built without nvme',
        facts: facts(CLOUD, [], ['gve']),
        settings: gcp,
        messageIds: ['missing'],
        resources: [`/lib/modules/${CLOUD}`],
      },
      {
        description: 'the generic kernel with MODULES=dep',
        facts: facts(GENERIC, [], ['nvme', 'nvme_core', 'gve'], 'MODULES=dep\n'),
        settings: gcp,
        messageIds: ['initramfs'],
        resources: ['/etc/initramfs-tools/initramfs.conf'],
      },
    ],
  },
  check(facts, context) {
    checkBootDrivers(facts, context, [{ driver: 'nvme', effect: 'on NVMe machine series it cannot see its boot disk' }]);
  },
});
