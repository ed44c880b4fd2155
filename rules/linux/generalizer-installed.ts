import { defineRule } from '../../src/engine/define.js';
import { CLOUD_INIT_ON, provisioningExample } from './lib/provisioning.js';

export default defineRule({
  id: 'L091',
  alias: 'generalizer-installed',
  title: 'The generalizer chosen with --generalizer is installed in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['provisioning'],
  messages: {
    missing: '--generalizer {generalizer} was chosen, but {resource} is not installed: nothing will clean what preseal leaves to it',
  },
  rationale:
    'preseal reports what the chosen generalizer cleans by itself as info, trusting it to run next. When that tool is not in the image, the pipeline step fails ' +
    'or does nothing, and everything left to it ships in every clone. A generalizer that is not installed is a finding, not a cleaner.',
  remediation:
    'Install the tool the pipeline runs (`apt-get install walinuxagent` or `cloud-init`; `dnf install WALinuxAgent` or `cloud-init`), ' +
    'or choose the generalizer the pipeline really runs with `--generalizer` (`none` when the image is captured as it is).',
  references: [
    { title: 'Azure: generalize a Linux VM (waagent -deprovision+user)', url: 'https://learn.microsoft.com/azure/virtual-machines/generalize' },
    { title: 'cloud-init: the clean command', url: 'https://cloudinit.readthedocs.io/en/latest/reference/cli.html#clean' },
  ],
  examples: {
    pass: [
      {
        description: 'waagent is there for waagent -deprovision+user',
        facts: { provisioning: provisioningExample({ waagent: { installed: true } }) },
        settings: { generalizer: 'waagent+user' },
      },
      {
        description: 'cloud-init is there for cloud-init clean',
        facts: { provisioning: provisioningExample({ cloudInit: CLOUD_INIT_ON }) },
        settings: { generalizer: 'cloud-init' },
      },
    ],
    fail: [
      {
        description: '--generalizer cloud-init on an image without cloud-init',
        facts: { provisioning: provisioningExample({ waagent: { installed: true } }) },
        settings: { generalizer: 'cloud-init' },
        messageIds: ['missing'],
        resources: ['/usr/bin/cloud-init'],
      },
      {
        description: '--generalizer waagent on an image without waagent',
        facts: { provisioning: provisioningExample({ cloudInit: CLOUD_INIT_ON }) },
        settings: { generalizer: 'waagent' },
        messageIds: ['missing'],
        resources: ['/usr/sbin/waagent'],
      },
    ],
  },
  check({ provisioning }, context) {
    const g = context.settings.generalizer;
    if (g === 'waagent' || g === 'waagent+user') {
      if (!provisioning.waagent.installed) context.report({ messageId: 'missing', resource: '/usr/sbin/waagent', data: { generalizer: g } });
    } else if (g === 'cloud-init') {
      if (!provisioning.cloudInit.installed) context.report({ messageId: 'missing', resource: '/usr/bin/cloud-init', data: { generalizer: g } });
    } else return context.notApplicable(`--generalizer ${g} runs no Linux tool that must be installed`);
  },
});
