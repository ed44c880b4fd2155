import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { stateExample, stateFiles } from './lib/state.js';

/** The agent's private keys are L015's finding (config-management-identity). */
const owns = (p: string) => p.startsWith('/var/lib/puppet/') && !p.startsWith('/var/lib/puppet/ssl/private_keys/');

export default defineRule({
  id: 'L095',
  alias: 'puppet-agent-state',
  title: 'No Puppet agent state of the build VM is left in /var/lib/puppet',
  platform: 'linux',
  severity: 'warning',
  facts: ['serviceState'],
  messages: {
    state: '{resource} is Puppet agent data of the build VM (its catalog, reports, state or certificates)',
    bucket: '{resource} holds the client bucket: copies of the files Puppet replaced on the build VM',
  },
  rationale:
    "The Puppet agent's vardir keeps the catalog it last applied (with every parameter the server sent, secrets included), its run reports and state, its certificates, and in " +
    'the client bucket a copy of each file it replaced. Clones would carry all of it and report as the builder until they get their own certificate.',
  remediation:
    'Stop the agent and clear its data: `systemctl stop puppet; rm -rf /var/lib/puppet/{client_data,client_yaml,clientbucket,reports,state,ssl}`; each clone then requests its own certificate.',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep puppet-data-log operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_puppet_data_log.ml',
    },
    {
      title: 'Puppet: important directories and files (vardir, clientbucketdir, statedir, reportdir)',
      url: 'https://www.puppet.com/docs/puppet/7/dirs_important_directories.html',
    },
  ],
  examples: {
    pass: [
      { description: 'none', facts: stateExample() },
      { description: "only the private key (L015's finding)", facts: stateExample(['/var/lib/puppet/ssl/private_keys/build-vm-01.pem', 3243]) },
    ],
    fail: [
      {
        description: 'state, a cached catalog and the client bucket',
        facts: stateExample(
          ['/var/lib/puppet/state/last_run_summary.yaml', 812],
          ['/var/lib/puppet/client_data/catalog/build-vm-01.json', 40960],
          ['/var/lib/puppet/clientbucket/3', null],
        ),
        messageIds: ['bucket', 'state', 'state'],
        resources: ['/var/lib/puppet/state/last_run_summary.yaml', '/var/lib/puppet/client_data/catalog/build-vm-01.json', '/var/lib/puppet/clientbucket/3'],
      },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, ['/var/lib/puppet'], owns, context))
      context.report({ messageId: f.path.startsWith('/var/lib/puppet/clientbucket/') ? 'bucket' : 'state', resource: shownPath(f.path) });
  },
});
