import { defineRule } from '../../src/engine/define.js';

const V2 = 'C:\\ProgramData\\Amazon\\EC2Launch\\config\\agent-config.yml';
const V1 = 'C:\\ProgramData\\Amazon\\EC2-Windows\\Launch\\Config\\LaunchConfig.json';

export default defineRule({
  id: 'W051',
  alias: 'aws-admin-password',
  title: 'The AWS launch agents hold no clear-text Administrator password',
  platform: 'windows',
  severity: 'error',
  facts: ['awsAdminPasswords'],
  messages: {
    set: '{resource} sets the Administrator password ({agent}, password type {type}) in clear text',
    unreadable: '{resource} could not be read: {error}',
  },
  rationale:
    'With a specified password, EC2Launch v2 "stores [it] in agent-config.yml as clear text and [deletes it] after Sysprep sets the administrator password", so it ' +
    'travels in the AMI until the first boot of every instance; EC2Launch v1 keeps it in LaunchConfig.json "as clear text". Anyone who can read the AMI or a snapshot reads the password.',
  remediation:
    'Use a random password (`password: type: random` in agent-config.yml, `"adminPasswordType": "Random"` in LaunchConfig.json) and set a known one after launch from a secret store.',
  references: [
    {
      title: 'AWS: EC2Launch v2 task configuration (setAdminAccount)',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2launch-v2-settings.html',
    },
    { title: 'AWS: configure EC2Launch v1 (LaunchConfig.json)', url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2launch-config.html' },
  ],
  examples: {
    pass: [
      {
        description: 'a random password',
        facts: { awsAdminPasswords: { files: [{ path: V2, agent: 'EC2Launch v2', passwordType: 'random', passwordSet: false, error: null }] } },
      },
      { description: 'no AWS agent', facts: { awsAdminPasswords: { files: [] } } },
    ],
    fail: [
      {
        description: 'a static password in agent-config.yml',
        facts: { awsAdminPasswords: { files: [{ path: V2, agent: 'EC2Launch v2', passwordType: 'static', passwordSet: true, error: null }] } },
        messageIds: ['set'],
        resources: [V2],
      },
      {
        description: 'Specify in LaunchConfig.json',
        facts: { awsAdminPasswords: { files: [{ path: V1, agent: 'EC2Launch v1', passwordType: 'Specify', passwordSet: true, error: null }] } },
        messageIds: ['set'],
        resources: [V1],
      },
      {
        description: 'a configuration that could not be read',
        facts: { awsAdminPasswords: { files: [{ path: V1, agent: 'EC2Launch v1', passwordType: null, passwordSet: false, error: 'Invalid JSON primitive' }] } },
        messageIds: ['unreadable'],
        resources: [V1],
      },
    ],
  },
  check({ awsAdminPasswords }, context) {
    for (const f of awsAdminPasswords.files) {
      if (f.error !== null) context.report({ messageId: 'unreadable', resource: f.path, data: { error: f.error } });
      else if (f.passwordSet) context.report({ messageId: 'set', resource: f.path, data: { agent: f.agent, type: f.passwordType ?? 'unknown' } });
    }
  },
});
