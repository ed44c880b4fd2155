import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConfig, applyConfigToTarget, checkConfigRules, loadConfig, localDate, parseConfig, type Config } from '../../src/config.js';
import { gates } from '../../src/engine/results.js';
import { evaluateRule } from '../../src/engine/index.js';
import { FACTS_SCHEMA_VERSION } from '../../src/facts/envelope.js';
import { UsageError } from '../../src/errors.js';
import { defineRule, type AnyRule } from '../../src/engine/define.js';
import type { RuleResult } from '../../src/types.js';

// A rule of this test's own, run by the real engine: one finding per account in localAccounts.
const perAccount = defineRule({
  id: 'T901',
  alias: 'test-accounts',
  title: 'No leftover accounts',
  platform: 'linux',
  severity: 'error',
  facts: ['localAccounts'],
  messages: { left: 'account {resource} is left over' },
  rationale: 'test',
  remediation: 'userdel',
  references: [],
  examples: { pass: [], fail: [] },
  check(facts, context) {
    // Service accounts are a warning-level part of the rule.
    for (const a of (facts.localAccounts as unknown as { accounts: { name: string }[] }).accounts)
      context.report({ messageId: 'left', resource: a.name, ...(a.name.startsWith('svc') ? { severity: 'warning' as const } : {}) });
  },
}) as unknown as AnyRule;
const rules = [perAccount];

function evaluated(names: string[], errored = false): RuleResult[] {
  const envelope = {
    schemaVersion: FACTS_SCHEMA_VERSION,
    platform: 'linux' as const,
    collectedAt: '',
    target: 't',
    facts: errored ? {} : { localAccounts: { accounts: names.map((name) => ({ name })) } },
    errors: errored ? { localAccounts: 'permission denied' } : {},
    notApplicable: {},
  };
  return [evaluateRule(perAccount, envelope, { generalizer: 'none', cloud: 'none' })];
}

const none = { only: [], skip: [] };
const TODAY = '2026-06-15';

describe('parseConfig errors name the file, the key and what was expected', () => {
  const cases: [string, string, RegExp][] = [
    ['c.yaml', 'failOn: sometimes\n', /^c\.yaml: failOn: expected one of error, warning, info, none$/],
    ['c.yaml', 'waivers:\n  - rule: machine-id\n', /^c\.yaml: waivers\[0\]\.justification: expected a justification/],
    ['c.yaml', 'waivers:\n  - rule: machine-id\n    justification: "   "\n', /^c\.yaml: waivers\[0\]\.justification: expected a non-empty justification/],
    [
      'c.yaml',
      'waivers:\n  - rule: L036\n    justification: ok\n    expires: 2026-02-30\n',
      /^c\.yaml: waivers\[0\]\.expires: expected a date written YYYY-MM-DD$/,
    ],
    ['c.yaml', 'waivers:\n  - rule: L036\n    justification: ok\n    expires: 15/06/2026\n', /waivers\[0\]\.expires: expected a date/],
    ['c.json', '{"waivers": [{"rule": "L036", "justification": "x", "until": "2026-01-01"}]}', /^c\.json: waivers\[0\]: unknown key "until"$/],
    ['c.json', '{"rules": {"machine-id": "sometimes"}}', /^c\.json: rules\.machine-id: expected "off", a severity/],
    ['c.json', '{"allowUnknown": "yes"}', /^c\.json: allowUnknown: expected true or false$/],
    ['c.json', '{"colour": true}', /^c\.json: \(top level\): unknown key "colour"$/],
    ['c.json', '[]', /^c\.json: \(top level\): expected an object/],
    ['c.json', '{"failOn": ', /^c\.json: cannot parse/],
    ['c.yaml', 'failOn: [error\n', /^c\.yaml: cannot parse/],
  ];
  for (const [file, text, expected] of cases) {
    it(`${file}: ${JSON.stringify(text)}`, async () => {
      const error = await parseConfig(text, file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message).toMatch(expected);
    });
  }

  it('accepts a full config in YAML and JSON alike', async () => {
    const config: Config = {
      failOn: 'warning',
      allowUnknown: true,
      generalizer: 'waagent+user',
      cloud: 'azure',
      rules: { 'machine-id': 'off', L037: 'warning', W001: { severity: 'info' } },
      waivers: [{ rule: 'L036', resource: '/etc/machine-id', justification: 'emptied by the deprovision step', expires: '2026-12-31' }],
    };
    expect(await parseConfig(JSON.stringify(config), 'x.json')).toEqual(config);
    const { stringify } = await import('yaml');
    expect(await parseConfig(stringify(config), 'x.yaml')).toEqual(config);
  });

  it('loads the config of the current folder, and names the file in its errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-config-'));
    expect(await loadConfig(undefined, dir)).toEqual({ config: {} });
    writeFileSync(join(dir, 'preseal.config.yaml'), 'waivers:\n  - rule: L036\n');
    await expect(loadConfig(undefined, dir)).rejects.toThrow(`${join(dir, 'preseal.config.yaml')}: waivers[0].justification`);
    await expect(loadConfig(join(dir, 'missing.json'), dir)).rejects.toThrow(/cannot read config .*missing\.json: ENOENT/);
  });

  it('names the key of a waiver or rule setting whose rule does not exist', () => {
    expect(() =>
      checkConfigRules(
        rules,
        {
          waivers: [
            { rule: 'test-accounts', justification: 'x' },
            { rule: 'nope', justification: 'x' },
          ],
        },
        'p.yaml',
      ),
    ).toThrow('p.yaml: waivers[1].rule: no rule "nope"');
    expect(() => checkConfigRules(rules, { rules: { 'test-acounts': 'off' } }, 'p.yaml')).toThrow('p.yaml: rules.test-acounts: no rule "test-acounts"');
    expect(() => checkConfigRules(rules, { rules: { T901: 'off' }, waivers: [{ rule: 't901', justification: 'x' }] }, 'p.yaml')).not.toThrow();
  });
});

describe('waivers', () => {
  it('waive the whole rule when they name no resource, and keep the evidence visible', () => {
    const { results, notes } = applyConfigToTarget(
      evaluated(['ann', 'bob']),
      rules,
      { waivers: [{ rule: 'test-accounts', justification: 'lab accounts, removed by the image pipeline' }] },
      none,
      TODAY,
    );
    const [r] = results;
    expect(r?.status).toBe('waived');
    expect(r?.reason).toBe('lab accounts, removed by the image pipeline');
    expect(r?.evidence).toHaveLength(2);
    expect(r?.findings.every((f) => f.waived?.justification === 'lab accounts, removed by the image pipeline')).toBe(true);
    expect(notes).toEqual([]);
    expect(gates(r!, 'info', false)).toBe(false);
  });

  it('waive only the finding whose resource they name; the rest still fail', () => {
    const { results } = applyConfigToTarget(
      evaluated(['ann', 'bob', 'cid']),
      rules,
      { waivers: [{ rule: 'T901', resource: 'bob', justification: 'service account', expires: '2026-07-01' }] },
      none,
      TODAY,
    );
    const [r] = results;
    expect(r?.status).toBe('fail');
    expect(r?.findings.map((f) => [f.resource, f.waived])).toEqual([
      ['ann', undefined],
      ['bob', { justification: 'service account', expires: '2026-07-01' }],
      ['cid', undefined],
    ]);
    expect(r?.evidence).toEqual(['account ann is left over', 'account cid is left over']);
    expect(r?.message).toBe('account ann is left over (and 1 more); 1 waived');
    expect(gates(r!, 'error', false)).toBe(true);
  });

  it('turn a rule waived when every finding is waived one by one', () => {
    const config: Config = {
      waivers: [
        { rule: 'T901', resource: 'ann', justification: 'a' },
        { rule: 'T901', resource: 'bob', justification: 'b' },
      ],
    };
    const [r] = applyConfigToTarget(evaluated(['ann', 'bob']), rules, config, none, TODAY).results;
    expect(r?.status).toBe('waived');
    expect(r?.reason).toBe('a; b');
  });

  it('stop applying on their expiry date and say so in a note', () => {
    const config: Config = { waivers: [{ rule: 'T901', resource: 'bob', justification: 'until the migration', expires: '2026-06-15' }] };
    const before = applyConfigToTarget(evaluated(['bob']), rules, config, none, '2026-06-14');
    expect(before.results[0]?.status).toBe('waived');
    expect(before.notes).toEqual([]);
    const on = applyConfigToTarget(evaluated(['bob']), rules, config, none, '2026-06-15');
    expect(on.results[0]?.status).toBe('fail');
    expect(on.results[0]?.findings[0]?.waived).toBeUndefined();
    expect(on.notes).toEqual(['waiver for T901 test-accounts on bob expired on 2026-06-15; T901 is evaluated normally']);
  });

  it('say when a waiver names a resource no finding has (a typo would otherwise pass silently)', () => {
    const { results, notes } = applyConfigToTarget(
      evaluated(['ann']),
      rules,
      { waivers: [{ rule: 'T901', resource: 'Ann', justification: 'x' }] },
      none,
      TODAY,
    );
    expect(results[0]?.status).toBe('fail');
    expect(notes).toEqual(['waiver for T901 test-accounts on Ann matches no finding (T901 reported: ann)']);
  });

  it('waive an unknown rule only when they waive the whole rule', () => {
    const whole = applyConfigToTarget(evaluated([], true), rules, { waivers: [{ rule: 'T901', justification: 'probe is unprivileged here' }] }, none, TODAY);
    expect(whole.results[0]?.status).toBe('waived');
    const one = applyConfigToTarget(evaluated([], true), rules, { waivers: [{ rule: 'T901', resource: 'ann', justification: 'x' }] }, none, TODAY);
    expect(one.results[0]?.status).toBe('unknown');
  });

  it('leave passing and turned-off rules alone', () => {
    const waivers = [{ rule: 'T901', justification: 'x' }];
    expect(applyConfigToTarget(evaluated([]), rules, { waivers }, none, TODAY).results[0]?.status).toBe('pass');
    const off = applyConfigToTarget(evaluated(['ann']), rules, { waivers, rules: { T901: 'off' } }, none, TODAY).results[0];
    expect(off?.status).toBe('skipped');
    expect(off?.reason).toBe('turned off in the config');
  });

  it('apply after re-levelling, so a waived result keeps the configured severity', () => {
    const [r] = applyConfigToTarget(
      evaluated(['ann', 'bob']),
      rules,
      { rules: { 'test-accounts': 'warning' }, waivers: [{ rule: 'T901', resource: 'ann', justification: 'x' }] },
      none,
      TODAY,
    ).results;
    expect(r?.severity).toBe('warning');
    expect(gates(r!, 'error', false)).toBe(false);
    expect(gates(r!, 'warning', false)).toBe(true);
  });

  it('leave the result as severe as the findings that still fail', () => {
    const [r] = applyConfigToTarget(
      evaluated(['ann', 'svc-backup']),
      rules,
      { waivers: [{ rule: 'T901', resource: 'ann', justification: 'x' }] },
      none,
      TODAY,
    ).results;
    expect(r?.status).toBe('fail');
    expect(r?.severity).toBe('warning');
    expect(gates(r!, 'error', false)).toBe(false);
    const [whole] = applyConfigToTarget(evaluated(['ann', 'svc-backup']), rules, {}, none, TODAY).results;
    expect(whole?.severity).toBe('error');
  });

  it('re-level every finding of a re-levelled rule', () => {
    const [r] = applyConfigToTarget(evaluated(['ann', 'svc-backup']), rules, { rules: { T901: 'info' } }, none, TODAY).results;
    expect([r?.severity, ...(r?.findings.map((f) => f.severity) ?? [])]).toEqual(['info', 'info', 'info']);
  });

  it('refuse a waiver for a rule that does not exist', () => {
    expect(() => applyConfigToTarget(evaluated(['ann']), rules, { waivers: [{ rule: 'X999', justification: 'x' }] }, none, TODAY)).toThrow(UsageError);
  });

  it('applyConfig defaults the date to today, taken from the caller side only', () => {
    const config: Config = { waivers: [{ rule: 'T901', justification: 'x', expires: '2000-01-01' }] };
    expect(applyConfig(evaluated(['ann']), rules, config, none)[0]?.status).toBe('fail');
    expect(applyConfig(evaluated(['ann']), rules, config, none, '1999-12-31')[0]?.status).toBe('waived');
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
