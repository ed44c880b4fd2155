import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L014',
  alias: 'kubernetes-node-identity',
  title: 'No Kubernetes, k3s or RKE2 node identity is left in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['kubernetes'],
  messages: {
    node: '{resource} is a per-node Kubernetes credential; clones would be rejected or impersonate this node',
  },
  rationale:
    'kubelet client certificates and k3s/RKE2 node passwords belong to one node: clones are rejected ("Node password rejected") or ' +
    'impersonate it, and a control-plane CA key would leak to everyone who deploys the image.',
  remediation: 'Reset the node before capture (`kubeadm reset -f`, `k3s-agent-uninstall.sh` or `rke2-uninstall.sh`) and join each clone at first boot.',
  references: [{ title: 'k3s-io/k3s issue #6054: node password rejected on cloned nodes', url: 'https://github.com/k3s-io/k3s/issues/6054' }],
  examples: {
    pass: [{ description: 'not a node', facts: { kubernetes: { files: [] } } }],
    fail: [
      {
        description: 'a kubeadm-joined worker',
        facts: {
          kubernetes: {
            files: [
              { path: '/etc/kubernetes/kubelet.conf', size: 1954 },
              { path: '/var/lib/kubelet/pki/kubelet-client-current.pem', size: 1114 },
            ],
          },
        },
        messageIds: ['node', 'node'],
        resources: ['/etc/kubernetes/kubelet.conf', '/var/lib/kubelet/pki/kubelet-client-current.pem'],
      },
    ],
  },
  check({ kubernetes }, context) {
    reportFiles(context, nonEmpty(kubernetes.files), 'node');
  },
});
