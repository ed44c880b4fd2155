import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.js';
import type { AnyRule } from './engine/define.js';
import { worstSeverity } from './engine/results.js';
import type { Finding, RuleResult, Severity } from './types.js';
import { parseYaml } from './yaml.js';

const severity = z.enum(['error', 'warning', 'info'], { error: 'expected one of error, warning, info' });
const ruleSetting = z
  .union(
    [
      z.literal('off'),
      severity,
      z
        .object({
          enabled: z.boolean({ error: 'expected true or false' }).optional().meta({ description: 'false turns the rule off (reported as skipped).' }),
          severity: severity.optional().meta({ description: 'The severity the rule reports with instead of its own.' }),
        })
        .strict(),
    ],
    { error: 'expected "off", a severity (error, warning, info) or an object {enabled, severity}' },
  )
  .meta({ description: '"off", a new severity, or {enabled, severity}.' });

const isoDate = z.iso.date({ error: 'expected a date written YYYY-MM-DD' });

export const waiverSchema = z
  .object({
    rule: z
      .string({ error: 'expected the id or alias of a rule, e.g. L036 or machine-id' })
      .min(1, { error: 'expected the id or alias of a rule, e.g. L036 or machine-id' })
      .meta({ description: 'The rule waived: its id (L036) or alias (machine-id).' }),
    resource: z
      .string({ error: 'expected the exact resource a finding names (a path, package, account or registry value)' })
      .min(1, { error: 'expected a non-empty resource' })
      .optional()
      .meta({
        description:
          'Waive only the finding that names this resource (a path, package, account, registry value), exactly as reported. Without it the whole rule is waived.',
      }),
    justification: z
      .string({ error: 'expected a justification: why this finding is accepted' })
      .regex(/\S/, { error: 'expected a non-empty justification: why this finding is accepted' })
      .meta({ description: 'Why the finding is accepted. Shown with every waived result.' }),
    expires: isoDate.optional().meta({ description: 'The date (YYYY-MM-DD) from which the waiver no longer applies; without it the waiver does not expire.' }),
  })
  .strict();

export type Waiver = z.infer<typeof waiverSchema>;

export const configSchema = z
  .object({
    $schema: z.string().optional().meta({ description: 'The JSON Schema of this file, for editors.' }),
    failOn: z
      .enum(['error', 'warning', 'info', 'none'], { error: 'expected one of error, warning, info, none' })
      .optional()
      .meta({ description: 'Lowest severity that fails the run (exit 1). Default: error. --fail-on overrides it.' }),
    allowUnknown: z
      .boolean({ error: 'expected true or false' })
      .optional()
      .meta({ description: 'Do not fail on rules whose facts could not be gathered. Default: false.' }),
    generalizer: z
      .enum(['auto', 'sysprep', 'waagent', 'waagent+user', 'cloud-init', 'none'], {
        error: 'expected one of auto, sysprep, waagent, waagent+user, cloud-init, none',
      })
      .optional()
      .meta({ description: 'The step that follows the lint; what it cleans by itself is reported as info. Default: auto (detected).' }),
    cloud: z
      .string({ error: 'expected a cloud name such as azure, none or auto' })
      .optional()
      .meta({ description: 'The target cloud (e.g. azure, none). Default: auto (detected).' }),
    sysprepArgs: z
      .string({ error: 'expected the Sysprep command line as a string, e.g. "/generalize /oobe /shutdown"' })
      .optional()
      .meta({ description: 'The Sysprep command line the pipeline will run, for the rules that judge it (W022). Same as --sysprep-args.' }),
    rules: z
      .record(z.string(), ruleSetting, { error: 'expected a map of rule id or alias to a setting' })
      .optional()
      .meta({ description: 'Per-rule settings, keyed by rule id or alias.' }),
    waivers: z
      .array(waiverSchema, { error: 'expected a list of waivers' })
      .optional()
      .meta({ description: 'Findings accepted on purpose. A waived result is reported as waived with its justification; it does not fail the run.' }),
  })
  .strict()
  .meta({ title: 'preseal configuration', description: 'preseal.config.json or preseal.config.yaml' });

export type Config = z.infer<typeof configSchema>;

export const CONFIG_NAMES = ['preseal.config.json', 'preseal.config.yaml', 'preseal.config.yml'];

/** The JSON Schema shipped as schema/preseal.config.schema.json, derived from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}

/** `waivers.0.rule` → `waivers[0].rule`. */
function issuePath(path: readonly PropertyKey[]): string {
  if (!path.length) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Parses config text; errors name the file, the key and what was expected. */
export async function parseConfig(text: string, file: string): Promise<Config> {
  let data: unknown;
  try {
    if (/\.ya?ml$/i.test(file)) {
      data = (await parseYaml(text)) ?? {};
    } else {
      data = JSON.parse(text);
    }
  } catch (e) {
    throw new UsageError(`${file}: cannot parse: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file}: (top level): expected an object of settings`, 'see schema/preseal.config.schema.json, or run `preseal init`');
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue?.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}` : (issue?.message ?? 'invalid config');
    throw new UsageError(`${file}: ${issue ? `${issuePath(issue.path)}: ${what}` : what}`, 'see schema/preseal.config.schema.json, or run `preseal init`');
  }
  return parsed.data;
}

/** Loads --config FILE, or preseal.config.json / .yaml from the current folder, or nothing. */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<{ config: Config; file?: string }> {
  const file = explicit ?? CONFIG_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p));
  if (!file) return { config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { config: await parseConfig(text, file), file };
}

export function findRule(rules: readonly AnyRule[], idOrAlias: string): AnyRule | undefined {
  const key = idOrAlias.toLowerCase();
  return rules.find((r) => r.id.toLowerCase() === key || r.alias === key);
}

/** Checks that every rule a config or flag names exists, so that a typo is an error (exit 2), not a silent no-op. */
export function checkRuleNames(rules: readonly AnyRule[], names: readonly string[], where: string): void {
  for (const name of names) {
    if (!findRule(rules, name)) throw new UsageError(`${where}: no rule "${name}"`, 'run `preseal rules` for the ids and aliases');
  }
}

/** Checks every rule the config names, in `rules` and in `waivers`, naming the file and the key. */
export function checkConfigRules(rules: readonly AnyRule[], config: Config, file = 'config'): void {
  for (const name of Object.keys(config.rules ?? {})) checkRuleNames(rules, [name], `${file}: rules.${name}`);
  for (const [i, w] of (config.waivers ?? []).entries()) checkRuleNames(rules, [w.rule], `${file}: waivers[${i}].rule`);
}

export interface Selection {
  only: readonly string[];
  skip: readonly string[];
}

/** The rule ids turned off by config or --skip, or left out by --rule, with why. */
export function disabledRules(rules: readonly AnyRule[], config: Config, selection: Selection): Map<string, string> {
  const off = new Map<string, string>();
  const only = new Set(selection.only.map((n) => findRule(rules, n)?.id));
  for (const rule of rules) {
    const setting = config.rules?.[rule.id] ?? config.rules?.[rule.alias];
    if (setting === 'off' || (typeof setting === 'object' && setting.enabled === false)) off.set(rule.id, 'turned off in the config');
    if (selection.skip.some((n) => findRule(rules, n)?.id === rule.id)) off.set(rule.id, 'skipped with --skip');
    if (only.size > 0 && !only.has(rule.id)) off.set(rule.id, 'not selected with --rule');
  }
  return off;
}

export function severityOverride(config: Config, rule: AnyRule): Severity | undefined {
  const setting = config.rules?.[rule.id] ?? config.rules?.[rule.alias];
  if (setting === undefined || setting === 'off') return undefined;
  return typeof setting === 'string' ? setting : setting.severity;
}

/** Today's local date as YYYY-MM-DD. Only the CLI should call this; the engine gets the date passed in. */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Like InSpec's expiration_date: a waiver stops applying at the start of its expiry date. */
function expired(waiver: Waiver, today: string): boolean {
  return waiver.expires !== undefined && waiver.expires <= today;
}

function describeWaiver(rule: AnyRule, w: Waiver): string {
  return `waiver for ${rule.id} ${rule.alias}${w.resource !== undefined ? ` on ${w.resource}` : ''}`;
}

function waivedMark(w: Waiver): NonNullable<Finding['waived']> {
  return w.expires !== undefined ? { justification: w.justification, expires: w.expires } : { justification: w.justification };
}

function justificationOf(marks: readonly NonNullable<Finding['waived']>[]): string {
  const texts = [...new Set(marks.map((m) => m.justification + (m.expires ? ` (until ${m.expires})` : '')))];
  return texts.join('; ');
}

/**
 * Applies the waivers of one rule to its evaluated result. A waiver with a resource waives the
 * finding that names that resource; one without waives the whole rule (an `unknown` too). Results
 * whose findings are all waived become `waived`; otherwise the waived findings are marked and the
 * rest still fail. Expired waivers stop applying and leave a note.
 */
function applyWaivers(result: RuleResult, rule: AnyRule, waivers: readonly Waiver[], today: string, notes: string[]): RuleResult {
  if (result.status !== 'fail' && result.status !== 'unknown') return result;
  const active = waivers.filter((w) => !expired(w, today));
  for (const w of waivers) {
    if (!expired(w, today)) continue;
    const wouldMatch = w.resource === undefined || result.findings.some((f) => f.resource === w.resource);
    if (wouldMatch) notes.push(`${describeWaiver(rule, w)} expired on ${w.expires}; ${rule.id} is evaluated normally`);
  }
  const wholeRule = active.find((w) => w.resource === undefined);
  if (result.status === 'unknown') {
    if (!wholeRule) return result;
    return { ...result, status: 'waived', reason: justificationOf([waivedMark(wholeRule)]) };
  }
  for (const w of active) {
    if (w.resource !== undefined && !result.findings.some((f) => f.resource === w.resource)) {
      notes.push(`${describeWaiver(rule, w)} matches no finding (${rule.id} reported: ${result.findings.map((f) => f.resource).join(', ')})`);
    }
  }
  const findings = result.findings.map((f) => {
    const w = active.find((x) => x.resource === f.resource) ?? wholeRule;
    return w ? { ...f, waived: waivedMark(w) } : f;
  });
  const open = findings.filter((f) => !f.waived);
  const marks = findings.flatMap((f) => (f.waived ? [f.waived] : []));
  if (marks.length === 0) return result;
  if (open.length === 0) return { ...result, status: 'waived', findings, reason: justificationOf(marks) };
  const evidence = result.evidence.length === findings.length ? result.evidence.filter((_, i) => !findings[i]?.waived) : result.evidence;
  const first = open[0] as Finding;
  const more = open.length > 1 ? ` (and ${open.length - 1} more)` : '';
  // What still fails decides how severe the result is: waiving the error-level finding leaves a warning.
  const severity = worstSeverity(open.map((f) => f.severity));
  return { ...result, severity, findings, evidence, message: `${first.message}${more}; ${marks.length} waived` };
}

export interface ConfiguredResults {
  results: RuleResult[];
  /** Notes for the target report: expired waivers, waivers that match nothing. */
  notes: string[];
}

/**
 * Applies config to one target's evaluated results: turned-off rules are `skipped` (reported, not
 * hidden), severities re-levelled, waivers applied as of `today` (YYYY-MM-DD). The CLI passes
 * it in; only a caller that gives none gets the local date.
 */
export function applyConfigToTarget(
  results: readonly RuleResult[],
  rules: readonly AnyRule[],
  config: Config,
  selection: Selection,
  today: string = localDate(),
): ConfiguredResults {
  const off = disabledRules(rules, config, selection);
  const notes: string[] = [];
  const waivers = config.waivers ?? [];
  for (const [i, w] of waivers.entries()) {
    if (!findRule(rules, w.rule)) throw new UsageError(`config: waivers[${i}].rule: no rule "${w.rule}"`, 'run `preseal rules` for the ids and aliases');
  }
  const out = results.map((result) => {
    const rule = rules.find((r) => r.id === result.ruleId);
    const reason = off.get(result.ruleId);
    if (reason) return { ...result, status: 'skipped' as const, reason, message: reason, evidence: [], findings: [] };
    if (!rule) return result;
    const severity = severityOverride(config, rule);
    // A re-levelled rule reports every finding at the configured severity.
    const levelled = severity && !result.cleanedBy ? { ...result, severity, findings: result.findings.map((f) => ({ ...f, severity })) } : result;
    const mine = waivers.filter((w) => findRule(rules, w.rule)?.id === rule.id);
    return mine.length ? applyWaivers(levelled, rule, mine, today, notes) : levelled;
  });
  return { results: out, notes };
}

/** The results of {@link applyConfigToTarget}; its notes are dropped, so prefer that one. */
export function applyConfig(results: RuleResult[], rules: readonly AnyRule[], config: Config, selection: Selection, today: string = localDate()): RuleResult[] {
  return applyConfigToTarget(results, rules, config, selection, today).results;
}
