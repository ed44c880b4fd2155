import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { driverIn, kernelExample } from './lib/initramfs.js';

const gcp = { cloud: 'gcp' };
const V = '6.1.0-56-cloud-amd64';
const facts = (builtin: string[], modules: string[]) => ({ cloudDrivers: { kernels: [kernelExample(V, builtin, modules)], running: null, unreadable: [] } });

export default defineRule({
  id: 'L090',
  alias: 'gvnic-driver',
  title: 'Every kernel has the gVNIC driver (gve)',
  platform: 'linux',
  severity: 'warning',
  cloud: 'gcp',
  facts: ['cloudDrivers'],
  messages: {
    missing:
      'kernel {kernel} has no gve driver (neither in modules.builtin nor in modules.dep of {resource}); this image cannot run on machine types that need gVNIC',
  },
  rationale:
    "gVNIC is the network interface of Compute Engine's third-generation and later machine series, Confidential VMs and Arm VMs; the guest drives it with gve. " +
    'A kernel without gve boots there with no network (older series still offer VirtIO-Net).',
  remediation:
    "Use a kernel that has gve (Linux 5.3 and later build it as CONFIG_GVE; Debian's and Ubuntu's cloud kernels include it) or install Google's gve driver (compute-virtual-ethernet-linux); " +
    'then mark the image with `--guest-os-features=GVNIC`.',
  references: [
    { title: 'Google Cloud: using Google Virtual NIC', url: 'https://cloud.google.com/compute/docs/networking/using-gvnic' },
    { title: 'GoogleCloudPlatform/compute-virtual-ethernet-linux (gve)', url: 'https://github.com/GoogleCloudPlatform/compute-virtual-ethernet-linux' },
  ],
  examples: {
    pass: [
      { description: "Debian 12's cloud kernel: gve a module", facts: facts(['nvme', 'nvme_core'], ['ena', 'gve']), settings: gcp },
      { description: 'gve built in', facts: facts(['gve'], []), settings: gcp },
    ],
    fail: [
      {
        description: 'a kernel built without gve',
        facts: facts(['nvme', 'nvme_core'], ['ena']),
        settings: gcp,
        messageIds: ['missing'],
        resources: [`/lib/modules/${V}`],
      },
    ],
  },
  check({ cloudDrivers }, context) {
    if (unknownIfUnreadable(context, cloudDrivers.unreadable)) return;
    if (cloudDrivers.kernels.length === 0) return context.unknown('no kernel was found in /boot: its drivers cannot be checked');
    for (const k of cloudDrivers.kernels) {
      const resource = k.modulesDir ?? `/lib/modules/${k.version}`;
      const state = driverIn(k, 'gve');
      if (state === null) return context.unknown(`${resource} has no modules.builtin or modules.dep: whether kernel ${k.version} has gve is unknown`);
      if (state === 'missing') context.report({ messageId: 'missing', resource, data: { kernel: k.version } });
    }
  },
});
