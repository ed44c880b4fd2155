import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L068',
  alias: 'kernel-without-initramfs',
  title: 'Every installed kernel has an initramfs',
  platform: 'linux',
  severity: 'error',
  facts: ['bootFiles'],
  messages: {
    missing: '{resource} (kernel {version}) has no initramfs in /boot; booting it cannot mount the root disk',
  },
  rationale: 'An interrupted kernel install leaves a kernel without its initramfs. If it is the default entry, every clone fails to boot.',
  remediation: 'Build it: `update-initramfs -c -k <version>` (Debian/Ubuntu) or `dracut -f /boot/initramfs-<version>.img <version>`; or remove the kernel.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image (rebuilding the initrd)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      {
        description: 'kernel with initrd',
        facts: {
          bootFiles: {
            kernels: [{ path: '/boot/vmlinuz-6.1.0-18-amd64', version: '6.1.0-18-amd64', initramfs: '/boot/initrd.img-6.1.0-18-amd64' }],
            efi: null,
            unreadable: [],
          },
        },
      },
    ],
    fail: [
      {
        description: 'kernel alone',
        facts: { bootFiles: { kernels: [{ path: '/boot/vmlinuz-6.1.0-18-amd64', version: '6.1.0-18-amd64', initramfs: null }], efi: null, unreadable: [] } },
        messageIds: ['missing'],
        resources: ['/boot/vmlinuz-6.1.0-18-amd64'],
      },
    ],
  },
  check({ bootFiles }, context) {
    if (bootFiles.kernels.length === 0) return context.notApplicable('no kernel in /boot (is a separate /boot partition mounted under the root?)');
    for (const k of bootFiles.kernels) if (k.initramfs === null) context.report({ messageId: 'missing', resource: k.path, data: { version: k.version } });
  },
});
