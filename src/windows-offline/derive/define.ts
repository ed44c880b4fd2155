import { isFileRead, type HiveName, type Read, type RegistryResult } from '../registry-source.js';

/** What a derivation yields for its fact group: the facts, or why they cannot be known. */
export type Derived<T> = { facts: T } | { error: string } | { notApplicable: string };

/**
 * One fact group derived from raw registry reads. `reads` is the complete list of what `derive`
 * may look at (the live probe can be handed the same list), and `derive` is pure.
 */
export interface Derivation<T> {
  group: string;
  reads: Record<string, Read>;
  derive(results: Record<string, RegistryResult>): Derived<T>;
}

export function defineDerivation<T>(d: Derivation<T>): Derivation<T> {
  return d;
}

/** The hives a derivation reads, for probe.partial. */
export function hivesOf(d: Derivation<unknown>): HiveName[] {
  return [...new Set(Object.values(d.reads).flatMap((r) => (isFileRead(r) ? [] : [r.hive])))];
}
