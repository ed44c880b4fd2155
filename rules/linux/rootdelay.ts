import { defineRule } from '../../src/engine/define.js';
import { effectiveCmdline } from './lib/boot.js';
import { unknownIfUnreadable } from './lib/completeness.js';

const azure = { cloud: 'azure' };

const grub = (content: string) => ({ kernelCmdline: { files: [{ path: '/etc/default/grub', content }], unreadable: [] } });

export default defineRule({
  id: 'L062',
  alias: 'rootdelay',
  title: 'The kernel command line has rootdelay=300',
  platform: 'linux',
  severity: 'info',
  cloud: 'azure',
  facts: ['kernelCmdline'],
  messages: {
    missing: 'the kernel command line from {resource} has no rootdelay=; the Marketplace test reports it',
  },
  rationale: "Azure's recommended command line waits for the root disk with rootdelay=300; the Marketplace self-test warns when it is missing.",
  remediation: 'Add `rootdelay=300` to GRUB_CMDLINE_LINUX and run `update-grub`.',
  references: [
    {
      title: 'Azure Marketplace VM image self-test, TestID 40 ("Missing Parameter: rootdelay=300")',
      url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test',
    },
  ],
  examples: {
    pass: [{ description: 'set', settings: azure, facts: grub('GRUB_CMDLINE_LINUX="console=ttyS0 rootdelay=300"\n') }],
    fail: [
      {
        description: 'missing',
        settings: azure,
        facts: grub('GRUB_CMDLINE_LINUX="console=ttyS0"\n'),
        messageIds: ['missing'],
        resources: ['/etc/default/grub'],
      },
    ],
  },
  check({ kernelCmdline }, context) {
    if (unknownIfUnreadable(context, kernelCmdline.unreadable)) return;
    const cmdline = effectiveCmdline(kernelCmdline);
    if (!cmdline) return context.notApplicable('no kernel command line source found');
    if (!cmdline.words.some((w) => w.startsWith('rootdelay='))) context.report({ messageId: 'missing', resource: cmdline.source });
  },
});
