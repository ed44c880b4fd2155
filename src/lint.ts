import { collectFacts } from './collect.js';
import { applyConfigToTarget, type Config, type Selection } from './config.js';
import { fillRemediation } from './remediation.js';
import { gates } from './engine/results.js';
import { checkGeneralizer, evaluate, generalizerInstalled, resolveSettings, summarize } from './engine/index.js';
import { isPresealError, TargetError } from './errors.js';
import type { FactsEnvelope } from './facts/envelope.js';
import type { AnyRule } from './engine/define.js';
import type { TargetSpec } from './targets.js';
import type { ConnectOptions } from './transports/options.js';
import type { FailOn, Report, RunContext, Settings, TargetReport } from './types.js';
import { version } from './version.js';

export interface LintOptions {
  rules: readonly AnyRule[];
  config: Config;
  selection: Selection;
  settings: Settings;
  connect: ConnectOptions;
  /** Today's date (YYYY-MM-DD) for waiver expiry; the CLI passes it so that evaluation never reads the clock. */
  today?: string;
}

function emptySummary() {
  return { pass: 0, fail: 0, unknown: 0, waived: 0, skipped: 0, notApplicable: 0 };
}

/** Evaluates an envelope into a target report. Pure: the same facts give the same report. */
export function reportFromFacts(target: string, envelope: FactsEnvelope, options: Omit<LintOptions, 'connect'>, durationMs: number): TargetReport {
  checkGeneralizer(envelope, options.settings);
  const settings = resolveSettings(envelope, options.settings);
  // A generalizer that is not there cleans nothing: its findings are reported as they are.
  const absent = settings.generalizer !== 'none' && generalizerInstalled(envelope, settings.generalizer) === false;
  const evaluated = evaluate(options.rules, envelope, settings, !absent);
  const configured = applyConfigToTarget(evaluated, options.rules, options.config, options.selection, options.today);
  const results = configured.results.map(fillRemediation);
  const configNotes = configured.notes;
  if (absent)
    configNotes.unshift(
      `the generalizer ${settings.generalizer} is not installed on the target, so it will clean nothing: what it would clean is reported as found`,
    );
  const os = envelope.facts['os'] as { name: string; version: string } | undefined;
  const notes = [...Object.entries(envelope.probe?.partial ?? {}).map(([group, why]) => `${group} was read only in part: ${why}`), ...configNotes];
  const report: TargetReport = {
    target,
    platform: envelope.platform,
    os: os ? { name: os.name, version: os.version } : null,
    durationMs,
    error: null,
    results,
    summary: summarize(results),
  };
  if (notes.length) report.notes = notes;
  report.context = runContext(envelope, options.settings, settings);
  return report;
}

/** The generalizer and cloud the rules were judged against, and where each came from. */
function runContext(envelope: FactsEnvelope, given: Settings, used: { generalizer: string; cloud: string }): RunContext {
  const cloudFacts = envelope.facts['cloud'] as { evidence?: string[] } | undefined;
  const detected = given.cloud === 'auto';
  const evidence = detected && cloudFacts?.evidence?.length ? { evidence: cloudFacts.evidence } : {};
  return {
    generalizer: { value: used.generalizer, source: given.generalizer === 'auto' ? 'detected' : 'given' },
    cloud: { value: used.cloud, source: detected ? 'detected' : 'given', ...evidence },
  };
}

export function errorReport(target: string, error: TargetError | Error, durationMs: number): TargetReport {
  const step = error instanceof TargetError ? error.step : 'probe';
  const hint = isPresealError(error) ? error.hint : undefined;
  return {
    target,
    platform: null,
    os: null,
    durationMs,
    error: { step, message: error.message, ...(hint ? { hint } : {}) },
    results: [],
    summary: emptySummary(),
  };
}

/** Lints one target. A target error becomes the report's error (exit 3); a bug is re-thrown. */
export async function lintTarget(spec: TargetSpec, options: LintOptions, clock: () => number = Date.now): Promise<TargetReport> {
  const started = clock();
  try {
    const envelope = await collectFacts(spec, options.connect);
    return reportFromFacts(spec.raw, envelope, options, clock() - started);
  } catch (e) {
    if (e instanceof TargetError) return errorReport(spec.raw, e, clock() - started);
    if (isPresealError(e)) throw e;
    // A bug met on one target must not take the other targets down, nor pass: the target is
    // reported as not linted (exit 3), with the stack under --debug.
    options.connect.debug?.(`${spec.raw}: ${(e as Error).stack ?? String(e)}`);
    const bug = new TargetError(
      spec.raw,
      'internal',
      `internal error: ${(e as Error).message ?? String(e)}`,
      'this is a bug in preseal; run with --debug for the stack trace and report it',
    );
    return errorReport(spec.raw, bug, clock() - started);
  }
}

export function buildReport(targets: TargetReport[], failOn: FailOn, allowUnknown: boolean): Report {
  const sum = (k: 'pass' | 'fail' | 'unknown') => targets.reduce((n, t) => n + t.summary[k], 0);
  return {
    schemaVersion: 1,
    tool: { name: 'preseal', version },
    targets,
    summary: {
      targets: targets.length,
      failedTargets: targets.filter((t) => t.error !== null || t.results.some((r) => gates(r, failOn, allowUnknown))).length,
      pass: sum('pass'),
      fail: sum('fail'),
      unknown: sum('unknown'),
    },
  };
}

/** The exit code contract of design.md: 3 if any target could not be linted, else 1 if anything gates, else 0. */
export function exitCodeFor(report: Report, failOn: FailOn, allowUnknown: boolean): 0 | 1 | 3 {
  if (report.targets.some((t) => t.error !== null)) return 3;
  return report.targets.some((t) => t.results.some((r) => gates(r, failOn, allowUnknown))) ? 1 : 0;
}
