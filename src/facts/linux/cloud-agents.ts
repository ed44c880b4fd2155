import { z } from 'zod';
import { defineGroup } from '../define.js';
import { fileList } from './shapes.js';

/** The AWS and Google guest agents: whether they are installed, and the identity they keep (collector cloud-agents.sh). */
export const cloudAgentFacts = {
  googleGuestAgent: defineGroup({
    platforms: ['linux'],
    description:
      'The Google guest agent: its binaries (/usr/bin/google_guest_agent, /usr/bin/google_guest_agent_manager), its systemd units ' +
      '(google-guest-agent.service, google-guest-agent-manager.service) and their enabled links; and what is left of the legacy Python guest environment ' +
      '(/usr/bin/google_accounts_daemon, google_clock_skew_daemon, google_network_daemon, google_instance_setup, google-accounts-daemon.service).',
    schema: z.object({ binaries: z.array(z.string()), units: z.array(z.string()), enabled: z.array(z.string()), legacy: z.array(z.string()) }),
  }),
  ssmAgentState: defineGroup({
    platforms: ['linux'],
    description:
      'What amazon-ssm-agent keeps in /var/lib/amazon/ssm that identifies one machine: the hybrid registration file, the vault keys ' +
      '(Vault/Store: RegistrationKey, EC2RegistrationKey, InstanceFingerprint) and the Default Host Management credentials.',
    needsAdmin: true,
    schema: fileList,
  }),
  googleGuestState: defineGroup({
    platforms: ['linux'],
    description:
      'State of the Google guest agent and OS Login from the build instance: /var/lib/google/google_users (accounts made from metadata SSH keys), ' +
      'per-user OS Login sudo grants and sshd files (/var/google-sudoers.d, /var/google-users.d) and the OS Login NSS caches (/etc/oslogin_*.cache*).',
    needsAdmin: true,
    schema: fileList,
  }),
};
