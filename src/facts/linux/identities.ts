import { z } from 'zod';
import { defineGroup } from '../define.js';
import { fileList } from './shapes.js';

/** Identities that agents and services enrolled on the build VM keep (collector identities.sh). */
export const identityFacts = {
  arcAgent: defineGroup({
    platforms: ['linux'],
    description: 'The Azure Arc agent config (/var/opt/azcmagent/agentconfig.json) and the resource it is connected as.',
    schema: z.object({ config: z.object({ path: z.string(), resourceName: z.string() }).nullable() }),
  }),
  docker: defineGroup({
    platforms: ['linux'],
    description: 'Docker engine identity files: swarm state, engine-id, key.json.',
    needsAdmin: true,
    schema: fileList,
  }),
  kubernetes: defineGroup({
    platforms: ['linux'],
    description: 'Kubernetes, k3s and RKE2 node credentials (kubelet.conf, kubelet client certs, node password, cluster CA key).',
    needsAdmin: true,
    schema: fileList,
  }),
  configManagement: defineGroup({
    platforms: ['linux'],
    description: 'Puppet, Chef and Salt client keys and node ids.',
    needsAdmin: true,
    schema: fileList,
  }),
  subscription: defineGroup({
    platforms: ['linux'],
    description: 'OS registration identities: RHSM consumer cert, SUSE SCC credentials, Ubuntu Pro machine token, Landscape, RHN system id.',
    needsAdmin: true,
    schema: fileList,
  }),
  securityAgents: defineGroup({
    platforms: ['linux'],
    description: 'Security and monitoring agent enrollment files (Wazuh/OSSEC, Elastic Agent, OMS, CrowdStrike).',
    needsAdmin: true,
    schema: fileList,
  }),
  databases: defineGroup({
    platforms: ['linux'],
    description: 'Database and cluster member identities (MySQL auto.cnf, PostgreSQL pg_control, etcd, Consul, Elasticsearch nodes).',
    needsAdmin: true,
    schema: fileList,
  }),
};
