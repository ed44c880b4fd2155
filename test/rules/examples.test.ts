import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { assertRule } from '../helpers/rule-tester.js';

describe('every rule against its own examples', () => {
  it('has unique ids and aliases', () => {
    const ids = rules.map((r) => r.id);
    const aliases = rules.map((r) => r.alias);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(aliases.filter((a, i) => aliases.indexOf(a) !== i)).toEqual([]);
  });
  for (const rule of rules) {
    it(`${rule.id} ${rule.alias}`, () => assertRule(rule));
  }
});
