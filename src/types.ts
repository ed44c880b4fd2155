export type Platform = 'linux' | 'windows';
export const PLATFORMS: readonly Platform[] = ['linux', 'windows'];

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type Status = 'pass' | 'fail' | 'unknown' | 'waived' | 'skipped' | 'not-applicable';

export type FailOn = Severity | 'none';

/** Which step will generalize the machine after the lint. What it cleans by itself is reported as info. */
export type Generalizer = 'sysprep' | 'waagent' | 'waagent+user' | 'cloud-init' | 'none';

export interface Settings {
  generalizer: Generalizer | 'auto';
  cloud: string | 'auto';
  /** The Sysprep command line the pipeline will run (--sysprep-args), for the rules that judge it. */
  sysprepArgs?: string;
}

export interface Reference {
  title: string;
  url: string;
}

/** One object a rule found wrong, as data; reporters render it. */
export interface Finding {
  messageId: string;
  message: string;
  resource: string;
  data: Record<string, string | number>;
  severity: Severity;
  /** Set when the chosen generalizer removes this object by itself; the finding is then info. */
  cleanedBy?: Generalizer;
  waived?: { justification: string; expires?: string };
}

export interface RuleResult {
  ruleId: string;
  slug: string;
  title: string;
  severity: Severity;
  status: Status;
  message: string;
  evidence: string[];
  remediation: string;
  findings: Finding[];
  /** Why the rule is unknown, not applicable, skipped or waived. */
  reason?: string;
  /** Set when the chosen generalizer cleans this by itself. */
  cleanedBy?: Generalizer;
  /** Objects the probe counted but did not list (its lists are capped): more of the same finding. */
  unlisted?: number;
}

export interface Summary {
  pass: number;
  fail: number;
  unknown: number;
  waived: number;
  skipped: number;
  notApplicable: number;
}

export interface TargetReport {
  target: string;
  /** The inventory's name for the target, when it came from one. */
  name?: string;
  platform: Platform | null;
  os: { name: string; version: string } | null;
  durationMs: number;
  error: { step: string; message: string; hint?: string } | null;
  results: RuleResult[];
  summary: Summary;
  /** Notes about the run itself (expired waivers, scans cut short), shown by reporters. */
  notes?: string[];
  /** What the rules were judged against: the generalizer and the cloud, each given or detected. */
  context?: RunContext;
}

/** A setting the run used, and whether the user gave it or preseal detected it from the facts. */
export interface RunSetting {
  value: string;
  source: 'given' | 'detected';
}

export interface RunContext {
  generalizer: RunSetting;
  /** `unknown` when it could not be detected; evidence is what the probe saw (target text). */
  cloud: RunSetting & { evidence?: string[] };
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'preseal'; version: string };
  targets: TargetReport[];
  summary: { targets: number; failedTargets: number; pass: number; fail: number; unknown: number };
}
