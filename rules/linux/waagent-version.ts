import { defineRule } from '../../src/engine/define.js';
import { provisioningExample } from './lib/provisioning.js';

const azure = { cloud: 'azure' };
const MINIMUM = [2, 2, 41];

function older(version: string): boolean {
  const parts = version.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < MINIMUM.length; i++) {
    const a = parts[i] ?? 0;
    const b = MINIMUM[i] as number;
    if (Number.isNaN(a) || a !== b) return !Number.isNaN(a) && a < b;
  }
  return false;
}

export default defineRule({
  id: 'L033',
  alias: 'waagent-version',
  title: 'waagent is version 2.2.41 or later',
  platform: 'linux',
  severity: 'warning',
  cloud: 'azure',
  facts: ['provisioning'],
  messages: {
    old: 'waagent {version} (from {resource}) is older than 2.2.41, the minimum Azure Marketplace accepts',
  },
  rationale: 'The Azure Marketplace self-test requires waagent 2.2.41 or later (TestID 39); older agents miss fixes for provisioning and extensions.',
  remediation: 'Upgrade the agent: `apt-get install --only-upgrade walinuxagent` (or `dnf update WALinuxAgent`), and keep `AutoUpdate.Enabled=y`.',
  references: [
    { title: 'Azure Marketplace VM self-test, TestID 39', url: 'https://learn.microsoft.com/partner-center/marketplace-offers/azure-vm-image-test' },
  ],
  examples: {
    pass: [
      {
        description: 'Debian 12 walinuxagent',
        facts: { provisioning: provisioningExample({ waagent: { installed: true, version: '2.9.1.1' } }) },
        settings: azure,
      },
    ],
    fail: [
      {
        description: 'an old package',
        facts: {
          provisioning: provisioningExample({
            waagent: { installed: true, version: '2.2.32.2', versionSource: '/usr/lib/python3/dist-packages/WALinuxAgent-2.2.32.2.egg-info' },
          }),
        },
        settings: azure,
        messageIds: ['old'],
        resources: ['/usr/lib/python3/dist-packages/WALinuxAgent-2.2.32.2.egg-info'],
      },
    ],
  },
  check({ provisioning }, context) {
    const w = provisioning.waagent;
    if (!w.installed) return context.notApplicable('waagent is not installed');
    if (!w.version) return context.unknown('the waagent version could not be read (no WALinuxAgent-* in python site-packages, no dpkg record)');
    if (older(w.version)) context.report({ messageId: 'old', resource: w.versionSource, data: { version: w.version } });
  },
});
