import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';

const SSM = '/var/lib/amazon/ssm';
const files = (...paths: string[]) => ({ ssmAgentState: { files: paths.map((path) => ({ path, size: 128 })) } });

export default defineRule({
  id: 'L087',
  alias: 'ssm-agent-identity',
  title: 'amazon-ssm-agent keeps no registration, key pair or credentials of the build machine',
  platform: 'linux',
  severity: 'error',
  facts: ['ssmAgentState'],
  messages: {
    registration: '{resource} registers this machine as a hybrid managed node; every clone would claim the same managed node ID',
    key: "{resource} is the agent's private key for {identity}; every clone would sign with it",
    fingerprint: '{resource} is the hardware fingerprint of the registered machine',
    credentials: '{resource} holds temporary AWS credentials of the build instance (Default Host Management Configuration)',
  },
  rationale:
    'amazon-ssm-agent keeps the identity it registered with Systems Manager in /var/lib/amazon/ssm: the hybrid activation (registration, Vault/Store/RegistrationKey with the managed node ID and its private key), ' +
    "the EC2 identity's key pair (Vault/Store/EC2RegistrationKey, which the agent reuses when it registers a new instance ID) and the Default Host Management credentials. " +
    "Captured into an image, every clone presents the build machine's managed node or key pair, and the credentials are readable by anyone with the image.",
  remediation:
    'Stop the agent and clear its identity before capture: `systemctl stop amazon-ssm-agent; amazon-ssm-agent -register -clear; rm -rf /var/lib/amazon/ssm/Vault /var/lib/amazon/ssm/registration /var/lib/amazon/ssm/credentials`; ' +
    'register each clone with its own activation (`amazon-ssm-agent -register -code … -id … -region …`).',
  references: [
    {
      title: 'AWS: SSM Agent technical details (credentials in /var/lib/amazon/ssm/credentials)',
      url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-technical-details.html',
    },
    {
      title: 'AWS: deregister hybrid managed nodes (a re-registered machine needs a new activation)',
      url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-deregister-hybrid-nodes.html',
    },
    {
      title: 'amazon-ssm-agent core/agent_parser.go (registration file, -register -clear)',
      url: 'https://github.com/aws/amazon-ssm-agent/blob/mainline/core/agent_parser.go',
    },
    {
      title: 'amazon-ssm-agent vault (Vault/Store) and EC2 identity',
      url: 'https://github.com/aws/amazon-ssm-agent/blob/mainline/common/identity/availableidentities/ec2/ec2_identity.go',
    },
  ],
  examples: {
    pass: [{ description: 'agent installed, never registered', facts: files() }],
    fail: [
      {
        description: 'a hybrid activation',
        facts: files(`${SSM}/registration`, `${SSM}/Vault/Store/RegistrationKey`, `${SSM}/Vault/Store/InstanceFingerprint`),
        messageIds: ['registration', 'key', 'fingerprint'],
        resources: [`${SSM}/Vault/Store/InstanceFingerprint`, `${SSM}/Vault/Store/RegistrationKey`, `${SSM}/registration`],
      },
      {
        description: 'an EC2 instance onboarded by Default Host Management',
        facts: files(`${SSM}/Vault/Store/EC2RegistrationKey`, `${SSM}/credentials`),
        messageIds: ['key', 'credentials'],
        resources: [`${SSM}/Vault/Store/EC2RegistrationKey`, `${SSM}/credentials`],
      },
    ],
  },
  check({ ssmAgentState }, context) {
    for (const { path } of ssmAgentState.files) {
      const resource = shownPath(path);
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (path === `${SSM}/registration`) context.report({ messageId: 'registration', resource });
      else if (path === `${SSM}/credentials`) context.report({ messageId: 'credentials', resource });
      else if (name === 'InstanceFingerprint') context.report({ messageId: 'fingerprint', resource });
      else
        context.report({
          messageId: 'key',
          resource,
          data: { identity: name === 'EC2RegistrationKey' ? 'its EC2 identity' : name === 'RegistrationKey' ? 'its hybrid activation' : `vault entry ${name}` },
        });
    }
  },
});
