import { defineRule } from '../../src/engine/define.js';

const agents = (v2: boolean, v1: boolean, config: boolean) => ({
  ec2LaunchV2: { path: 'C:\\Program Files\\Amazon\\EC2Launch\\EC2Launch.exe', present: v2 },
  ec2LaunchV1: { path: 'C:\\ProgramData\\Amazon\\EC2-Windows\\Launch\\Scripts\\InitializeInstance.ps1', present: v1 },
  ec2Config: { path: 'C:\\Program Files\\Amazon\\Ec2ConfigService\\Ec2Config.exe', present: config },
});

export default defineRule({
  id: 'W050',
  alias: 'aws-launch-agent',
  title: 'An AWS launch agent (EC2Launch v2, EC2Launch or EC2Config) is installed',
  platform: 'windows',
  severity: 'error',
  cloud: 'aws',
  facts: ['awsLaunchAgents'],
  messages: {
    none: 'no AWS launch agent is installed ({resource} is missing): instances of this AMI get no Administrator password, host name or user data',
  },
  rationale:
    'On EC2 the launch agent (EC2Launch v2 on Windows Server 2016 and later, EC2Config up to 2012 R2) runs Sysprep for the AMI and, on first boot, sets the Administrator ' +
    'password that `get-password-data` returns, the host name and the user data. AWS: without the Set Administrator Account task "an administrator account is not created on the system following Sysprep".',
  remediation:
    'Install EC2Launch v2 (`AmazonEC2Launch.msi` from AWS) and generalize with it: `& "$env:ProgramFiles\\Amazon\\EC2Launch\\EC2Launch.exe" sysprep --shutdown`.',
  references: [
    { title: 'AWS: EC2Launch v2 (directory structure and tasks)', url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2launch-v2.html' },
    {
      title: 'AWS: create a custom Windows AMI (Sysprep with the launch agents)',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/Creating_EBSbacked_WinAMI.html',
    },
  ],
  examples: {
    pass: [
      { description: 'EC2Launch v2', facts: { awsLaunchAgents: agents(true, false, false) }, settings: { cloud: 'aws' } },
      { description: 'EC2Config on Windows Server 2012 R2', facts: { awsLaunchAgents: agents(false, false, true) }, settings: { cloud: 'aws' } },
    ],
    fail: [
      {
        description: 'an image imported from VMware without an agent',
        facts: { awsLaunchAgents: agents(false, false, false) },
        settings: { cloud: 'aws' },
        messageIds: ['none'],
        resources: ['C:\\Program Files\\Amazon\\EC2Launch\\EC2Launch.exe'],
      },
    ],
  },
  check({ awsLaunchAgents: a }, context) {
    if (a.ec2LaunchV2.present || a.ec2LaunchV1.present || a.ec2Config.present) return;
    context.report({ messageId: 'none', resource: a.ec2LaunchV2.path });
  },
});
