import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { catalog } from '../../src/facts/catalog.js';
import { commonFacts } from '../../src/facts/common.js';
import { linuxFacts, linuxTopics } from '../../src/facts/linux/index.js';
import { windowsFactTopics } from '../../src/facts/windows/index.js';
import type { FactGroup } from '../../src/facts/define.js';
import { PLATFORMS } from '../../src/types.js';
import { LIVE_DERIVED_GROUPS } from '../../src/platforms/windows/live.js';

const probes = join(import.meta.dirname, '..', '..', 'src', 'probes');

function collectorGroups(platform: 'linux' | 'windows'): Set<string> {
  const dir = join(probes, platform, 'collectors');
  const text = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const names =
    platform === 'linux'
      ? [...text.matchAll(/^c_(\w+)\(\)/gm)].map((m) => m[1] as string)
      : [...text.matchAll(/^function Get-Preseal(\w+)\b/gm)].map((m) => (m[1] as string).charAt(0).toLowerCase() + (m[1] as string).slice(1));
  // Windows groups derived in TypeScript from the probe's raw registry reads (src/platforms/windows/live.ts).
  return new Set(platform === 'windows' ? [...names, ...LIVE_DERIVED_GROUPS] : names);
}

describe('the fact catalog', () => {
  it('declares each group once across the catalog files (a spread would silently drop one)', () => {
    const keys = [commonFacts, ...Object.values(linuxTopics)].flatMap((c) => Object.keys(c)).concat(Object.values(windowsFactTopics).flat());
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
    const declared = Object.entries(catalog as Record<string, FactGroup>)
      .filter(([, g]) => g.platforms.includes(platform))
      .map(([k]) => k)
      .sort();
    const collected = [...collectorGroups(platform)].sort();
    expect(
      declared.filter((k) => !collected.includes(k)),
      'groups no collector yields',
    ).toEqual([]);
    expect(
      collected.filter((k) => !declared.includes(k)),
      'collectors of undeclared groups',
    ).toEqual([]);
  });

  it('keeps each Linux group in the facts file of the collector that yields it (src/facts/linux/<topic>.ts ↔ collectors/<topic>.sh)', () => {
    const dir = join(probes, 'linux', 'collectors');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sh'))
      .sort();
    const common = new Set(Object.keys(commonFacts));
    const byFile = Object.fromEntries(
      files.map((f) => [
        f.replace(/\.sh$/, ''),
        [...readFileSync(join(dir, f), 'utf8').matchAll(/^c_(\w+)\(\)/gm)]
          .map((m) => m[1] as string)
          .filter((g) => !common.has(g))
          .sort(),
      ]),
    );
    const byTopic = Object.fromEntries(Object.entries(linuxTopics).map(([topic, groups]) => [topic, Object.keys(groups).sort()]));
    expect(byTopic).toEqual(Object.fromEntries(Object.entries(byFile).filter(([, groups]) => groups.length > 0)));
    expect(Object.keys(linuxFacts).sort()).toEqual(Object.values(byTopic).flat().sort());
  });

  it('is read by some rule in every group', () => {
    const read = new Set(rules.flatMap((r) => r.facts as readonly string[]));
    const unread = Object.keys(catalog).filter((k) => !read.has(k) && k !== 'os' && k !== 'cloud');
    expect(unread).toEqual([]);
  });
});
