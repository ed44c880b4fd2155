import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupsFor } from '../src/facts/catalog.js';
import { FACTS_SCHEMA_VERSION, validateEnvelope } from '../src/facts/envelope.js';
import { core } from '../fixtures/windows/src/core.js';
import { extra } from '../fixtures/windows/src/extra.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COLLECTED_AT = '2026-01-15T10:00:00.000Z';

/** The full envelope of one machine, as the probe would have printed it (keys sorted for stable diffs). */
export function buildWindowsFixture(machine: string): Record<string, unknown> {
  const c = core[machine];
  if (!c) throw new Error(`fixtures/windows/src/core.ts has no machine ${machine}`);
  const x = extra[machine] ?? { facts: {} };
  const facts: Record<string, unknown> = { ...c.facts, ...x.facts };
  const errors: Record<string, string> = { ...c.errors, ...x.errors };
  const notApplicable: Record<string, string> = { ...c.notApplicable, ...(x as { notApplicable?: Record<string, string> }).notApplicable };
  for (const key of Object.keys(notApplicable)) delete facts[key];
  for (const key of Object.keys(errors)) delete facts[key];
  const sort = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    platform: 'windows',
    collectedAt: COLLECTED_AT,
    target: `fixture:${machine}`,
    probe: { version: '0.1.0', live: true, ...c.probe },
    facts: sort(facts),
    errors: sort(errors),
    notApplicable: sort(notApplicable),
  };
}

/** Groups of the Windows catalog that a machine neither reports, nor errs on, nor calls not applicable. */
export function missingGroups(envelope: Record<string, unknown>): string[] {
  const seen = new Set([envelope['facts'], envelope['errors'], envelope['notApplicable']].flatMap((o) => Object.keys(o as object)));
  return groupsFor('windows').filter((g) => !seen.has(g));
}

export const windowsFixtureMachines = Object.keys(core).sort();

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const machine of windowsFixtureMachines) {
    const envelope = buildWindowsFixture(machine);
    const checked = validateEnvelope(envelope, { target: machine, collectedAt: COLLECTED_AT });
    const problems = Object.entries(checked.errors).filter(([k]) => !Object.hasOwn(envelope['errors'] as object, k));
    for (const [k, why] of problems) console.warn(`${machine}: ${k}: ${why}`);
    writeFileSync(join(root, 'fixtures/windows', `${machine}.json`), `${JSON.stringify(envelope, null, 2)}\n`);
  }
  console.log(`wrote ${windowsFixtureMachines.length} Windows fixtures`);
}
