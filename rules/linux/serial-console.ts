import { defineRule } from '../../src/engine/define.js';
import { effectiveCmdline } from './lib/boot.js';
import { unknownIfUnreadable } from './lib/completeness.js';

const azure = { cloud: 'azure' };

const grub = (content: string) => ({ kernelCmdline: { files: [{ path: '/etc/default/grub', content }], unreadable: [] } });

export default defineRule({
  id: 'L061',
  alias: 'serial-console',
  title: 'The kernel command line sends the console to ttyS0',
  platform: 'linux',
  severity: 'warning',
  cloud: 'azure',
  facts: ['kernelCmdline'],
  messages: {
    missing: 'the kernel command line from {resource} lacks console=ttyS0; boot diagnostics and the serial console show nothing',
  },
  rationale:
    'Without console=ttyS0 Azure boot diagnostics and the serial console stay blank, so a clone that fails to boot cannot be debugged (Marketplace test 40).',
  remediation:
    'Add `console=ttyS0 earlyprintk=ttyS0` to GRUB_CMDLINE_LINUX in /etc/default/grub, then `update-grub` (or `grub2-mkconfig -o /boot/grub2/grub.cfg`).',
  references: [
    {
      title: 'Azure Marketplace VM image self-test, TestID 40 (kernel parameters)',
      url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test',
    },
    {
      title: 'Azure: prepare a generic Linux image (GRUB_CMDLINE_LINUX)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      {
        description: 'console set through a grub.d file',
        settings: azure,
        facts: {
          kernelCmdline: {
            files: [
              { path: '/etc/default/grub', content: 'GRUB_CMDLINE_LINUX=""\n' },
              { path: '/etc/default/grub.d/50-cloudimg-settings.cfg', content: 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX console=tty1 console=ttyS0"\n' },
            ],
            unreadable: [],
          },
        },
      },
    ],
    fail: [
      {
        description: 'quiet only',
        settings: azure,
        facts: grub('GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n'),
        messageIds: ['missing'],
        resources: ['/etc/default/grub'],
      },
    ],
  },
  check({ kernelCmdline }, context) {
    if (unknownIfUnreadable(context, kernelCmdline.unreadable)) return;
    const cmdline = effectiveCmdline(kernelCmdline);
    if (!cmdline) return context.notApplicable('no /etc/default/grub, /etc/kernel/cmdline or /proc/cmdline to read the command line from');
    if (!cmdline.words.some((w) => /^console=ttyS0(,|$)/.test(w))) context.report({ messageId: 'missing', resource: cmdline.source });
  },
});
