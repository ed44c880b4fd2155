import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { windowsFacts } from '../../src/facts/windows/index.js';
import { validateEnvelope } from '../../src/facts/envelope.js';
import { buildWindowsFixture, missingGroups, windowsFixtureMachines } from '../../scripts/build-windows-fixtures.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

// What the Windows rules say about each machine (every other Windows rule passes or does not apply).
const expected: Record<string, Record<string, 'fail' | 'unknown'>> = {
  // W061: with Remote Desktop on, every machine holds the certificate Remote Desktop made for itself.
  'clean-server-2022': { W061: 'fail' },
  // W060: the build runs as a domain account and the local Administrator's profile is still there.
  'domain-member-wsus': { W001: 'fail', W003: 'fail', W008: 'fail', W026: 'fail', W030: 'fail', W036: 'fail', W060: 'fail', W061: 'fail' },
  'win11-store-app': { W004: 'fail', W005: 'fail', W006: 'fail', W018: 'fail', W024: 'fail', W025: 'fail', W028: 'fail', W061: 'fail' },
  'failed-sysprep': { W010: 'fail', W011: 'fail', W012: 'fail', W013: 'fail', W020: 'fail', W021: 'fail', W033: 'fail', W061: 'fail' },
  'bitlocker-on': { W006: 'unknown', W023: 'fail', W024: 'unknown', W044: 'fail', W061: 'fail' },
};
const windowsRules = rules.filter((r) => r.platform === 'windows').length;
const mine = (id: string) => /^W\d{3}$/.test(id);

describe('Windows fixture machines', () => {
  it('has an expectation for every machine', () => {
    expect(Object.keys(expected).sort()).toEqual(windowsFixtureMachines);
  });

  for (const machine of windowsFixtureMachines) {
    describe(machine, () => {
      const built = buildWindowsFixture(machine);

      it('is up to date with fixtures/windows/src (npx tsx scripts/build-windows-fixtures.ts)', () => {
        const onDisk = JSON.parse(readFileSync(join(root, 'fixtures/windows', `${machine}.json`), 'utf8'));
        expect(onDisk).toEqual(built);
      });

      it('reports every Windows group, and each matches its schema', () => {
        expect(missingGroups(built)).toEqual([]);
        const checked = validateEnvelope(built, { target: machine, collectedAt: 'x' });
        const declaredErrors = built['errors'] as Record<string, string>;
        const schemaErrors = Object.entries(checked.errors).filter(([k]) => !Object.hasOwn(declaredErrors, k));
        expect(schemaErrors).toEqual([]);
        for (const key of Object.keys(windowsFacts)) {
          if (key in checked.facts) expect(windowsFacts[key as keyof typeof windowsFacts].schema.safeParse(checked.facts[key]).success).toBe(true);
        }
      });

      it('lints to the expected Windows results through the CLI', async () => {
        const file = join(root, 'fixtures/windows', `${machine}.json`);
        const out = await run(process.execPath, [join(root, 'bin/preseal.js'), 'lint', `facts:${file}`, '--format', 'json'], { cwd: root }).catch(
          (e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code }),
        );
        expect(out.stdout, `preseal printed no report; stderr: ${out.stderr}`).not.toBe('');
        const report = JSON.parse(out.stdout) as { targets: { error: unknown; results: { ruleId: string; status: string }[] }[] };
        const target = report.targets[0];
        expect(target?.error).toBeNull();
        const got = Object.fromEntries(
          (target?.results ?? []).filter((r) => mine(r.ruleId) && (r.status === 'fail' || r.status === 'unknown')).map((r) => [r.ruleId, r.status]),
        );
        expect(got).toEqual(expected[machine]);
        const ran = (target?.results ?? []).filter((r) => mine(r.ruleId)).length;
        expect(ran).toBe(windowsRules);
      }, 60_000);
    });
  }
});
