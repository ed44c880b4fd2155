import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/engine/define.js';
import type { TargetReport } from '../../src/types.js';
import { linuxRules, lintRoot, makeRoot, removeRoot } from './trees.js';

let rules: AnyRule[];
let root: string;
let report: TargetReport;

beforeAll(async () => {
  rules = await linuxRules();
  root = makeRoot();
  report = await lintRoot(root, rules);
}, 120_000);
afterAll(() => removeRoot(root));

describe('a clean Debian root', () => {
  it('has every rule L041–L084', () => {
    expect(rules.map((r) => r.id).sort()).toEqual(Array.from({ length: 44 }, (_, i) => `L0${41 + i}`));
  });

  it('passes every rule, or says why it does not apply', () => {
    expect(report.error).toBeNull();
    const bad = report.results.filter((r) => r.status !== 'pass' && r.status !== 'not-applicable').map((r) => `${r.ruleId} ${r.status}: ${r.message}`);
    expect(bad).toEqual([]);
    const na = Object.fromEntries(report.results.filter((r) => r.status === 'not-applicable').map((r) => [r.ruleId, r.reason]));
    expect(na).toEqual({
      L056: 'cloud-init is not installed or not enabled',
      L069: expect.stringContaining('running system'),
    });
  });
});
