import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { catalog } from '../../src/facts/catalog.js';
import { commonFacts } from '../../src/facts/common.js';
import { linuxExtraFacts } from '../../src/facts/linux-extra.js';
import { linuxFacts } from '../../src/facts/linux.js';
import { windowsFactTopics } from '../../src/facts/windows/index.js';
import type { FactGroup } from '../../src/facts/define.js';
import { PLATFORMS } from '../../src/types.js';

const probes = join(import.meta.dirname, '..', '..', 'src', 'probes');

function collectorGroups(platform: 'linux' | 'windows'): Set<string> {
  const dir = join(probes, platform, 'collectors');
  const text = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const names = platform === 'linux'
    ? [...text.matchAll(/^c_(\w+)\(\)/gm)].map((m) => m[1] as string)
    : [...text.matchAll(/^function Get-Preseal(\w+)\b/gm)].map((m) => (m[1] as string).charAt(0).toLowerCase() + (m[1] as string).slice(1));
  return new Set(names);
}

describe('the fact catalog', () => {
  it('declares each group once across the catalog files (a spread would silently drop one)', () => {
    const keys = [...[commonFacts, linuxFacts, linuxExtraFacts].flatMap((c) => Object.keys(c)), ...Object.values(windowsFactTopics).flat()];
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('describes every group and names real platforms', () => {
    for (const [key, group] of Object.entries(catalog) as [string, FactGroup][]) {
      expect(group.description.length, key).toBeGreaterThan(20);
      expect(group.platforms.length, key).toBeGreaterThan(0);
      for (const p of group.platforms) expect(PLATFORMS, key).toContain(p);
    }
  });

  it.each(['linux', 'windows'] as const)('has a %s probe collector for every %s group, and no collector without a group', (platform) => {
    const declared = Object.entries(catalog as Record<string, FactGroup>).filter(([, g]) => g.platforms.includes(platform)).map(([k]) => k).sort();
    const collected = [...collectorGroups(platform)].sort();
    expect(declared.filter((k) => !collected.includes(k)), 'groups no collector yields').toEqual([]);
    expect(collected.filter((k) => !declared.includes(k)), 'collectors of undeclared groups').toEqual([]);
  });

  it('is read by some rule in every group', () => {
    const read = new Set(rules.flatMap((r) => r.facts as readonly string[]));
    const unread = Object.keys(catalog).filter((k) => !read.has(k) && k !== 'os' && k !== 'cloud');
    expect(unread).toEqual([]);
  });
});
