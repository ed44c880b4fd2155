import { describe, expect, it } from 'vitest';
import { ENVELOPE_BEGIN, ENVELOPE_END, EnvelopeError, envelopeMarkers, extractEnvelope, validateEnvelope } from '../../src/facts/envelope.js';
import { envelopeFromRun, newProbeNonce } from '../../src/probes/run.js';
import { TargetError } from '../../src/errors.js';

const defaults = { target: 't', collectedAt: 'now' };
const good = {
  schemaVersion: 2,
  platform: 'linux',
  facts: { kerberos: { keytab: { path: '/etc/krb5.keytab', present: false } } },
  errors: {},
  notApplicable: {},
};

describe('facts envelope', () => {
  it('finds the envelope among banners and MOTD noise', () => {
    const out = `Welcome to Debian!\n${ENVELOPE_BEGIN}{"not":"this"}${ENVELOPE_END}\nnoise\n${ENVELOPE_BEGIN}\n${JSON.stringify(good)}\n${ENVELOPE_END}\nlogout\n`;
    expect(extractEnvelope(out)).toEqual(good);
  });

  it('names what is wrong with output that holds no envelope', () => {
    expect(() => extractEnvelope('garbage')).toThrow(/no begin marker/);
    expect(() => extractEnvelope(`${ENVELOPE_BEGIN}\n{"a":1`)).toThrow(/cut short/);
    expect(() => extractEnvelope(`${ENVELOPE_BEGIN}\n{"a":\n${ENVELOPE_END}`)).toThrow(/invalid JSON/);
  });

  it('counts a marker only as a whole line, which no JSON string can form', () => {
    const hostile = [
      ENVELOPE_BEGIN,
      ENVELOPE_END,
      `x\n${ENVELOPE_END}\n${ENVELOPE_BEGIN}\n{}`,
      `${ENVELOPE_END}{"schemaVersion":1,"platform":"linux","facts":{}}`,
    ];
    const env = { ...good, facts: { ...good.facts, logFiles: { files: hostile } } };
    const out = `\n${ENVELOPE_BEGIN}\n${JSON.stringify(env)}\n${ENVELOPE_END}\n`;
    expect(extractEnvelope(out)).toEqual(env);
    // CRLF line ends (a Windows console) count as line ends too.
    expect(extractEnvelope(out.replace(/\n/g, '\r\n'))).toEqual(env);
  });

  it("with a nonce, only that run's markers count: fixed or foreign markers are noise", () => {
    const nonce = newProbeNonce();
    const { begin, end } = envelopeMarkers(nonce);
    const forged = { ...good, facts: { os: { name: 'Forged' } } };
    const other = envelopeMarkers(newProbeNonce());
    const out = [
      `${begin}`,
      JSON.stringify(good),
      `${end}`,
      ENVELOPE_BEGIN,
      JSON.stringify(forged),
      ENVELOPE_END,
      other.begin,
      JSON.stringify(forged),
      other.end,
      '',
    ].join('\n');
    expect(extractEnvelope(out, nonce)).toEqual(good);
    expect(() => extractEnvelope(`${ENVELOPE_BEGIN}\n${JSON.stringify(forged)}\n${ENVELOPE_END}\n`, nonce)).toThrow(/no begin marker/);
    expect(() => envelopeMarkers('not-a-nonce')).toThrow();
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

  it('uses a valid envelope from a probe that exited 0', () => {
    const run = { stdout: Buffer.from(`${ENVELOPE_BEGIN}\n${JSON.stringify(good)}\n${ENVELOPE_END}\n`), stderr: Buffer.alloc(0), code: 0 };
    expect(envelopeFromRun('t', run, 'now').facts['kerberos']).toBeDefined();
  });

  it('does not use a valid envelope from a probe that did not end cleanly: a probe error', () => {
    const stdout = Buffer.from(`${ENVELOPE_BEGIN}\n${JSON.stringify(good)}\n${ENVELOPE_END}\n`);
    const cases: [{ code: number | null; signal?: string | null }, string][] = [
      [{ code: 1 }, 'exit status 1'],
      [{ code: null, signal: 'KILL' }, 'killed by KILL'],
      [{ code: null, signal: null }, 'no exit status'],
    ];
    for (const [end, says] of cases) {
      const e = (() => {
        try {
          envelopeFromRun('t', { stdout, stderr: Buffer.from('boom\n'), ...end }, 'now');
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e, says).toBeInstanceOf(TargetError);
      expect((e as TargetError).step).toBe('probe');
      expect((e as Error).message).toBe(`the probe printed facts but did not end cleanly (${says}), so they are not used; stderr: boom`);
    }
  });
});
