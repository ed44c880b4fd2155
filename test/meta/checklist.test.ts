import { describe, expect, it } from 'vitest';
import { beyondChecklist, CHECKLIST_SOURCES, checklistItems } from '../../rules/checklist.js';
import { rules } from '../../rules/index.js';
import { checklistCounts, renderRuleIndexDoc } from '../../src/docs.js';

/**
 * The item IDs of the parity table in the research file `windows-parity.md` (section "Parity
 * table", 132 items), transcribed here so that CI does not depend on the research folder.
 */
const TABLE_IDS = [
  ...Array.from({ length: 51 }, (_, i) => `A${i + 1}`),
  ...Array.from({ length: 27 }, (_, i) => `B${i + 1}`),
  ...Array.from({ length: 29 }, (_, i) => `C${i + 1}`),
  ...Array.from({ length: 20 }, (_, i) => `D${i + 1}`),
  'E1',
  'E2',
  'E3',
  'F1',
  'F2',
];

/** The items the same table marks "n/a": not something a pre-capture lint of the running VM can or should check. */
const TABLE_NOT_APPLICABLE = [
  'A36',
  'A37',
  'A39',
  'A47',
  'A49',
  'A51',
  'B2',
  'B4',
  'B18',
  'B20',
  'B24',
  'C4',
  'C28',
  'C29',
  'D3',
  'D4',
  'D9',
  'D10',
  'D19',
  'D20',
  'E2',
  'E3',
];

const windowsIds = new Set(rules.filter((r) => r.platform === 'windows').map((r) => r.id));
const allIds = new Set(rules.map((r) => r.id));

describe('the Windows checklist map (rules/checklist.ts)', () => {
  it('transcribes the 132 items of the table', () => {
    expect(TABLE_IDS).toHaveLength(132);
    expect(new Set(TABLE_IDS).size).toBe(132);
  });

  it('has every item of the table exactly once, and no other', () => {
    const ids = checklistItems.map((i) => i.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect([...ids].sort()).toEqual([...TABLE_IDS].sort());
  });

  it('gives each item exactly one of rules, excluded or notApplicable, with a reason or rules', () => {
    for (const item of checklistItems) {
      const kinds = (['rules', 'excluded', 'notApplicable'] as const).filter((k) => k in item && item[k] !== undefined);
      expect(kinds, item.id).toHaveLength(1);
      if (item.rules) expect(item.rules.length, `${item.id} names no rule`).toBeGreaterThan(0);
      if (item.rules && item.partly !== undefined) expect(item.partly.length, `${item.id}: say what is not covered`).toBeGreaterThan(20);
      if (!item.rules) expect((item.excluded ?? item.notApplicable ?? '').length, `${item.id} needs a reason`).toBeGreaterThan(10);
      expect('partly' in item && !item.rules, `${item.id}: partly only goes with rules`).toBe(false);
      expect(item.name.length, item.id).toBeGreaterThan(3);
    }
  });

  it('names only Windows rules that exist in the rules index, each once per item', () => {
    for (const item of checklistItems) {
      for (const id of item.rules ?? []) expect(windowsIds, `${item.id}: ${id}`).toContain(id);
      expect(new Set(item.rules ?? []).size, item.id).toBe((item.rules ?? []).length);
    }
  });

  it('names only existing rules in its reasons and notes too', () => {
    const texts = [...checklistItems.flatMap((i) => [i.name, i.partly ?? '', i.excluded ?? '', i.notApplicable ?? '']), ...beyondChecklist.map((b) => b.why)];
    for (const text of texts) for (const id of text.match(/\b[WL]\d{3}\b/g) ?? []) expect(allIds, `${id} in "${text}"`).toContain(id);
  });

  it('marks as not applicable exactly the items the table marks n/a', () => {
    expect(checklistItems.filter((i) => i.notApplicable !== undefined).map((i) => i.id)).toEqual(TABLE_NOT_APPLICABLE);
  });

  it('cites each source by a known key', () => {
    const keys = Object.keys(CHECKLIST_SOURCES);
    for (const item of checklistItems) {
      const first = item.source.split(/[ ;(/]/)[0] ?? '';
      expect(keys, `${item.id}: ${item.source}`).toContain(first);
    }
  });

  it('accounts for every Windows rule: named by an item, or beyond the checklists with a reason', () => {
    const named = new Set(checklistItems.flatMap((i) => i.rules ?? []));
    const beyond = beyondChecklist.map((b) => b.rule);
    for (const b of beyondChecklist) {
      expect(windowsIds, b.rule).toContain(b.rule);
      expect(named.has(b.rule), `${b.rule} is named by an item, so it is not beyond the checklists`).toBe(false);
      expect(b.why.length, b.rule).toBeGreaterThan(20);
    }
    expect(new Set(beyond).size).toBe(beyond.length);
    expect([...windowsIds].filter((id) => !named.has(id) && !beyond.includes(id)).sort()).toEqual([]);
  });

  it('renders every item on the rule index page once, with links to the rule pages', () => {
    const page = renderRuleIndexDoc(rules);
    for (const item of checklistItems) expect(page.match(new RegExp(`^\\| ${item.id} \\|`, 'gm')) ?? [], item.id).toHaveLength(1);
    const byId = new Map(rules.map((r) => [r.id, r.alias]));
    for (const id of new Set(checklistItems.flatMap((i) => i.rules ?? []))) expect(page).toContain(`[${id}](./${byId.get(id)}.md)`);
    const n = checklistCounts();
    expect(n.covered + n.partly + n.excluded + n.notApplicable).toBe(132);
    expect(page).toContain(`132 items: ${n.covered} covered, ${n.partly} partly covered, ${n.excluded} excluded, ${n.notApplicable} not applicable.`);
  });
});
