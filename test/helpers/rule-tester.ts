import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { evaluateRule } from '../../src/engine/index.js';
import { catalog, factGroup, type FactKey } from '../../src/facts/catalog.js';
import { FACTS_SCHEMA_VERSION, validateEnvelope, type FactsEnvelope } from '../../src/facts/envelope.js';
import type { AnyRule, RuleExample, RuleSettings } from '../../src/engine/define.js';
import type { Platform, RuleResult } from '../../src/types.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * The recorded whole-machine snapshot every case starts from; a case overrides only the groups
 * it is about. Falls back to an envelope with no facts where no snapshot is recorded yet.
 */
export const BASELINES: Record<Platform, string> = {
  linux: 'fixtures/linux/baseline.json',
  windows: 'fixtures/windows/clean-server-2022.json',
};

const baselineCache = new Map<Platform, FactsEnvelope>();

export function baseline(platform: Platform): FactsEnvelope {
  const cached = baselineCache.get(platform);
  if (cached) return cached;
  const file = join(root, BASELINES[platform]);
  const envelope = existsSync(file)
    ? validateEnvelope(JSON.parse(readFileSync(file, 'utf8')), { target: BASELINES[platform], collectedAt: '' })
    : { schemaVersion: FACTS_SCHEMA_VERSION, platform, collectedAt: '', target: 'empty', facts: {}, errors: {}, notApplicable: {} };
  baselineCache.set(platform, envelope);
  return envelope;
}

const DEFAULT_SETTINGS: Record<Platform, RuleSettings> = {
  linux: { generalizer: 'none', cloud: 'none' },
  windows: { generalizer: 'sysprep', cloud: 'none' },
};

/** The envelope of a case: the baseline with the case's groups put in place (each present and valid). */
export function caseEnvelope(rule: AnyRule, facts: Record<string, unknown>): FactsEnvelope {
  const base = baseline(rule.platform);
  const envelope: FactsEnvelope = { ...base, facts: { ...base.facts }, errors: { ...base.errors }, notApplicable: { ...base.notApplicable } };
  for (const [key, value] of Object.entries(facts)) {
    envelope.facts[key] = value;
    delete envelope.errors[key];
    delete envelope.notApplicable[key];
  }
  return envelope;
}

export function runCase(rule: AnyRule, example: RuleExample<FactKey>): RuleResult {
  const settings = { ...DEFAULT_SETTINGS[rule.platform], ...example.settings };
  return evaluateRule(rule, caseEnvelope(rule, example.facts as Record<string, unknown>), settings);
}

/**
 * Checks the cases themselves, as ESLint's RuleTester does: facts a rule does not read, facts that
 * do not match the catalog schema (so a case cannot test an impossible machine), duplicate cases,
 * unknown or missing message ids, and messages no failing case shows.
 */
/** Every failing example must pin the objects it reports. */
const REQUIRE_RESOURCES: Record<Platform, boolean> = { linux: true, windows: true };

export function checkCases(rule: AnyRule): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const all = [
    ...rule.examples.pass.map((e) => ['pass', e] as const),
    ...rule.examples.fail.map((e) => ['fail', e] as const),
    ...(rule.examples.unknown ?? []).map((e) => ['unknown', e] as const),
    ...(rule.examples.notApplicable ?? []).map((e) => ['not-applicable', e] as const),
  ];
  if (rule.examples.pass.length === 0) problems.push('has no passing example');
  if (rule.examples.fail.length === 0) problems.push('has no failing example');
  for (const [kind, example] of all) {
    const where = `${kind} example "${example.description}"`;
    const key = JSON.stringify([example.facts, example.settings ?? null]);
    if (seen.has(key)) problems.push(`${where} duplicates another example`);
    seen.add(key);
    for (const [group, value] of Object.entries(example.facts)) {
      if (!(rule.facts as readonly string[]).includes(group)) problems.push(`${where} sets fact group "${group}" that the rule does not read`);
      const declared = factGroup(group);
      if (!declared) continue;
      const parsed = declared.schema.safeParse(value);
      if (!parsed.success)
        problems.push(`${where}: ${group} does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    if (kind === 'fail') {
      if (!example.messageIds?.length) problems.push(`${where} names no messageIds`);
      for (const id of example.messageIds ?? []) if (!Object.hasOwn(rule.messages, id)) problems.push(`${where} expects unknown messageId "${id}"`);
      if (REQUIRE_RESOURCES[rule.platform] && !example.resources?.length) problems.push(`${where} names no resources`);
      if (example.resources && example.messageIds && example.resources.length !== example.messageIds.length) {
        problems.push(`${where} names ${example.resources.length} resources for ${example.messageIds.length} messageIds`);
      }
    } else if (example.messageIds?.length || example.resources?.length) {
      problems.push(`${where} is a ${kind} example but names messageIds or resources`);
    } else if (kind !== 'pass' && !example.reason) {
      problems.push(`${where} names no reason`);
    }
  }
  const shown = new Set(rule.examples.fail.flatMap((e) => e.messageIds ?? []));
  for (const id of Object.keys(rule.messages)) if (!shown.has(id)) problems.push(`message "${id}" is shown by no failing example`);
  return problems;
}

/** Metadata every rule must carry, checked without running it. */
export function checkMetadata(rule: AnyRule): string[] {
  const problems: string[] = [];
  const prefix = rule.platform === 'linux' ? 'L' : 'W';
  if (!new RegExp(`^${prefix}\\d{3}$`).test(rule.id)) problems.push(`id "${rule.id}" is not ${prefix} and three digits`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.alias)) problems.push(`alias "${rule.alias}" is not kebab-case`);
  if (!rule.title.trim()) problems.push('has no title');
  if (rule.title.length > 110) problems.push('title is longer than 110 characters');
  if (rule.rationale.trim().length < 40) problems.push('rationale is too short to say why');
  if (rule.remediation.trim().length < 15) problems.push('remediation is too short to say what to do');
  if (rule.references.length === 0) problems.push('has no reference');
  for (const ref of rule.references) if (!/^https:\/\//.test(ref.url)) problems.push(`reference "${ref.title}" is not an https URL`);
  if (rule.facts.length === 0) problems.push('reads no facts');
  for (const key of rule.facts) {
    const group = factGroup(key);
    if (!group) problems.push(`reads fact group "${key}" that the catalog does not declare`);
    else if (!group.platforms.includes(rule.platform)) problems.push(`reads fact group "${key}" that ${rule.platform} probes do not yield`);
  }
  for (const [id, text] of Object.entries(rule.messages)) {
    if (!text.trim()) problems.push(`message "${id}" is empty`);
  }
  return problems;
}

/** Runs every case of a rule and the generated `unknown` cases, with vitest assertions. */
export function assertRule(rule: AnyRule): void {
  expect(checkMetadata(rule), `${rule.id} metadata`).toEqual([]);
  expect(checkCases(rule), `${rule.id} cases`).toEqual([]);
  for (const example of rule.examples.pass) {
    const result = runCase(rule, example);
    expect({ status: result.status, findings: result.findings.map((f) => f.message) }, `${rule.id} pass: ${example.description}`).toEqual({
      status: 'pass',
      findings: [],
    });
  }
  for (const example of rule.examples.fail) {
    const result = runCase(rule, example);
    expect(result.status, `${rule.id} fail: ${example.description} (${result.reason ?? result.message})`).toBe('fail');
    expect(result.findings.map((f) => f.messageId).sort(), `${rule.id} fail: ${example.description}`).toEqual([...(example.messageIds ?? [])].sort());
    if (example.resources) {
      expect(result.findings.map((f) => f.resource).sort(), `${rule.id} fail: ${example.description} (resources)`).toEqual([...example.resources].sort());
    }
    if (example.reason) expect(result.reason, `${rule.id} fail: ${example.description} (reason)`).toContain(example.reason);
    for (const finding of result.findings) {
      expect(finding.resource.trim(), `${rule.id}: a finding names no resource`).not.toBe('');
      expect(finding.message, `${rule.id}: message has an unfilled placeholder`).not.toMatch(/\{\w+\}/);
    }
  }
  for (const [status, examples] of [
    ['unknown', rule.examples.unknown],
    ['not-applicable', rule.examples.notApplicable],
  ] as const) {
    for (const example of examples ?? []) {
      const result = runCase(rule, example);
      expect({ status: result.status, findings: result.findings.length }, `${rule.id} ${status}: ${example.description}`).toEqual({ status, findings: 0 });
      expect(result.reason, `${rule.id} ${status}: ${example.description} (reason)`).toContain(example.reason ?? '');
    }
  }
  // Fail closed: each fact the rule reads, when errored or missing, makes it unknown.
  const firstFail = rule.examples.fail[0];
  for (const key of rule.facts) {
    const facts = { ...(firstFail?.facts as Record<string, unknown>) };
    delete facts[key];
    const errored = caseEnvelope(rule, facts);
    delete errored.facts[key];
    delete errored.notApplicable[key];
    errored.errors[key] = 'access denied';
    const settings = { ...DEFAULT_SETTINGS[rule.platform], ...firstFail?.settings };
    expect(evaluateRule(rule, errored, settings).status, `${rule.id} with ${key} errored`).toBe('unknown');
    delete errored.errors[key];
    expect(evaluateRule(rule, errored, settings).status, `${rule.id} with ${key} missing`).toBe('unknown');
  }
}

export { catalog };
