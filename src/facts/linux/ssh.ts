import { z } from 'zod';
import { defineGroup } from '../define.js';
import { configFiles, fileRef } from './shapes.js';

/** The SSH server: host keys, sshd_config with its Includes, how sshd starts (collector ssh.sh). */
export const sshFacts = {
  sshHostKeys: defineGroup({
    platforms: ['linux'],
    description: 'SSH host private key files under /etc/ssh (names and sizes only).',
    schema: z.object({ keys: z.array(fileRef) }),
  }),
  sshdConfig: defineGroup({
    platforms: ['linux'],
    description: '/etc/ssh/sshd_config and the files its Include lines name, in reading order.',
    schema: z.object(configFiles),
  }),
  sshService: defineGroup({
    platforms: ['linux'],
    description: 'The sshd binary and the links that start it at boot (systemd wants, SysV rc, OpenRC).',
    schema: z.object({ binaries: z.array(z.string()), enabled: z.array(z.string()) }),
  }),
};
