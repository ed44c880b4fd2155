import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.js';
import type { AnyRule } from './rules/define.js';
import type { FailOn, RuleResult, Severity } from './types.js';

const severity = z.enum(['error', 'warning', 'info']);
const ruleSetting = z.union([z.literal('off'), severity, z.object({ enabled: z.boolean().optional(), severity: severity.optional() }).strict()]);

export const configSchema = z.object({
  $schema: z.string().optional(),
  failOn: z.enum(['error', 'warning', 'info', 'none']).optional(),
  allowUnknown: z.boolean().optional(),
  generalizer: z.enum(['auto', 'sysprep', 'waagent', 'waagent+user', 'cloud-init', 'none']).optional(),
  cloud: z.string().optional(),
  rules: z.record(z.string(), ruleSetting).optional(),
}).strict();

export type Config = z.infer<typeof configSchema>;

export const CONFIG_NAMES = ['preseal.config.json', 'preseal.config.yaml', 'preseal.config.yml'];

function issuePath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(top level)';
}

/** Parses config text; errors name the file, the key and what was expected. */
export async function parseConfig(text: string, file: string): Promise<Config> {
  let data: unknown;
  try {
    if (/\.ya?ml$/i.test(file)) {
      const { parse } = await import('yaml');
      data = parse(text) ?? {};
    } else {
      data = JSON.parse(text);
    }
  } catch (e) {
    throw new UsageError(`${file}: cannot parse: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${file}: ${issue ? `${issuePath(issue.path)}: ${issue.message}` : 'invalid config'}`, 'see schema/preseal.config.schema.json');
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

/** Applies config to evaluated results: turned-off rules are `skipped` (reported, not hidden), severities re-levelled. */
export function applyConfig(results: RuleResult[], rules: readonly AnyRule[], config: Config, selection: Selection): RuleResult[] {
  const off = disabledRules(rules, config, selection);
  return results.map((result) => {
    const rule = rules.find((r) => r.id === result.ruleId);
    const reason = off.get(result.ruleId);
    if (reason) return { ...result, status: 'skipped', reason, message: reason, evidence: [], findings: [] };
    const severity = rule && severityOverride(config, rule);
    return severity && !result.cleanedBy ? { ...result, severity } : result;
  });
}

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Whether a result gates: failed (or unknown, unless allowed) at or above --fail-on. */
export function gates(result: RuleResult, failOn: FailOn, allowUnknown: boolean): boolean {
  if (failOn === 'none') return false;
  if (result.status !== 'fail' && !(result.status === 'unknown' && !allowUnknown)) return false;
  return rank[result.severity] >= rank[failOn];
}
