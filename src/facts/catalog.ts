import type { z } from 'zod';
import type { Platform } from '../types.js';
import { commonFacts } from './common.js';
import type { FactGroup } from './define.js';
import { linuxFacts } from './linux/index.js';
import { windowsFacts } from './windows.js';
import { windowsExtraFacts } from './windows-extra.js';

export const catalog = { ...commonFacts, ...linuxFacts, ...windowsFacts, ...windowsExtraFacts };

export type FactKey = keyof typeof catalog;
export type Facts = { [K in FactKey]: z.infer<(typeof catalog)[K]['schema']> };

export function factGroup(key: string): FactGroup | undefined {
  return Object.hasOwn(catalog, key) ? (catalog as Record<string, FactGroup>)[key] : undefined;
}

export function groupsFor(platform: Platform): FactKey[] {
  return (Object.keys(catalog) as FactKey[]).filter((k) => catalog[k].platforms.includes(platform)).sort();
}
