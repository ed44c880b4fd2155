import { z } from 'zod';
import { defineGroup } from '../define.js';
import { fileRef } from './shapes.js';

/** Provisioning agents: waagent and cloud-init, what waagent left in its Lib.Dir, a prior deprovision (collector provisioning.sh). */
export const provisioningFacts = {
  provisioning: defineGroup({
    platforms: ['linux'],
    description:
      'Provisioning agents: waagent (binary, version, /etc/waagent.conf settings as the agent parses them) and cloud-init ' +
      '(binary, disable marker, enabled boot-stage units, the settings preseal reads from cloud.cfg and cloud.cfg.d, installer leftovers, ' +
      'instance cache, the files it generated and cached user-data).',
    schema: z.object({
      waagent: z.object({
        installed: z.boolean(),
        path: z.string(),
        version: z.string(),
        versionSource: z.string(),
        config: z.object({ path: z.string(), present: z.boolean(), settings: z.record(z.string(), z.string()) }),
      }),
      cloudInit: z.object({
        installed: z.boolean(),
        path: z.string(),
        disabledBy: z.array(z.string()),
        /** Enabled links of its Local and Network stage units (cloud-init-local, cloud-init, cloud-init-network .service). */
        enabledUnits: z.array(z.string()),
        /** Per file, in the order cloud-init reads them: the YAML text of each top-level key preseal reads. */
        config: z.array(z.object({ path: z.string(), readable: z.boolean(), settings: z.record(z.string(), z.string()) })),
        leftovers: z.array(z.string()),
        instanceCache: z.array(z.string()),
        /** Files cloud-init writes for the instance it ran on (netplan, sshd drop-in, sudoers file…). */
        generated: z.array(z.string()),
        /** Non-empty cached user-data files (seed and per-instance). */
        userData: z.array(z.string()),
      }),
    }),
  }),
  waagentState: defineGroup({
    platforms: ['linux'],
    description:
      "What waagent left in its Lib.Dir (/var/lib/waagent): the provisioned marker, ovf-env.xml's user name (the account deprovision+user deletes) and CustomData, secrets.",
    needsAdmin: true,
    schema: z.object({
      libDir: z.string(),
      present: z.boolean(),
      provisioned: z.boolean(),
      ovfEnv: z.object({ path: z.string(), userName: z.string(), customData: z.boolean() }).nullable(),
      secrets: z.array(fileRef),
    }),
  }),
  priorDeprovision: defineGroup({
    platforms: ['linux'],
    description: "Whether root's /etc/shadow entry is the one `waagent -deprovision` writes (root:*LOCK*:14600); never the hash itself.",
    needsAdmin: true,
    schema: z.object({ shadow: z.object({ path: z.string(), present: z.boolean(), rootLockedByWaagent: z.boolean() }) }),
  }),
};
