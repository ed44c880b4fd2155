import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, shownPath } from './lib/paths.js';

export default defineRule({
  id: 'L013',
  alias: 'docker-identity',
  title: 'No Docker engine or swarm identity is left in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['docker'],
  messages: {
    swarm: '{resource} holds swarm node state and certificates; every clone would be the same swarm node',
    engine: '{resource} holds the Docker engine ID; orchestrators would see every clone as one engine',
  },
  rationale:
    'Docker generates a unique engine ID at first start; clones that keep it are indistinguishable to Swarm and other ' +
    'orchestrators. Swarm state carries the node certificates and keys.',
  remediation: 'Before capture: `docker swarm leave --force; systemctl stop docker; rm -f /var/lib/docker/engine-id /etc/docker/key.json`.',
  references: [
    { title: 'docker-archive/classicswarm PR #1472: duplicate engine IDs on cloned VMs', url: 'https://github.com/docker-archive/classicswarm/pull/1472' },
  ],
  examples: {
    pass: [{ description: 'docker never started', facts: { docker: { files: [] } } }],
    fail: [
      {
        description: 'a swarm worker',
        facts: {
          docker: {
            files: [
              { path: '/var/lib/docker/swarm/state.json', size: 187 },
              { path: '/var/lib/docker/engine-id', size: 36 },
            ],
          },
        },
        messageIds: ['swarm', 'engine'],
        resources: ['/var/lib/docker/engine-id', '/var/lib/docker/swarm/state.json'],
      },
    ],
  },
  check({ docker }, context) {
    for (const f of docker.files) {
      if (f.path.endsWith('/swarm/state.json')) context.report({ messageId: 'swarm', resource: shownPath(f.path) });
    }
    for (const f of nonEmpty(docker.files)) {
      if (!f.path.endsWith('/swarm/state.json')) context.report({ messageId: 'engine', resource: shownPath(f.path), severity: 'warning' });
    }
  },
});
