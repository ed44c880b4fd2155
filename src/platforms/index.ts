import type { FactsEnvelope } from '../facts/envelope.js';
import type { Generalizer } from '../types.js';
import { linuxGeneralizer } from './linux.js';

/** The cloud when the probe could not tell (its cloud group is an error): cloud-scoped rules are unknown. */
export const CLOUD_UNKNOWN = 'unknown';

/**
 * The cloud the probe detected, or 'none'. A cloud group that errored is not 'none': the machine
 * may well be in a cloud, so CLOUD_UNKNOWN makes the rules of every cloud unknown (fail closed).
 */
export function detectCloud(envelope: FactsEnvelope): string {
  if (Object.hasOwn(envelope.errors, 'cloud')) return CLOUD_UNKNOWN;
  const cloud = envelope.facts['cloud'] as { provider?: string } | undefined;
  return cloud?.provider ?? 'none';
}

/** The generalizer users would expect when they do not name one. */
export function detectGeneralizer(envelope: FactsEnvelope): Generalizer {
  return envelope.platform === 'windows' ? 'sysprep' : linuxGeneralizer(envelope);
}
