import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L015',
  alias: 'config-management-identity',
  title: 'No Puppet, Chef or Salt client identity is left in the image',
  platform: 'linux',
  severity: 'error',
  facts: ['configManagement'],
  messages: {
    client: '{resource} is a configuration-management client key or node id; the server would reject or merge the clones',
  },
  rationale:
    'Every clone would present the same client certificate, key or node name; the Puppet/Chef/Salt server rejects the clones or treats them as one node.',
  remediation: 'Puppet: `rm -rf /etc/puppetlabs/puppet/ssl`; Chef: `rm /etc/chef/client.pem`; Salt: `rm -f /etc/salt/minion_id /etc/salt/pki/minion/minion.*`.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep puppet-data-log',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_puppet_data_log.ml',
    },
    { title: 'Salt minion template cleanup (minion_id, pki/minion)', url: 'https://gist.github.com/mortn/a104d868857c063cf4d3' },
  ],
  examples: {
    pass: [{ description: 'no clients', facts: { configManagement: { files: [] } } }],
    fail: [
      {
        description: 'a Salt minion',
        facts: {
          configManagement: {
            files: [
              { path: '/etc/salt/minion_id', size: 9 },
              { path: '/etc/salt/pki/minion/minion.pem', size: 3243 },
            ],
          },
        },
        messageIds: ['client', 'client'],
        resources: ['/etc/salt/minion_id', '/etc/salt/pki/minion/minion.pem'],
      },
    ],
  },
  check({ configManagement }, context) {
    reportFiles(context, nonEmpty(configManagement.files), 'client');
  },
});
