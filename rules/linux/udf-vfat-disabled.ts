import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { contentLines } from './lib/text.js';

const azure = { cloud: 'azure' };

const conf = (content: string) => ({ modprobeConfig: { files: [{ path: '/etc/modprobe.d/CIS.conf', content }], unreadable: [] } });

export default defineRule({
  id: 'L066',
  alias: 'udf-vfat-disabled',
  title: 'The udf and vfat modules are not disabled',
  platform: 'linux',
  severity: 'error',
  cloud: 'azure',
  facts: ['modprobeConfig'],
  messages: {
    disabled: '{resource} line {line} disables {module} ("{text}")',
  },
  rationale:
    'Azure delivers provisioning data on a UDF medium, and vfat is needed for the EFI partition. CIS hardening often disables both: ' +
    'without udf provisioning fails, without vfat boot fails too.',
  remediation: 'Remove the `install udf /bin/true` / `blacklist vfat` lines (document the CIS 1.1.1.x exception), then `update-initramfs -u`.',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("Make sure the udf and vfat modules are enabled")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [{ description: 'cramfs only', settings: azure, facts: conf('install cramfs /bin/true\n') }],
    fail: [
      {
        description: 'CIS udf',
        settings: azure,
        facts: conf('install udf /bin/true\nblacklist vfat\n'),
        messageIds: ['disabled', 'disabled'],
        resources: ['/etc/modprobe.d/CIS.conf', '/etc/modprobe.d/CIS.conf'],
      },
    ],
  },
  check({ modprobeConfig }, context) {
    for (const f of modprobeConfig.files) {
      for (const { number, text } of contentLines(f.content)) {
        const m = /^\s*(install\s+(udf|vfat|fat)\s+\S*\/(true|false)\b|blacklist\s+(udf|vfat|fat)\s*$)/.exec(text);
        if (m) context.report({ messageId: 'disabled', resource: f.path, data: { line: number, module: (m[2] ?? m[4]) as string, text: text.trim() } });
      }
    }
    unknownIfUnreadable(context, modprobeConfig.unreadable);
  },
});
