import { describe, expect, it } from 'vitest';
import { ENVELOPE_BEGIN, ENVELOPE_END, EnvelopeError, extractEnvelope, validateEnvelope } from '../../src/facts/envelope.js';
import { envelopeFromRun } from '../../src/probes/run.js';
import { TargetError } from '../../src/errors.js';

const defaults = { target: 't', collectedAt: 'now' };
const good = { schemaVersion: 2, platform: 'linux', facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: false } } }, errors: {}, notApplicable: {} };

describe('facts envelope', () => {
  it('finds the envelope among banners and MOTD noise', () => {
    const out = `Welcome to Debian!\n${ENVELOPE_BEGIN}{"not":"this"}${ENVELOPE_END}\nnoise\n${ENVELOPE_BEGIN}\n${JSON.stringify(good)}\n${ENVELOPE_END}\nlogout\n`;
    expect(extractEnvelope(out)).toEqual(good);
  });

  it('names what is wrong with output that holds no envelope', () => {
    expect(() => extractEnvelope('garbage')).toThrow(/no begin marker/);
    expect(() => extractEnvelope(`${ENVELOPE_BEGIN}{"a":1`)).toThrow(/cut short/);
    expect(() => extractEnvelope(`${ENVELOPE_BEGIN}{"a":${ENVELOPE_END}`)).toThrow(/invalid JSON/);
  });

  it('rejects another schema version', () => {
    expect(() => validateEnvelope({ ...good, schemaVersion: 1 }, defaults)).toThrow(
      'the facts file was written by an older preseal (schema 1); collect it again with this version (schema 2)',
    );
    expect(() => validateEnvelope({ ...good, schemaVersion: 3 }, defaults)).toThrow(/written by a newer preseal \(schema 3\)/);
    expect(() => validateEnvelope({ ...good, schemaVersion: '2' }, defaults)).toThrow(/schemaVersion "2" is not supported/);
    expect(() => validateEnvelope([], defaults)).toThrow(EnvelopeError);
  });

  it('turns a group that breaks its schema into an error for that group only', () => {
    const env = validateEnvelope({ ...good, facts: { ...good.facts, machineId: { files: 'nope' } } }, defaults);
    expect(env.facts['kerberos']).toBeDefined();
    expect(env.facts['machineId']).toBeUndefined();
    expect(env.errors['machineId']).toMatch(/do not match the schema: files/);
  });

  it('marks every catalog group the probe did not mention as an error', () => {
    const env = validateEnvelope(good, defaults);
    expect(env.errors['machineId']).toBe('not reported by the probe');
    expect(env.errors['computerSystem']).toBeUndefined();
  });

  it('fails a probe run without an envelope as a probe error, with the exit status and stderr', () => {
    const run = { stdout: Buffer.from('oops'), stderr: Buffer.from('sh: 1: syntax error\n'), code: 2 };
    expect(() => envelopeFromRun('ssh://h', run, 'now')).toThrow(TargetError);
    try {
      envelopeFromRun('ssh://h', run, 'now');
    } catch (e) {
      expect((e as TargetError).step).toBe('probe');
      expect((e as Error).message).toBe('the probe printed no facts (no begin marker in its output); exit status 2; stderr: sh: 1: syntax error');
    }
  });

  it('uses a valid envelope even when the probe exited non-zero', () => {
    const run = { stdout: Buffer.from(`${ENVELOPE_BEGIN}${JSON.stringify(good)}${ENVELOPE_END}`), stderr: Buffer.alloc(0), code: 1 };
    expect(envelopeFromRun('t', run, 'now').facts['kerberos']).toBeDefined();
  });
});
