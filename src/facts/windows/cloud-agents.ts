import { z } from 'zod';
import { defineGroup } from '../define.js';
import { service } from './shared.js';

const file = z.object({ path: z.string(), present: z.boolean() });

/**
 * The launch agents AWS and Google Cloud images need, and where the AWS agents keep a clear-text
 * Administrator password. Collected by src/probes/windows/collectors/cloud-agents.ps1.
 */
export const cloudAgentsFacts = {
  awsLaunchAgents: defineGroup({
    platforms: ['windows'],
    description:
      'EC2Launch v2 (%ProgramFiles%\\Amazon\\EC2Launch), EC2Launch v1 (%ProgramData%\\Amazon\\EC2-Windows\\Launch) and EC2Config (%ProgramFiles%\\Amazon\\Ec2ConfigService).',
    schema: z.object({ ec2LaunchV2: file, ec2LaunchV1: file, ec2Config: file }),
  }),
  awsAdminPasswords: defineGroup({
    platforms: ['windows'],
    description:
      'Whether the AWS launch agents hold an Administrator password of their own (EC2Launch v2 agent-config.yml setAdminAccount, EC2Launch v1 LaunchConfig.json adminPassword): ' +
      'the password type and whether a value is set, never the value.',
    schema: z.object({
      files: z.array(
        z.object({ path: z.string(), agent: z.string(), passwordType: z.string().nullable(), passwordSet: z.boolean(), error: z.string().nullable() }),
      ),
    }),
  }),
  googleGuestEnvironment: defineGroup({
    platforms: ['windows'],
    description: 'The Google guest environment: %ProgramFiles%\\Google\\Compute Engine\\sysprep (GCESysprep) and the GCEAgent service.',
    schema: z.object({ sysprepFolder: file, agent: service }),
  }),
};
