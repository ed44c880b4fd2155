import { defineRule } from '../../src/engine/define.js';
import { effectiveCmdline } from './lib/boot.js';
import { unknownIfUnreadable } from './lib/completeness.js';

const azure = { cloud: 'azure' };

const grub = (content: string) => ({ kernelCmdline: { files: [{ path: '/etc/default/grub', content }], unreadable: [] } });

export default defineRule({
  id: 'L063',
  alias: 'quiet-boot',
  title: 'The kernel command line does not hide boot output (rhgb, quiet, splash, crashkernel=auto)',
  platform: 'linux',
  severity: 'info',
  cloud: 'azure',
  facts: ['kernelCmdline'],
  messages: {
    word: 'the kernel command line from {resource} has {word}',
  },
  rationale: 'rhgb, quiet and splash hide boot messages from the serial console; crashkernel=auto reserves 128 MB or more of memory on every clone.',
  remediation: 'Remove them from GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT, then `update-grub`.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("removing … rhgb quiet crashkernel=auto")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [{ description: 'plain', settings: azure, facts: grub('GRUB_CMDLINE_LINUX="console=ttyS0"\n') }],
    fail: [
      {
        description: 'quiet splash',
        settings: azure,
        facts: grub('GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"\n'),
        messageIds: ['word', 'word'],
        resources: ['/etc/default/grub', '/etc/default/grub'],
      },
    ],
  },
  check({ kernelCmdline }, context) {
    if (unknownIfUnreadable(context, kernelCmdline.unreadable)) return;
    const cmdline = effectiveCmdline(kernelCmdline);
    if (!cmdline) return context.notApplicable('no kernel command line source found');
    for (const word of new Set(cmdline.words.filter((w) => ['rhgb', 'quiet', 'splash', 'crashkernel=auto'].includes(w)))) {
      context.report({ messageId: 'word', resource: cmdline.source, data: { word } });
    }
  },
});
