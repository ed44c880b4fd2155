import { defineRule } from '../../src/engine/define.js';
import { checkBootDrivers, kernelExample } from './lib/initramfs.js';

const aws = { cloud: 'aws' };
// The shapes of Debian 12's kernels (fixtures/linux/kernels): cloud-amd64 builds nvme in, amd64 has it as a module.
const CLOUD = '6.1.0-56-cloud-amd64';
const GENERIC = '6.1.0-56-amd64';
const tools = (conf: string) => ({
  initramfsTools: [
    { path: '/etc/initramfs-tools/initramfs.conf', content: conf },
    { path: '/etc/initramfs-tools/modules', content: '# List of modules\n' },
  ],
  dracut: [],
  unreadable: [],
  generators: ['initramfs-tools' as const],
});
const facts = (version: string, builtin: string[], modules: string[], conf = 'MODULES=most\n', running: string[] | null = null) => ({
  cloudDrivers: { kernels: [kernelExample(version, builtin, modules)], running, unreadable: [] },
  initramfsConfig: tools(conf),
});

export default defineRule({
  id: 'L089',
  alias: 'nitro-drivers',
  title: 'Every kernel has the ENA and NVMe drivers that Nitro instances boot with, and the initramfs will hold NVMe',
  platform: 'linux',
  severity: 'error',
  cloud: 'aws',
  facts: ['cloudDrivers', 'initramfsConfig'],
  messages: {
    missing: 'kernel {kernel} has no {driver} driver (neither in modules.builtin nor in modules.dep of {resource}); {effect}',
    initramfs:
      '{resource} sets {setting} and does not list nvme; an initramfs built on a host without NVMe cannot find the EBS root volume on Nitro instances (kernels: {kernels})',
  },
  rationale:
    'On instances built on the Nitro System, EBS volumes, the root volume included, are NVMe devices and the network is the Elastic Network Adapter. A kernel without the nvme driver, or whose ' +
    "initramfs leaves it out, cannot mount its root file system; without ena the instance has no network. AWS's Nitro check script tests exactly this: nvme built in or in the initramfs, and modinfo ena.",
  remediation:
    'Install a kernel with the drivers (Ubuntu linux-aws, Debian linux-image-cloud-amd64, or the ENA driver from amzn-drivers), then keep nvme in the initramfs: `MODULES=most` or nvme listed in ' +
    '/etc/initramfs-tools/modules (mkinitramfs also adds what /usr/share/initramfs-tools/modules.d/* lists) and `update-initramfs -u -k all`; with dracut `add_drivers+=" nvme "` in /etc/dracut.conf.d/nvme.conf and `dracut -f --regenerate-all`.',
  references: [
    { title: 'AWS: Amazon EBS and NVMe (install the NVMe driver)', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/nvme-ebs-volumes.html' },
    {
      title: 'AWS: enable enhanced networking with ENA on Linux instances',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-networking-ena.html',
    },
    {
      title: 'initramfs-tools: initramfs.conf(5), MODULES and the modules lists',
      url: 'https://manpages.debian.org/bookworm/initramfs-tools-core/initramfs.conf.5.en.html',
    },
    {
      title: 'AWS: Nitro instance checks (nvme in the initramfs, ena module)',
      url: 'https://github.com/awslabs/aws-support-tools/tree/master/EC2/NitroInstanceChecks',
    },
  ],
  examples: {
    pass: [
      {
        description: 'the cloud kernel: nvme built in, ena a module',
        facts: facts(CLOUD, ['nvme', 'nvme_core'], ['ena', 'gve'], 'MODULES=dep\n'),
        settings: aws,
      },
      { description: 'the generic kernel with MODULES=most', facts: facts(GENERIC, [], ['nvme', 'nvme_core', 'ena', 'gve']), settings: aws },
      {
        description: 'MODULES=dep with nvme in a package-shipped /usr/share/initramfs-tools/modules.d list',
        facts: {
          ...facts(GENERIC, [], ['nvme', 'nvme_core', 'ena', 'gve'], 'MODULES=dep\n'),
          initramfsConfig: {
            ...tools('MODULES=dep\n'),
            initramfsTools: [...tools('MODULES=dep\n').initramfsTools, { path: '/usr/share/initramfs-tools/modules.d/cloud-nvme', content: 'nvme\n' }],
          },
        },
        settings: aws,
      },
      {
        description: 'MODULES=dep, live on a host that runs nvme',
        facts: facts(GENERIC, [], ['nvme', 'nvme_core', 'ena', 'gve'], 'MODULES=dep\n', ['nvme', 'nvme_core', 'ena']),
        settings: aws,
      },
    ],
    fail: [
      {
        description: 'a kernel built without ENA',
        facts: facts(CLOUD, ['nvme', 'nvme_core'], ['gve']),
        settings: aws,
        messageIds: ['missing'],
        resources: [`/lib/modules/${CLOUD}`],
      },
      {
        description: 'the generic kernel with MODULES=dep',
        facts: facts(GENERIC, [], ['nvme', 'nvme_core', 'ena', 'gve'], 'MODULES=dep\n'),
        settings: aws,
        messageIds: ['initramfs'],
        resources: ['/etc/initramfs-tools/initramfs.conf'],
      },
    ],
  },
  check(facts, context) {
    checkBootDrivers(facts, context, [
      { driver: 'nvme', effect: 'Nitro instances cannot see their EBS root volume' },
      { driver: 'ena', effect: 'Nitro instances have no network' },
    ]);
  },
});
