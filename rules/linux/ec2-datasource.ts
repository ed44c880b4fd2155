import { defineRule } from '../../src/engine/define.js';
import { datasourceAllows } from './lib/cloud.js';
import { CLOUD_INIT_ON, cloudInitOn, cloudInitUnreadable, provisioningExample } from './lib/provisioning.js';

const aws = { cloud: 'aws' };
const withList = (list: string) =>
  provisioningExample({
    cloudInit: {
      ...CLOUD_INIT_ON,
      config: [
        { path: '/etc/cloud/cloud.cfg', readable: true, settings: {} },
        { path: '/etc/cloud/cloud.cfg.d/90_dpkg.cfg', readable: true, settings: { datasource_list: list } },
      ],
    },
  });

export default defineRule({
  id: 'L085',
  alias: 'ec2-datasource',
  title: 'cloud-init runs at boot with its Ec2 datasource allowed',
  platform: 'linux',
  severity: 'error',
  cloud: 'aws',
  facts: ['provisioning'],
  messages: {
    off: 'cloud-init is not installed, or is disabled ({resource}); instances of this AMI get no SSH key, host name or user data from EC2',
    datasource: '{resource} sets datasource_list to {list}, without Ec2; cloud-init will not read the EC2 instance metadata',
  },
  rationale:
    'On EC2, Linux instances get the launch key pair, host name and user data through cloud-init\'s Ec2 datasource; AWS: cloud-init "Adds a user\'s public SSH keys to .ssh/authorized_keys" and configures ec2-user. ' +
    'Without cloud-init running at boot, or with a datasource_list that leaves Ec2 out, instances boot but nobody can log in with the key pair.',
  remediation:
    'Install and enable cloud-init (`apt-get install cloud-init` / `dnf install cloud-init`; `systemctl enable cloud-init-local cloud-init cloud-config cloud-final`) and allow Ec2: `datasource_list: [ Ec2, None ]` in /etc/cloud/cloud.cfg.d/90_dpkg.cfg (or remove the override).',
  references: [
    { title: 'AWS: customized cloud-init on Amazon Linux 2023', url: 'https://docs.aws.amazon.com/linux/al2023/ug/cloud-init.html' },
    { title: 'cloud-init: Amazon EC2 datasource', url: 'https://docs.cloud-init.io/en/latest/reference/datasources/ec2.html' },
    { title: 'cloud-init: datasource_list (base configuration)', url: 'https://docs.cloud-init.io/en/latest/reference/base_config_reference.html' },
  ],
  examples: {
    pass: [
      { description: 'the default list (every datasource)', facts: { provisioning: provisioningExample({ cloudInit: CLOUD_INIT_ON }) }, settings: aws },
      { description: 'Ec2 listed', facts: { provisioning: withList('[ Ec2, None ]') }, settings: aws },
    ],
    fail: [
      {
        description: 'cloud-init missing',
        facts: { provisioning: provisioningExample({}) },
        settings: aws,
        messageIds: ['off'],
        resources: ['/usr/bin/cloud-init'],
      },
      {
        description: 'an Azure-only list',
        facts: { provisioning: withList('[ Azure ]') },
        settings: aws,
        messageIds: ['datasource'],
        resources: ['/etc/cloud/cloud.cfg.d/90_dpkg.cfg'],
      },
    ],
  },
  check({ provisioning }, context) {
    if (!cloudInitOn(provisioning))
      return context.report({ messageId: 'off', resource: provisioning.cloudInit.disabledBy[0] ?? (provisioning.cloudInit.path || '/usr/bin/cloud-init') });
    const unreadable = cloudInitUnreadable(provisioning);
    if (unreadable.length > 0)
      return context.unknown(`${unreadable.join(', ')} could not be read: the datasource_list is unknown (run as root or with --sudo)`);
    const bad = datasourceAllows(provisioning, 'Ec2');
    if (bad) context.report({ messageId: 'datasource', resource: bad.path, data: { list: `[${bad.list.join(', ')}]` } });
  },
});
