import type { z } from 'zod';
import type { Platform } from '../types.js';

/** A declared fact group: what one probe collector yields, validated at run time by `schema`. */
export interface FactGroup<S extends z.ZodType = z.ZodType> {
  platforms: readonly Platform[];
  description: string;
  schema: S;
  /** Exists only on a live system (processes, mounts, running kernel): not applicable offline. */
  liveOnly?: boolean;
  /** Needs root or Administrator to read fully. */
  needsAdmin?: boolean;
}

export function defineGroup<S extends z.ZodType>(group: FactGroup<S>): FactGroup<S> {
  return group;
}
