import { describe, expect, it } from 'vitest';
import { defineRule, type AnyRule } from '../../src/engine/define.js';
import { assertRule, checkCases, checkMetadata } from '../helpers/rule-tester.js';

const keytab = (present: boolean, size?: number) => ({ keytab: { path: '/etc/krb5.keytab', present, ...(size !== undefined ? { size } : {}) } });

function sample(overrides: Partial<AnyRule> = {}): AnyRule {
  return defineRule({
    id: 'L999',
    alias: 'sample-keytab',
    title: 'A sample rule for the tester',
    platform: 'linux',
    severity: 'error',
    facts: ['kerberos'],
    messages: { present: '{resource} is present' },
    rationale: 'A sample rationale that is long enough to say why it matters.',
    remediation: 'Run `rm -f /etc/krb5.keytab`.',
    references: [{ title: 'sample', url: 'https://example.org/sample' }],
    examples: {
      pass: [{ description: 'absent', facts: { kerberos: keytab(false) } }],
      fail: [{ description: 'present', facts: { kerberos: keytab(true, 10) }, messageIds: ['present'], resources: ['/etc/krb5.keytab'] }],
    },
    check({ kerberos }, ctx) {
      if (kerberos.keytab.present) ctx.report({ messageId: 'present', resource: kerberos.keytab.path });
    },
    ...overrides,
  } as AnyRule);
}

describe('the rule tester', () => {
  it('accepts a sound rule', () => {
    expect(() => assertRule(sample())).not.toThrow();
  });

  it('flags duplicate cases, unknown message ids, unread facts and facts that break the schema', () => {
    const rule = sample({
      examples: {
        pass: [
          { description: 'absent', facts: { kerberos: keytab(false) } },
          { description: 'absent again', facts: { kerberos: keytab(false) } },
          { description: 'reads another group', facts: { kerberos: keytab(false), machineId: { files: [] } } as never },
        ],
        fail: [
          { description: 'bad id', facts: { kerberos: keytab(true, 1) }, messageIds: ['nope'] },
          { description: 'bad shape', facts: { kerberos: { keytab: { path: 1 } } } as never, messageIds: ['present'] },
        ],
      },
    });
    const problems = checkCases(rule).join('\n');
    expect(problems).toContain('duplicates another example');
    expect(problems).toContain('expects unknown messageId "nope"');
    expect(problems).toContain('sets fact group "machineId" that the rule does not read');
    expect(problems).toContain('kerberos does not match its schema');
  });

  it('fails a rule whose failing example passes', () => {
    const rule = sample({ check() {} } as Partial<AnyRule>);
    expect(() => assertRule(rule)).toThrow(/fail: present/);
  });

  it('flags a rule that reads a fact group the catalog does not declare', () => {
    expect(checkMetadata(sample({ facts: ['nonexistent'] as never }))).toContain('reads fact group "nonexistent" that the catalog does not declare');
    expect(checkMetadata(sample({ facts: ['bitlocker'] as never }))).toContain('reads fact group "bitlocker" that linux probes do not yield');
  });

  it('flags metadata that would make a poor report', () => {
    const problems = checkMetadata(sample({ id: 'X1', alias: 'Not_Kebab', references: [{ title: 't', url: 'http://insecure' }] }));
    expect(problems).toEqual(
      expect.arrayContaining(['id "X1" is not L and three digits', 'alias "Not_Kebab" is not kebab-case', 'reference "t" is not an https URL']),
    );
  });

  it('requires every failing Linux example to pin the resources it reports, and checks them', () => {
    const fail = { description: 'present', facts: { kerberos: keytab(true, 10) }, messageIds: ['present'] };
    const unpinned = sample({ examples: { pass: [{ description: 'absent', facts: { kerberos: keytab(false) } }], fail: [fail] } } as Partial<AnyRule>);
    expect(checkCases(unpinned)).toContain('fail example "present" names no resources');
    const wrong = sample({
      examples: { pass: [{ description: 'absent', facts: { kerberos: keytab(false) } }], fail: [{ ...fail, resources: ['/etc/krb5.keytab.old'] }] },
    } as Partial<AnyRule>);
    expect(() => assertRule(wrong)).toThrow(/resources/);
  });

  it('fails a rule that reads a fact group it did not declare', () => {
    const rule = sample({
      check(facts: Record<string, unknown>, ctx) {
        if ((facts['machineId'] as unknown) !== undefined) ctx.report({ messageId: 'present', resource: 'x' });
      },
    } as Partial<AnyRule>);
    expect(() => assertRule(rule)).toThrow(/without declaring it/);
  });
});
