import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { PresealError } from '../../src/errors.js';
import { EnvelopeError, extractEnvelope, validateEnvelope, ENVELOPE_BEGIN, ENVELOPE_END } from '../../src/facts/envelope.js';
import { parseInventory } from '../../src/inventory.js';
import { parseTarget } from '../../src/targets.js';

const runs = { numRuns: 2000 };

/** A parser of outside data may reject its input, but only with its own clear error, never a crash. */
function rejectsCleanly(e: unknown, ...kinds: (new (...args: never[]) => Error)[]): void {
  if (!kinds.some((k) => e instanceof k)) throw e;
  expect((e as Error).message.length).toBeGreaterThan(0);
  expect((e as Error).message).not.toMatch(/\n\s+at /);
}

const jsonish = fc.jsonValue({ maxDepth: 4 });

describe('outside data never crashes a parser', () => {
  it('probe output: extractEnvelope and validateEnvelope', () => {
    const framed = fc
      .tuple(fc.string(), jsonish, fc.string())
      .map(([pre, body, post]) => `${pre}\n${ENVELOPE_BEGIN}\n${JSON.stringify(body)}\n${ENVELOPE_END}\n${post}`);
    const envelopeLike = fc.record(
      {
        schemaVersion: fc.oneof(fc.constant(2), jsonish),
        platform: fc.oneof(fc.constantFrom('linux', 'windows'), jsonish),
        facts: fc.oneof(fc.dictionary(fc.constantFrom('os', 'machineId', 'kerberos', 'computerSystem', 'x', '__proto__', 'constructor'), jsonish), jsonish),
        errors: fc.oneof(fc.dictionary(fc.string(), fc.string()), jsonish),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          framed,
          envelopeLike.map((e) => `${ENVELOPE_BEGIN}\n${JSON.stringify(e)}\n${ENVELOPE_END}`),
        ),
        (out) => {
          try {
            const env = validateEnvelope(extractEnvelope(out), { target: 't', collectedAt: '' });
            // Whatever got through is well formed: each group is a fact, an error or not applicable.
            expect(['linux', 'windows']).toContain(env.platform);
            for (const key of Object.keys(env.errors)) expect(typeof env.errors[key]).toBe('string');
          } catch (e) {
            rejectsCleanly(e, EnvelopeError);
          }
        },
      ),
      runs,
    );
  });

  it('config files', async () => {
    const configLike = fc.record(
      {
        failOn: fc.oneof(fc.constantFrom('error', 'warning', 'info', 'none'), jsonish),
        rules: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.constantFrom('off', 'error', 'warning'), jsonish)), jsonish),
        generalizer: jsonish,
        extra: jsonish,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          configLike.map((c) => JSON.stringify(c)),
        ),
        fc.constantFrom('c.json', 'c.yaml'),
        async (text, file) => {
          try {
            await parseConfig(text, file);
          } catch (e) {
            rejectsCleanly(e, PresealError);
            expect((e as Error).message.startsWith(`${file}: `)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('inventories', async () => {
    const iniLine = fc.oneof(
      fc.string(),
      fc.constantFrom('[web]', '[web:vars]', '[all:children]', 'web', 'h[1:3] ansible_user=x', 'ansible_connection=winrm', 'x ansible_port=abc', 'h[a:9]'),
    );
    const ini = fc.array(iniLine, { maxLength: 12 }).map((l) => l.join('\n'));
    const yamlDoc = fc
      .oneof(jsonish, fc.record({ targets: fc.oneof(fc.array(fc.oneof(fc.string(), jsonish), { maxLength: 5 }), jsonish) }), fc.record({ all: jsonish }))
      .map((d) => JSON.stringify(d));
    await fc.assert(
      fc.asyncProperty(fc.oneof(ini, yamlDoc, fc.string()), async (text) => {
        try {
          await parseInventory(text, 'inv');
        } catch (e) {
          rejectsCleanly(e, PresealError);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('target strings', () => {
    const targetish = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom('ssh://', 'winrm://', 'winrms://', 'root:', 'facts:', ''), fc.string()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(targetish, (raw) => {
        try {
          parseTarget(raw);
        } catch (e) {
          rejectsCleanly(e, PresealError);
        }
      }),
      runs,
    );
  });
});
