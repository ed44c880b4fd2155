import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L064',
  alias: 'grub-cfg-stale',
  title: 'grub.cfg was regenerated after the last /etc/default/grub change',
  platform: 'linux',
  severity: 'warning',
  facts: ['grubConfig'],
  messages: {
    stale: '{resource} is older than {files}; the command-line changes there never reached the boot loader',
  },
  rationale: 'GRUB reads only the generated grub.cfg. Edits to /etc/default/grub (console, rootdelay, net.ifnames) do nothing until it is rebuilt.',
  remediation: 'Rebuild it: `update-grub` (Debian/Ubuntu) or `grub2-mkconfig -o /boot/grub2/grub.cfg` (RHEL/SUSE).',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("run the following command to rebuild the GRUB configuration")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [{ description: 'up to date', facts: { grubConfig: { configs: [{ path: '/boot/grub/grub.cfg', olderThan: [] }] } } }],
    fail: [
      {
        description: 'edited after',
        facts: { grubConfig: { configs: [{ path: '/boot/grub/grub.cfg', olderThan: ['/etc/default/grub'] }] } },
        messageIds: ['stale'],
        resources: ['/boot/grub/grub.cfg'],
      },
    ],
  },
  check({ grubConfig }, context) {
    if (grubConfig.configs.length === 0) return context.notApplicable('no /boot/grub/grub.cfg or /boot/grub2/grub.cfg');
    for (const c of grubConfig.configs)
      if (c.olderThan.length > 0) context.report({ messageId: 'stale', resource: c.path, data: { files: c.olderThan.join(', ') } });
  },
});
