import { applyConfigToTarget, localDate, type Config } from '../../src/config.js';
import { evaluate, evaluateRule, resolveSettings, summarize } from '../../src/engine/index.js';
import { TargetError } from '../../src/errors.js';
import { FACTS_SCHEMA_VERSION, type FactsEnvelope } from '../../src/facts/envelope.js';
import { buildReport, errorReport } from '../../src/lint.js';
import type { AnyRule } from '../../src/engine/define.js';
import type { ReporterContext } from '../../src/reporters/types.js';
import type { Platform, Report, TargetReport } from '../../src/types.js';
import { rules } from '../../rules/index.js';

export { rules };

export const TODAY = '2026-06-15';

function envelopeOf(platform: Platform, target: string, facts: Record<string, unknown>, errors: Record<string, string> = {}): FactsEnvelope {
  return { schemaVersion: FACTS_SCHEMA_VERSION, platform, collectedAt: '2026-06-15T08:00:00Z', target, facts, errors, notApplicable: {} };
}

/**
 * One target through the real engine and config, notes included, as the CLI builds it. Each rule
 * of the platform is evaluated on its own first failing example, so every one of them fails; the
 * facts of the platform's last rule are recorded as errored, so that rule comes out `unknown`.
 */
export function failingTarget(platform: Platform, target: string, config: Config = {}, today = TODAY): TargetReport {
  const settings = { generalizer: 'none', cloud: 'none' } as const;
  const last = rules.filter((r) => r.platform === platform && !r.cloud).at(-1);
  const evaluated = rules
    .map((rule) => {
      if (rule === last) {
        const errors = Object.fromEntries(rule.facts.map((k) => [k, 'Access is denied. <probe ran as a standard user> & "quoted"']));
        return evaluateRule(rule, envelopeOf(platform, target, {}, errors), settings);
      }
      return evaluateRule(rule, envelopeOf(platform, target, { ...(rule.examples.fail[0]?.facts ?? {}) }), settings);
    })
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const { results, notes } = applyConfigToTarget(evaluated, rules, config, { only: [], skip: [] }, today);
  const report: TargetReport = {
    target,
    platform,
    os: platform === 'linux' ? { name: 'Debian GNU/Linux', version: '12' } : { name: 'Windows Server 2022 Datacenter', version: '10.0.20348' },
    durationMs: 1234,
    error: null,
    results,
    summary: summarize(results),
  };
  if (notes.length) report.notes = notes;
  return report;
}

/** A whole envelope (e.g. a real probe's) through the real engine and config. */
export function targetReport(target: string, envelope: FactsEnvelope, config: Config = {}, today = TODAY): TargetReport {
  const settings = resolveSettings(envelope, { generalizer: 'auto', cloud: 'auto' });
  const { results, notes } = applyConfigToTarget(evaluate(rules, envelope, settings), rules, config, { only: [], skip: [] }, today);
  const os = envelope.facts['os'] as { name: string; version: string } | undefined;
  const report: TargetReport = {
    target,
    platform: envelope.platform,
    os: os ? { name: os.name, version: os.version } : null,
    durationMs: envelope.probe?.durationMs ?? 0,
    error: null,
    results,
    summary: summarize(results),
  };
  if (notes.length) report.notes = notes;
  return report;
}

export function firstFailing(report: TargetReport): { rule: AnyRule; resources: string[] } | undefined {
  const r = report.results.find((x) => x.status === 'fail');
  const rule = r && rules.find((x) => x.id === r.ruleId);
  return r && rule ? { rule, resources: r.findings.map((f) => f.resource) } : undefined;
}

/**
 * A report with every status a reporter must render: failures (one partly waived, one waived
 * whole), an unknown, not-applicable rules, a skipped rule, an expired waiver's note, and a target
 * that could not be linted.
 */
export function mixedReport(): { report: Report; config: Config } {
  const linuxTarget = 'ssh://root@10.0.0.4:22';
  const windowsTarget = 'winrms://Administrator@build-01.example.com:5986';
  const failing = failingTarget('linux', linuxTarget).results.filter((r) => r.status === 'fail');
  const several = failing.find((r) => r.findings.length >= 2);
  const ones = failing.filter((r) => r.findings.length === 1);
  const [whole, expiring, relevel] = ones;
  if (!several || !whole || !expiring || !relevel) throw new Error('the linux rules need failing examples with one and with several findings for this fixture');
  const config: Config = {
    rules: { [relevel.slug]: relevel.severity === 'warning' ? 'error' : 'warning' },
    waivers: [
      {
        rule: several.slug,
        resource: several.findings[0]!.resource,
        justification: 'Rebuilt at first boot | by the "firstboot" unit <ok>',
        expires: '2027-01-01',
      },
      { rule: whole.ruleId, resource: whole.findings[0]!.resource, justification: 'accepted for the lab image' },
      { rule: expiring.ruleId, justification: 'expired on purpose', expires: '2026-01-01' },
    ],
  };
  const windowsLast = rules.filter((r) => r.platform === 'windows' && !r.cloud).at(-1);
  const targets = [
    failingTarget('linux', linuxTarget, config),
    failingTarget('windows', windowsTarget, windowsLast ? { waivers: [{ rule: windowsLast.id, justification: 'probe runs unelevated in this lab' }] } : {}),
    errorReport('ssh://nobody@192.0.2.1', new TargetError('ssh://nobody@192.0.2.1', 'connect', 'connection refused (ECONNREFUSED)', 'is sshd running?'), 2001),
  ];
  return { report: buildReport(targets, 'error', false), config };
}

export function context(overrides: Partial<ReporterContext> = {}): ReporterContext {
  return { color: false, failOn: 'error', allowUnknown: false, rules, ...overrides };
}

export { localDate };
