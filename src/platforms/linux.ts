import type { Facts } from '../facts/catalog.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import type { Generalizer } from '../types.js';

/**
 * The Linux default, from the `provisioning` facts: `waagent -deprovision+user` when the Azure
 * agent is installed (what Azure's capture guide runs), otherwise `cloud-init clean` when
 * cloud-init is installed, otherwise none (nothing will clean the image after the lint).
 */
export function linuxGeneralizer(envelope: FactsEnvelope): Generalizer {
  const provisioning = envelope.facts['provisioning'] as Partial<Facts['provisioning']> | undefined;
  if (provisioning?.waagent?.installed) return 'waagent+user';
  if (provisioning?.cloudInit?.installed) return 'cloud-init';
  return 'none';
}
