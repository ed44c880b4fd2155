import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { isModulesList, listedModules } from './lib/initramfs.js';
import { shellAssignments } from './lib/text.js';

const azure = { cloud: 'azure' };

const tools = (conf: string, modules = '') => ({
  initramfsConfig: {
    initramfsTools: [
      { path: '/etc/initramfs-tools/initramfs.conf', content: conf },
      { path: '/etc/initramfs-tools/modules', content: modules },
    ],
    dracut: [],
    unreadable: [],
    generators: ['initramfs-tools' as const],
  },
});
const needed = ['hv_vmbus', 'hv_storvsc'];

export default defineRule({
  id: 'L065',
  alias: 'hyperv-initramfs',
  title: 'The initramfs will hold the Hyper-V storage drivers',
  platform: 'linux',
  severity: 'warning',
  cloud: 'azure',
  facts: ['initramfsConfig'],
  messages: {
    dep: '{resource} sets MODULES=dep and /etc/initramfs-tools/modules lacks {missing}; an initramfs built on another hypervisor cannot find the disk on Azure',
    hostonly: '{resource} sets hostonly="yes" without add_drivers for {missing}; the initramfs holds only the build hypervisor\'s drivers',
  },
  rationale:
    'An initramfs built host-only on KVM, VMware or VirtualBox leaves out hv_vmbus and hv_storvsc, so on Azure the kernel cannot see the ' +
    'root disk. MODULES=most (the Debian default) includes them.',
  remediation:
    'Use `MODULES=most`, or list hv_vmbus, hv_storvsc and hv_netvsc in /etc/initramfs-tools/modules, then `update-initramfs -u -k all`; for dracut add `add_drivers+=" hv_vmbus hv_netvsc hv_storvsc "` and run `dracut -f --regenerate-all`.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("rebuild initrd so that … hv_vmbus and hv_storvsc")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      { description: 'MODULES=most', settings: azure, facts: tools('MODULES=most\n') },
      { description: 'dep with the drivers listed', settings: azure, facts: tools('MODULES=dep\n', 'hv_vmbus\nhv_storvsc\nhv_netvsc\n') },
    ],
    fail: [
      { description: 'MODULES=dep', settings: azure, facts: tools('MODULES=dep\n'), messageIds: ['dep'], resources: ['/etc/initramfs-tools/initramfs.conf'] },
      {
        description: 'dracut host-only',
        settings: azure,
        facts: {
          initramfsConfig: {
            initramfsTools: [],
            dracut: [{ path: '/etc/dracut.conf.d/hostonly.conf', content: 'hostonly="yes"\n' }],
            unreadable: [],
            generators: ['dracut'],
          },
        },
        messageIds: ['hostonly'],
        resources: ['/etc/dracut.conf.d/hostonly.conf'],
      },
    ],
  },
  check({ initramfsConfig }, context) {
    if (unknownIfUnreadable(context, initramfsConfig.unreadable)) return;
    const { initramfsTools, dracut, generators } = initramfsConfig;
    if (generators.includes('initramfs-tools')) {
      const vars = new Map<string, string>();
      let setter = '/etc/initramfs-tools/initramfs.conf';
      for (const f of initramfsTools.filter((x) => !isModulesList(x.path))) {
        const before = vars.get('MODULES');
        shellAssignments(f.content, vars);
        if (vars.get('MODULES') !== before) setter = f.path;
      }
      const listed = listedModules(initramfsConfig);
      const missing = needed.filter((m) => !listed.includes(m));
      if (vars.get('MODULES') === 'dep' && missing.length > 0) context.report({ messageId: 'dep', resource: setter, data: { missing: missing.join(', ') } });
    }
    if (generators.includes('dracut')) {
      const text = dracut.map((f) => f.content).join('\n');
      const hostonly = [...dracut].reverse().find((f) => /^\s*hostonly\s*=\s*"?(yes|no)"?/m.test(f.content));
      const isHostonly =
        hostonly &&
        /^\s*hostonly\s*=\s*"?yes"?/m.test(
          hostonly.content
            .split('\n')
            .filter((l) => /^\s*hostonly\s*=/.test(l))
            .pop() ?? '',
        );
      const missing = needed.filter((m) => !new RegExp(`^\\s*(add_drivers|force_drivers)\\+?=.*\\b${m}\\b`, 'm').test(text));
      if (hostonly && isHostonly && missing.length > 0)
        context.report({ messageId: 'hostonly', resource: hostonly.path, data: { missing: missing.join(', ') } });
    }
  },
});
