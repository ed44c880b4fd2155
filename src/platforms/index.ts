import type { FactsEnvelope } from '../facts/envelope.js';
import type { Generalizer } from '../types.js';
import { linuxGeneralizer } from './linux.js';

/** The cloud the probe detected, or 'none'. */
export function detectCloud(envelope: FactsEnvelope): string {
  const cloud = envelope.facts['cloud'] as { provider?: string } | undefined;
  return cloud?.provider ?? 'none';
}

/** The generalizer users would expect when they do not name one. */
export function detectGeneralizer(envelope: FactsEnvelope): Generalizer {
  return envelope.platform === 'windows' ? 'sysprep' : linuxGeneralizer(envelope);
}
