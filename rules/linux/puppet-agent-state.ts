import { defineRule } from '../../src/engine/define.js';
import { shownPath } from './lib/paths.js';
import { stateExample, stateFiles, stateGlob } from './lib/state.js';

/** Where the agent keeps its data: the vardir of distribution packages, and the vardir and ssldir of Puppet's own (AIO) packages since Puppet 4. */
const VARDIRS = ['/var/lib/puppet', '/opt/puppetlabs/puppet/cache'];
const SSLDIRS = ['/var/lib/puppet/ssl', '/etc/puppetlabs/puppet/ssl'];
const WHERE = [...VARDIRS, '/etc/puppetlabs/puppet/ssl'];
/** The agent's private keys are L015's finding (config-management-identity). */
const KEYS = SSLDIRS.map((d) => `${d}/private_keys`);
const owns = (p: string) => WHERE.some((d) => p.startsWith(`${d}/`)) && !KEYS.some((k) => p === k || p.startsWith(`${k}/`));
const bucket = (p: string) => VARDIRS.some((d) => p.startsWith(`${d}/clientbucket/`));

export default defineRule({
  id: 'L095',
  alias: 'puppet-agent-state',
  title: 'No Puppet agent state of the build VM is left in its vardir or ssldir',
  platform: 'linux',
  severity: 'warning',
  facts: ['serviceState'],
  messages: {
    state: '{resource} is Puppet agent data of the build VM (its catalog, reports, state or certificates)',
    folder: '{resource} holds {entries} entries of Puppet agent data of the build VM (its catalog, reports, state or certificates)',
    bucket: '{resource} holds the client bucket: copies of the files Puppet replaced on the build VM',
  },
  rationale:
    "The Puppet agent's vardir keeps the catalog it last applied (with every parameter the server sent, secrets included), its run reports and state, and in " +
    'the client bucket a copy of each file it replaced; its ssldir keeps its certificate. Clones would carry all of it and report as the builder until they get their own ' +
    "certificate. Older Puppet packages keep the vardir, ssldir included, in /var/lib/puppet (the folders virt-sysprep empties); Puppet's own packages (puppet-agent, Puppet 4 " +
    'and later) in /opt/puppetlabs/puppet/cache, with the ssldir in /etc/puppetlabs/puppet/ssl. preseal names each folder of the vardir with the number of entries it holds ' +
    "(pluginsync alone copies every module's facts and types there) and leaves the private keys to L015. A vardir or ssldir moved elsewhere in puppet.conf is not followed.",
  remediation:
    "Stop the agent and empty the folders of its data, as virt-sysprep does: `systemctl stop puppet; rm -rf /var/lib/puppet/*/*`, or with Puppet's own packages " +
    '`rm -rf /opt/puppetlabs/puppet/cache/*/* /etc/puppetlabs/puppet/ssl`; each clone then requests its own certificate (and syncs its plugins again).',
  references: [
    {
      title: 'guestfs-tools: virt-sysprep puppet-data-log operation',
      url: 'https://github.com/libguestfs/guestfs-tools/blob/master/sysprep/sysprep_operation_puppet_data_log.ml',
    },
    {
      title: 'Puppet: important directories and files (vardir, clientbucketdir, statedir, reportdir)',
      url: 'https://www.puppet.com/docs/puppet/7/dirs_important_directories.html',
    },
    { title: 'Puppet: cache directory (vardir), /opt/puppetlabs/puppet/cache on *nix', url: 'https://puppet.com/docs/puppet/8/dirs_vardir' },
    { title: 'Puppet: SSL directory (ssldir), a subdirectory of the confdir by default', url: 'https://puppet.com/docs/puppet/7/dirs_ssldir.html' },
  ],
  examples: {
    pass: [
      { description: 'none', facts: stateExample() },
      {
        description: "only the private key (L015's finding)",
        facts: stateExample('/var/lib/puppet/*', ['/var/lib/puppet/ssl/private_keys', null, 1]),
      },
      {
        description: "as a user who is not root, only the private keys' folder could not be listed (L015's)",
        facts: { serviceState: { globs: [], unreadable: ['/var/lib/puppet/ssl/private_keys'] } },
      },
    ],
    fail: [
      {
        description: 'state, a cached catalog and the client bucket',
        facts: stateExample(
          '/var/lib/puppet/*',
          ['/var/lib/puppet/state/last_run_summary.yaml', 812],
          ['/var/lib/puppet/client_data/catalog', null, 1],
          ['/var/lib/puppet/clientbucket/3', null, 1],
        ),
        messageIds: ['state', 'folder', 'bucket'],
        resources: ['/var/lib/puppet/state/last_run_summary.yaml', '/var/lib/puppet/client_data/catalog', '/var/lib/puppet/clientbucket/3'],
      },
      {
        description: "Puppet's own packages: the cached catalog, the plugins synced from every module, and the agent's certificate",
        facts: {
          serviceState: {
            globs: [
              stateGlob(
                '/opt/puppetlabs/puppet/cache/*',
                ['/opt/puppetlabs/puppet/cache/client_data/catalog', null, 1],
                ['/opt/puppetlabs/puppet/cache/lib/facter', null, 230],
              ),
              stateGlob('/etc/puppetlabs/puppet/ssl/*', ['/etc/puppetlabs/puppet/ssl/certs', null, 2], ['/etc/puppetlabs/puppet/ssl/private_keys', null, 1]),
            ],
            unreadable: [],
          },
        },
        messageIds: ['folder', 'folder', 'folder'],
        resources: ['/opt/puppetlabs/puppet/cache/client_data/catalog', '/opt/puppetlabs/puppet/cache/lib/facter', '/etc/puppetlabs/puppet/ssl/certs'],
      },
      {
        description: 'more folders in the vardir than the probe names: those named are reported, and the rest leaves the result incomplete',
        facts: {
          serviceState: { globs: [{ ...stateGlob('/var/lib/puppet/*', ['/var/lib/puppet/state/state.yaml', 96]), count: 240 }], unreadable: [] },
        },
        messageIds: ['state'],
        resources: ['/var/lib/puppet/state/state.yaml'],
        reason: '/var/lib/puppet/* matched 240 entries',
      },
    ],
    unknown: [
      {
        description: 'as a user who is not root, the vardir of the AIO packages (0750)',
        facts: { serviceState: { globs: [], unreadable: ['/opt/puppetlabs/puppet/cache'] } },
        reason: '/opt/puppetlabs/puppet/cache could not be searched',
      },
    ],
  },
  check({ serviceState }, context) {
    for (const f of stateFiles(serviceState, WHERE, owns, context)) {
      const resource = shownPath(f.path);
      if (bucket(f.path)) context.report({ messageId: 'bucket', resource });
      else if (f.entries !== undefined) context.report({ messageId: 'folder', resource, data: { entries: f.entries } });
      else context.report({ messageId: 'state', resource });
    }
  },
});
