import { defineRule } from '../../src/engine/define.js';
import { nonEmpty, reportFiles } from './lib/paths.js';

export default defineRule({
  id: 'L018',
  alias: 'database-identity',
  title: 'No database or cluster member identity is left in the image',
  platform: 'linux',
  severity: 'warning',
  facts: ['databases'],
  messages: {
    member: '{resource} identifies this database or cluster member; clones would conflict in replication or clustering',
  },
  rationale:
    'MySQL server_uuid, the PostgreSQL system identifier, etcd member data, Consul node-id and Elasticsearch node ids are per server; clones collide in replication and clusters.',
  remediation:
    'MySQL: stop it and `rm /var/lib/mysql/auto.cnf`; PostgreSQL: run initdb at first boot for replicated roles; etcd, Consul, Elasticsearch: wipe their data folders.',
  references: [
    { title: 'MySQL: adding replicas ("delete the auto.cnf file")', url: 'https://dev.mysql.com/doc/refman/8.0/en/replication-howto-additionalslaves.html' },
  ],
  examples: {
    pass: [{ description: 'no databases', facts: { databases: { files: [] } } }],
    fail: [
      {
        description: 'MySQL and PostgreSQL data directories',
        facts: {
          databases: {
            files: [
              { path: '/var/lib/mysql/auto.cnf', size: 56 },
              { path: '/var/lib/postgresql/15/main/global/pg_control', size: 8192 },
            ],
          },
        },
        messageIds: ['member', 'member'],
        resources: ['/var/lib/mysql/auto.cnf', '/var/lib/postgresql/15/main/global/pg_control'],
      },
    ],
  },
  check({ databases }, context) {
    reportFiles(context, nonEmpty(databases.files), 'member');
  },
});
