import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';
import { sshdSetting } from './lib/ssh.js';

const conf = (...files: [string, string][]) => ({ sshdConfig: { files: files.map(([path, content]) => ({ path, content })), unreadable: [] } });

export default defineRule({
  id: 'L084',
  alias: 'permit-root-login',
  title: 'sshd does not allow root to log in with a password',
  platform: 'linux',
  severity: 'warning',
  facts: ['sshdConfig'],
  messages: {
    yes: '{resource} line {line} sets PermitRootLogin yes; any cloned root credential opens every clone',
  },
  rationale: 'With PermitRootLogin yes a root password or key that ships in the image gives direct root SSH into every clone.',
  remediation: 'Set `PermitRootLogin prohibit-password` (or `no`) in /etc/ssh/sshd_config — before any Include that sets it, since the first value wins.',
  references: [{ title: 'sshd_config(5): PermitRootLogin; first obtained value wins; Include', url: 'https://man.openbsd.org/sshd_config' }],
  examples: {
    pass: [
      {
        description: 'a drop-in included first wins',
        facts: conf(
          ['/etc/ssh/sshd_config', 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin yes\n'],
          ['/etc/ssh/sshd_config.d/10-hardening.conf', 'PermitRootLogin no\n'],
        ),
      },
    ],
    fail: [
      {
        description: 'yes in the main file',
        facts: conf(['/etc/ssh/sshd_config', 'PermitRootLogin yes\n']),
        messageIds: ['yes'],
        resources: ['/etc/ssh/sshd_config'],
      },
    ],
  },
  check({ sshdConfig }, context) {
    if (unknownIfUnreadable(context, sshdConfig.unreadable)) return;
    const s = sshdSetting(sshdConfig.files, 'PermitRootLogin');
    if (s?.value.toLowerCase() === 'yes') context.report({ messageId: 'yes', resource: s.path, data: { line: s.line } });
  },
});
