import type { FactsEnvelope } from '../facts/envelope.js';
import type { Generalizer } from '../types.js';

/**
 * The Linux default: `waagent -deprovision+user` on Azure when the agent is there (what Azure's
 * capture guide runs), otherwise `cloud-init clean` when cloud-init is installed, otherwise none.
 */
export function linuxGeneralizer(envelope: FactsEnvelope): Generalizer {
  const provisioning = envelope.facts['provisioning'] as { waagent?: { installed?: boolean }; cloudInit?: { installed?: boolean } } | undefined;
  if (provisioning?.waagent?.installed) return 'waagent+user';
  if (provisioning?.cloudInit?.installed) return 'cloud-init';
  return 'none';
}
