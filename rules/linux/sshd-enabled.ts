import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'L082',
  alias: 'sshd-enabled',
  title: 'The SSH server is installed and starts at boot',
  platform: 'linux',
  severity: 'error',
  facts: ['sshService'],
  messages: {
    missing: 'no sshd binary in /usr/sbin, /usr/bin or /sbin; clones cannot be reached over SSH',
    disabled: '{resource} is installed but no systemd, SysV or OpenRC link starts it at boot',
  },
  rationale: 'Without sshd running at boot nobody can log in to the clones.',
  remediation: 'Install and enable it: `apt-get install openssh-server && systemctl enable ssh` (RHEL: `dnf install openssh-server && systemctl enable sshd`).',
  references: [
    {
      title: 'Azure: prepare a generic Linux image ("Ensure that the SSH server is installed and configured to start at boot")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-generic',
    },
  ],
  examples: {
    pass: [
      { description: 'enabled', facts: { sshService: { binaries: ['/usr/sbin/sshd'], enabled: ['/etc/systemd/system/multi-user.target.wants/ssh.service'] } } },
    ],
    fail: [
      { description: 'not installed', facts: { sshService: { binaries: [], enabled: [] } }, messageIds: ['missing'], resources: ['/usr/sbin/sshd'] },
      {
        description: 'not enabled',
        facts: { sshService: { binaries: ['/usr/sbin/sshd'], enabled: [] } },
        messageIds: ['disabled'],
        resources: ['/usr/sbin/sshd'],
      },
    ],
  },
  check({ sshService }, context) {
    const binary = sshService.binaries[0];
    if (!binary) context.report({ messageId: 'missing', resource: '/usr/sbin/sshd' });
    else if (sshService.enabled.length === 0) context.report({ messageId: 'disabled', resource: binary });
  },
});
