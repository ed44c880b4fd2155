import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configSchema } from '../../src/config.js';
import { packageRoot } from '../../src/paths.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const file = join(packageRoot, 'schema', 'preseal.config.schema.json');
const shipped = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const validate = addFormats(new Ajv2020({ strict: true, allErrors: true })).compile(shipped);

describe('schema/preseal.config.schema.json', () => {
  it('is the JSON Schema of the zod config schema (regenerate it from configJsonSchema() when this fails)', () => {
    expect(shipped).toEqual(configJsonSchema());
  });

  it('is shipped in the package', () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });

  const severity = fc.constantFrom('error', 'warning', 'info');
  const anyString = fc.oneof(fc.string(), fc.constantFrom('', ' ', 'L036', 'machine-id', '2026-02-29', '2028-02-29', '2026-13-01', '2026-06-15'));
  const junk = fc.oneof(anyString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));
  const maybe = <T>(arb: fc.Arbitrary<T>) =>
    fc.option(fc.oneof({ weight: 4, arbitrary: arb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk }), { nil: undefined });
  const waiver = fc.record(
    {
      rule: maybe(fc.constantFrom('L036', 'machine-id', '')),
      resource: maybe(fc.constantFrom('/etc/machine-id', '')),
      justification: maybe(fc.constantFrom('accepted', '   ', '', 'x')),
      expires: maybe(
        fc.oneof(
          fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          anyString,
        ),
      ),
      extra: fc.option(junk, { nil: undefined }),
    },
    { requiredKeys: [] },
  );
  const config = fc.record(
    {
      failOn: maybe(fc.constantFrom('error', 'warning', 'info', 'none')),
      allowUnknown: maybe(fc.boolean()),
      generalizer: maybe(fc.constantFrom('auto', 'sysprep', 'waagent', 'waagent+user', 'cloud-init', 'none')),
      cloud: maybe(fc.constantFrom('azure', 'auto', 'none')),
      rules: maybe(
        fc.dictionary(
          fc.constantFrom('L036', 'machine-id', 'W001'),
          fc.oneof(fc.constant('off'), severity, fc.record({ enabled: maybe(fc.boolean()), severity: maybe(severity) }, { requiredKeys: [] }), junk),
        ),
      ),
      waivers: maybe(fc.array(waiver, { maxLength: 3 })),
      other: fc.option(junk, { nil: undefined }),
    },
    { requiredKeys: [] },
  );

  it('accepts and rejects the same configs as the zod schema', () => {
    fc.assert(
      fc.property(config, (raw) => {
        // JSON drops undefined keys, as a config file would never carry them.
        const input = JSON.parse(JSON.stringify(raw)) as unknown;
        const byZod = configSchema.safeParse(input).success;
        const byJsonSchema = validate(input);
        expect({ input, byJsonSchema }).toEqual({ input, byJsonSchema: byZod });
      }),
      { numRuns: 3000, seed: 20260615 },
    );
  });

  it('agrees on the edge cases that matter', () => {
    const cases: [unknown, boolean][] = [
      [{}, true],
      [{ waivers: [{ rule: 'L036', justification: 'ok', expires: '2028-02-29' }] }, true],
      [{ waivers: [{ rule: 'L036', justification: 'ok', expires: '2026-02-29' }] }, false],
      [{ waivers: [{ rule: 'L036', justification: ' \t ' }] }, false],
      [{ waivers: [{ rule: 'L036' }] }, false],
      [{ rules: { L036: { enabled: false, severity: 'info' } } }, true],
      [{ rules: { L036: { enabled: 'no' } } }, false],
      [{ rules: { L036: 'critical' } }, false],
      [{ $schema: './node_modules/preseal/schema/preseal.config.schema.json' }, true],
    ];
    for (const [input, valid] of cases) {
      expect([input, configSchema.safeParse(input).success]).toEqual([input, valid]);
      expect([input, validate(input)]).toEqual([input, valid]);
    }
  });
});
