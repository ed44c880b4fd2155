import type { Facts } from '../facts/catalog.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import { CLOUD_UNKNOWN, detectGeneralizer, detectCloud } from '../platforms/index.js';
import { renderTemplate, type AnyRule, type ReportDescriptor, type RuleSettings } from './define.js';
import { rank, worstSeverity } from './results.js';
import { UsageError } from '../errors.js';
import type { Finding, Generalizer, RuleResult, Settings, Status, Summary } from '../types.js';

export function resolveSettings(envelope: FactsEnvelope, settings: Settings): RuleSettings {
  const generalizer = settings.generalizer === 'auto' ? detectGeneralizer(envelope) : settings.generalizer;
  const cloud = settings.cloud === 'auto' ? detectCloud(envelope) : settings.cloud;
  return { generalizer, cloud, ...(settings.sysprepArgs ? { sysprepArgs: settings.sysprepArgs } : {}) };
}

const PLATFORM_OF: Record<Generalizer, 'linux' | 'windows' | undefined> = {
  sysprep: 'windows',
  waagent: 'linux',
  'waagent+user': 'linux',
  'cloud-init': 'linux',
  none: undefined,
};

/** A generalizer named for the wrong platform (`--generalizer sysprep` on Linux) is a usage error. */
export function checkGeneralizer(envelope: FactsEnvelope, settings: Settings): void {
  if (settings.generalizer === 'auto') return;
  const platform = PLATFORM_OF[settings.generalizer];
  if (platform !== undefined && platform !== envelope.platform) {
    throw new UsageError(
      `--generalizer ${settings.generalizer} is for ${platform}, but ${envelope.target || 'the target'} is ${envelope.platform}`,
      envelope.platform === 'linux'
        ? 'use waagent, waagent+user, cloud-init or none (or leave it out to detect it)'
        : 'use sysprep or none (or leave it out to detect it)',
    );
  }
}

/**
 * Whether the generalizer is installed on the target, from its facts: true, false, or undefined
 * when the facts do not tell. The one place that reads this; the fact groups it reads
 * (provisioning.waagent, provisioning.cloudInit) may be renamed here alone.
 */
export function generalizerInstalled(envelope: FactsEnvelope, generalizer: Generalizer): boolean | undefined {
  // The Linux probe's one reading of what is installed (src/facts/linux/provisioning.ts).
  const provisioning = envelope.facts['provisioning'] as Partial<Facts['provisioning']> | undefined;
  switch (generalizer) {
    case 'waagent':
    case 'waagent+user':
      return provisioning?.waagent?.installed;
    case 'cloud-init':
      return provisioning?.cloudInit?.installed;
    case 'sysprep':
      // Sysprep ships with every Windows; the probe does not look for it.
      return envelope.platform === 'windows';
    case 'none':
      return undefined;
  }
}

function baseResult(rule: AnyRule, status: Status, message: string, extra: Partial<RuleResult> = {}): RuleResult {
  return {
    ruleId: rule.id,
    slug: rule.alias,
    title: rule.title,
    severity: rule.severity,
    status,
    message,
    evidence: [],
    remediation: rule.remediation,
    findings: [],
    ...extra,
  };
}

/**
 * Hands a rule only the facts it declared, so a rule that reads an undeclared group fails in its
 * tests instead of silently depending on a fact whose absence would not make it `unknown`.
 */
function declaredFacts(rule: AnyRule, facts: Record<string, unknown>): Record<string, unknown> {
  const allowed = new Set<string>(rule.facts);
  return new Proxy(facts, {
    get(target, key) {
      if (typeof key === 'string' && !allowed.has(key)) {
        throw new Error(`rule ${rule.id} read fact group "${key}" without declaring it in its facts`);
      }
      return Reflect.get(target, key);
    },
  });
}

/**
 * Evaluates one rule against one envelope. Pure: no I/O, no clock. `cleaning` is false when the
 * generalizer is not installed on the target: then nothing is reported as cleaned by it.
 */
export function evaluateRule(rule: AnyRule, envelope: FactsEnvelope, settings: RuleSettings, cleaning = true): RuleResult {
  if (rule.platform !== envelope.platform) {
    return baseResult(rule, 'not-applicable', `applies to ${rule.platform} only`, { reason: `applies to ${rule.platform} only` });
  }
  if (rule.cloud && settings.cloud === CLOUD_UNKNOWN) {
    const why = Object.hasOwn(envelope.errors, 'cloud') ? `: ${envelope.errors['cloud']}` : '';
    const reason = `applies to ${rule.cloud} only, and the cloud could not be detected${why} (use --cloud ${rule.cloud} or --cloud none to say)`;
    return baseResult(rule, 'unknown', reason, { reason });
  }
  if (rule.cloud && settings.cloud !== rule.cloud) {
    const reason = `applies to ${rule.cloud} only (cloud: ${settings.cloud}; use --cloud ${rule.cloud} to force)`;
    return baseResult(rule, 'not-applicable', reason, { reason });
  }
  const missing: string[] = [];
  const notApplicable: string[] = [];
  for (const key of rule.facts) {
    if (Object.hasOwn(envelope.errors, key)) missing.push(`${key}: ${envelope.errors[key]}`);
    else if (Object.hasOwn(envelope.notApplicable, key)) notApplicable.push(`${key}: ${envelope.notApplicable[key]}`);
    else if (!Object.hasOwn(envelope.facts, key)) missing.push(`${key}: not collected`);
  }
  if (missing.length > 0) {
    const reason = `facts not gathered (${missing.join('; ')})`;
    return baseResult(rule, 'unknown', reason, { reason });
  }
  if (notApplicable.length > 0) {
    const reason = notApplicable.join('; ');
    return baseResult(rule, 'not-applicable', reason, { reason });
  }

  const reports: ReportDescriptor[] = [];
  let verdict: { status: 'unknown' | 'not-applicable'; reason: string } | undefined;
  rule.check(declaredFacts(rule, envelope.facts) as never, {
    settings,
    report: (d) => void reports.push(d),
    notApplicable: (reason) => {
      verdict ??= { status: 'not-applicable', reason };
    },
    unknown: (reason) => {
      verdict ??= { status: 'unknown', reason };
    },
  });

  const findings = reports.map((d) => toFinding(rule, d, cleaning ? settings.generalizer : undefined)).sort(compareFindings);
  if (findings.length > 0) {
    const first = findings[0] as Finding;
    const unlisted = unlistedCount(rule, envelope.facts, findings.length);
    const others = findings.length - 1 + unlisted;
    const message = others === 0 ? first.message : `${first.message} (and ${others} more)`;
    const result = baseResult(rule, 'fail', message, { findings, evidence: findings.map(evidenceLine), ...(unlisted > 0 ? { unlisted } : {}) });
    if (cleaning && rule.cleanedBy?.includes(settings.generalizer)) {
      for (const f of findings) {
        f.severity = 'info';
        f.cleanedBy = settings.generalizer;
      }
    }
    // The result is as severe as its worst finding, and cleaned only when all of them are.
    result.severity = worstSeverity(findings.map((f) => f.severity));
    if (findings.every((f) => f.cleanedBy)) result.cleanedBy = settings.generalizer;
    if (verdict?.status === 'unknown') result.reason = verdict.reason;
    return result;
  }
  if (verdict) return baseResult(rule, verdict.status, verdict.reason, { reason: verdict.reason });
  return baseResult(rule, 'pass', rule.title);
}

/**
 * How many objects a capped probe list counted but did not name, when the rule reported one finding
 * per listed object: a declared group of the form `{ count, <list> }` (e.g. tmpFiles: the first 50
 * entries named, all counted) whose list is as long as the findings. 0 otherwise.
 */
export function unlistedCount(rule: AnyRule, facts: Record<string, unknown>, findings: number): number {
  for (const key of rule.facts) {
    const group = facts[key];
    if (typeof group !== 'object' || group === null) continue;
    const { count } = group as { count?: unknown };
    if (typeof count !== 'number') continue;
    const lists = Object.values(group).filter((v): v is unknown[] => Array.isArray(v));
    if (lists.length >= 1 && lists[0]?.length === findings && count > findings) return count - findings;
  }
  return 0;
}

function toFinding(rule: AnyRule, d: ReportDescriptor, generalizer: Generalizer | undefined): Finding {
  const template = rule.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${d.messageId}"`);
  const data = { resource: d.resource, ...d.data };
  const lowered = d.severity && rank[d.severity] < rank[rule.severity] ? d.severity : rule.severity;
  const finding: Finding = { messageId: d.messageId, message: renderTemplate(template, data), resource: d.resource, data, severity: lowered };
  if (generalizer !== undefined && d.cleanedBy?.includes(generalizer)) {
    finding.severity = 'info';
    finding.cleanedBy = generalizer;
  }
  return finding;
}

function evidenceLine(f: Finding): string {
  return f.message.includes(f.resource) ? f.message : `${f.resource}: ${f.message}`;
}

function compareFindings(a: Finding, b: Finding): number {
  return a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function evaluate(rules: readonly AnyRule[], envelope: FactsEnvelope, settings: RuleSettings, cleaning = true): RuleResult[] {
  return rules.map((rule) => evaluateRule(rule, envelope, settings, cleaning)).sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

export function summarize(results: readonly RuleResult[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, unknown: 0, waived: 0, skipped: 0, notApplicable: 0 };
  for (const r of results) {
    if (r.status === 'not-applicable') summary.notApplicable++;
    else summary[r.status]++;
  }
  return summary;
}
