import { describe, expect, it } from 'vitest';
import { evaluate, evaluateRule, resolveSettings, summarize } from '../../src/engine/index.js';
import { FACTS_SCHEMA_VERSION, type FactsEnvelope } from '../../src/facts/envelope.js';
import { defineRule } from '../../src/engine/define.js';
import machineId from '../../rules/linux/machine-id.js';
import keytab from '../../rules/linux/kerberos-keytab.js';
import domainMember from '../../rules/windows/domain-member.js';

function linux(facts: Record<string, unknown>, extra: Partial<FactsEnvelope> = {}): FactsEnvelope {
  return { schemaVersion: FACTS_SCHEMA_VERSION, platform: 'linux', collectedAt: '', target: 't', facts, errors: {}, notApplicable: {}, ...extra };
}
const settings = { generalizer: 'none' as const, cloud: 'none' };
const setId = { machineId: { files: [{ path: '/etc/machine-id', state: 'set', value: 'abc' }] } };

describe('engine', () => {
  it('fails with the finding rendered from the template, naming the resource', () => {
    const r = evaluateRule(machineId, linux(setId), settings);
    expect(r.status).toBe('fail');
    expect(r.evidence).toEqual(['/etc/machine-id holds machine ID abc; every clone would share it']);
    expect(r.findings[0]?.resource).toBe('/etc/machine-id');
  });

  it('is unknown when a fact group errored or was never reported, never pass', () => {
    expect(evaluateRule(machineId, linux({}, { errors: { machineId: 'permission denied' } }), settings)).toMatchObject({
      status: 'unknown',
      reason: 'facts not gathered (machineId: permission denied)',
    });
    expect(evaluateRule(machineId, linux({}), settings).status).toBe('unknown');
  });

  it('is not applicable for another platform, or when its facts do not apply', () => {
    expect(evaluateRule(domainMember, linux(setId), settings).status).toBe('not-applicable');
    expect(evaluateRule(machineId, linux({}, { notApplicable: { machineId: 'offline' } }), settings)).toMatchObject({
      status: 'not-applicable',
      reason: 'machineId: offline',
    });
  });

  it('reports what the chosen generalizer cleans as info', () => {
    const r = evaluateRule(machineId, linux(setId), { generalizer: 'cloud-init', cloud: 'none' });
    expect(r).toMatchObject({ status: 'fail', severity: 'info', cleanedBy: 'cloud-init' });
  });

  it('skips cloud-only rules elsewhere and runs them when the cloud is given', () => {
    const azureOnly = defineRule({ ...keytab, id: 'L998', alias: 'azure-only', cloud: 'azure' });
    const facts = { kerberos: { keytab: { path: '/etc/krb5.keytab', present: true, size: 9 } } };
    expect(evaluateRule(azureOnly, linux(facts), settings).status).toBe('not-applicable');
    expect(evaluateRule(azureOnly, linux(facts), { generalizer: 'none', cloud: 'azure' }).status).toBe('fail');
  });

  it('detects the cloud and the generalizer when they are auto', () => {
    const env = linux({ cloud: { provider: 'azure', evidence: [] }, provisioning: { waagent: { installed: true } } });
    expect(resolveSettings(env, { generalizer: 'auto', cloud: 'auto' })).toEqual({ generalizer: 'waagent+user', cloud: 'azure' });
    expect(resolveSettings(linux({}), { generalizer: 'auto', cloud: 'auto' })).toEqual({ generalizer: 'none', cloud: 'none' });
    expect(resolveSettings({ ...linux({}), platform: 'windows' }, { generalizer: 'auto', cloud: 'aws' })).toEqual({ generalizer: 'sysprep', cloud: 'aws' });
  });

  it('takes the severity of its worst finding; a finding can lower it, never raise it', () => {
    const mixed = (severities: ('error' | 'warning' | 'info' | undefined)[]) =>
      defineRule({
        ...machineId,
        check: (_f, ctx) => {
          for (const [i, severity] of severities.entries())
            ctx.report({ messageId: 'populated', resource: `/f${i}`, data: { id: 'x' }, ...(severity ? { severity } : {}) });
        },
      });
    expect(evaluateRule(mixed(['warning', 'info']), linux(setId), settings).severity).toBe('warning');
    expect(evaluateRule(mixed(['warning', undefined]), linux(setId), settings).severity).toBe('error');
    const lowered = defineRule({ ...mixed(['error']), severity: 'warning' });
    expect(evaluateRule(lowered, linux(setId), settings).findings[0]?.severity).toBe('warning');
  });

  it('reports a finding the generalizer removes by itself as info, and the rule as cleaned only when all are', () => {
    const history = defineRule({
      ...machineId,
      check: (_f, ctx) => {
        ctx.report({ messageId: 'populated', resource: '/root/.bash_history', data: { id: 'x' }, cleanedBy: ['waagent', 'waagent+user'] });
        ctx.report({ messageId: 'populated', resource: '/home/dev/.bash_history', data: { id: 'x' } });
      },
    });
    const r = evaluateRule(history, linux(setId), { generalizer: 'waagent', cloud: 'none' });
    expect(r.findings.map((f) => [f.resource, f.severity, f.cleanedBy])).toEqual([
      ['/home/dev/.bash_history', 'error', undefined],
      ['/root/.bash_history', 'info', 'waagent'],
    ]);
    expect(r).toMatchObject({ status: 'fail', severity: 'error' });
    expect(r.cleanedBy).toBeUndefined();
    const onlyRoot = defineRule({
      ...history,
      check: (_f, ctx) => ctx.report({ messageId: 'populated', resource: '/root/.bash_history', data: { id: 'x' }, cleanedBy: ['waagent'] }),
    });
    expect(evaluateRule(onlyRoot, linux(setId), { generalizer: 'waagent', cloud: 'none' })).toMatchObject({ severity: 'info', cleanedBy: 'waagent' });
    expect(evaluateRule(onlyRoot, linux(setId), { generalizer: 'none', cloud: 'none' })).toMatchObject({ severity: 'error' });
  });

  it('refuses a rule that reports an undeclared message id', () => {
    const bad = defineRule({ ...machineId, check: (_f, ctx) => ctx.report({ messageId: 'nope', resource: 'x' }) });
    expect(() => evaluateRule(bad, linux(setId), settings)).toThrow(/unknown messageId "nope"/);
  });

  it('is deterministic: results sorted by rule id and findings by resource, whatever the input order', () => {
    const many = defineRule({
      ...machineId,
      id: 'L997',
      check: (_f, ctx) => {
        for (const p of ['/z', '/a', '/m']) ctx.report({ messageId: 'populated', resource: p, data: { id: p } });
      },
    });
    const a = evaluate([many, keytab, machineId], linux(setId), settings);
    const b = evaluate([machineId, many, keytab], linux(setId), settings);
    expect(a).toEqual(b);
    expect(a.map((r) => r.ruleId)).toEqual(['L002', 'L036', 'L997']);
    expect(a[2]?.findings.map((f) => f.resource)).toEqual(['/a', '/m', '/z']);
    expect(a[2]?.message).toMatch(/\(and 2 more\)$/);
    expect(summarize(a)).toEqual({ pass: 0, fail: 2, unknown: 1, waived: 0, skipped: 0, notApplicable: 0 });
  });
});
