import { defineRule } from '../../src/engine/define.js';
import { contentLines } from './lib/text.js';

const hosts = (content: string) => ({ hostIdentity: { hostname: null, hosts: content, resolvConf: { kind: 'missing' as const } } });

export default defineRule({
  id: 'L054',
  alias: 'hosts-entries',
  title: '/etc/hosts holds only loopback entries',
  platform: 'linux',
  severity: 'warning',
  facts: ['hostIdentity'],
  messages: {
    entry: '{resource} line {line} maps "{text}"; clones resolve these names to the build VM\'s addresses',
  },
  rationale:
    "Entries for the builder's own name and address persist: clones resolve their (old) name to the builder's IP. " + 'waagent does not touch /etc/hosts.',
  remediation: 'Keep only the loopback lines (127.0.0.1, ::1 and the ff02::/fe00:: lines) and let cloud-init `manage_etc_hosts` write the rest.',
  references: [
    {
      title: 'WALinuxAgent deprovision/default.py (no /etc/hosts action)',
      url: 'https://github.com/Azure/WALinuxAgent/blob/master/azurelinuxagent/pa/deprovision/default.py',
    },
  ],
  waiverGuidance: 'Static entries that every clone needs (a fixed internal service address).',
  examples: {
    pass: [{ description: 'loopback only', facts: hosts('127.0.0.1 localhost\n::1 localhost ip6-localhost\nff02::1 ip6-allnodes\n') }],
    fail: [
      {
        description: "the builder's address",
        facts: hosts('127.0.0.1 localhost\n10.0.0.4 img-builder-01.internal img-builder-01\n'),
        messageIds: ['entry'],
        resources: ['/etc/hosts'],
      },
    ],
  },
  check({ hostIdentity }, context) {
    for (const { number, text } of contentLines(hostIdentity.hosts ?? '')) {
      const address = text.trim().split(/\s+/)[0] ?? '';
      if (/^(127\.|::1$|ff0[02]::|fe00::)/i.test(address)) continue;
      context.report({ messageId: 'entry', resource: '/etc/hosts', data: { line: number, text: text.trim() } });
    }
  },
});
