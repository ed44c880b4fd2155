import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { sshdSetting } from './lib/ssh.js';

const azure = { cloud: 'azure' };

const conf = (content: string) => ({ sshdConfig: { files: [{ path: '/etc/ssh/sshd_config', content }], unreadable: [] } });

export default defineRule({
  id: 'L083',
  alias: 'client-alive-interval',
  title: 'sshd ClientAliveInterval is between 30 and 235 seconds',
  platform: 'linux',
  severity: 'info',
  cloud: 'azure',
  facts: ['sshdConfig'],
  messages: {
    unset: 'ClientAliveInterval is not set in {resource} (or its Includes)',
    range: '{resource} line {line} sets ClientAliveInterval {value}, outside 30–235',
  },
  rationale: 'Azure Marketplace test 46 recommends ClientAliveInterval 180 (30 to 235) so idle sessions survive the Azure load balancer timeout.',
  remediation: 'Set `ClientAliveInterval 180` in /etc/ssh/sshd_config and `systemctl reload ssh`.',
  references: [
    { title: 'Azure Marketplace VM image self-test, TestID 46', url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test' },
  ],
  examples: {
    pass: [{ description: '180', settings: azure, facts: conf('ClientAliveInterval 180\n') }],
    fail: [
      { description: 'unset', settings: azure, facts: conf('PermitRootLogin no\n'), messageIds: ['unset'], resources: ['/etc/ssh/sshd_config'] },
      { description: 'too long', settings: azure, facts: conf('ClientAliveInterval 600\n'), messageIds: ['range'], resources: ['/etc/ssh/sshd_config'] },
    ],
  },
  check({ sshdConfig }, context) {
    if (unknownIfUnreadable(context, sshdConfig.unreadable)) return;
    const s = sshdSetting(sshdConfig.files, 'ClientAliveInterval');
    if (!s) return context.report({ messageId: 'unset', resource: '/etc/ssh/sshd_config' });
    const n = Number(s.value);
    if (!(n >= 30 && n <= 235)) context.report({ messageId: 'range', resource: s.path, data: { line: s.line, value: s.value } });
  },
});
