import type { FactKey, Facts } from '../facts/catalog.js';
import type { Generalizer, Platform, Reference, Severity } from '../types.js';

export interface RuleSettings {
  /** The generalizer that will run after the lint, resolved from --generalizer or detected. */
  generalizer: Generalizer;
  /** The cloud, from --cloud or detected by the probe; 'none' when neither says. */
  cloud: string;
  /** The Sysprep command line the pipeline will run, when given with --sysprep-args. */
  sysprepArgs?: string;
}

export interface ReportDescriptor {
  messageId: string;
  /** The exact object that is wrong: a path, a registry value, an account, a package, a role. */
  resource: string;
  data?: Record<string, string | number>;
  /**
   * A finding that matters less than the rule's worst case (a warning part of an error rule).
   * It can only lower the rule's severity, never raise it.
   */
  severity?: Severity;
  /**
   * Generalizers that remove this one object by themselves (waagent deletes root's history but not
   * other users'): with one of them chosen, the finding is reported as info.
   */
  cleanedBy?: readonly Generalizer[];
}

export interface RuleContext {
  readonly settings: RuleSettings;
  report(finding: ReportDescriptor): void;
  /** The rule does not apply to this machine (the feature is absent), with why. */
  notApplicable(reason: string): void;
  /** The facts are present but do not let the rule decide (a scan cut short): gates like a failure. */
  unknown(reason: string): void;
}

export type FactsOf<K extends FactKey> = { [P in K]: Facts[P] };

export interface RuleExample<K extends FactKey> {
  description: string;
  facts: Partial<FactsOf<K>>;
  settings?: Partial<RuleSettings>;
  /** For failing examples: the message ids expected, in order. */
  messageIds?: string[];
  /**
   * For failing examples: the exact objects the findings name (their `resource`), in any order,
   * as ESLint's tester pins line and column. Required on every failing example.
   */
  resources?: string[];
  /** For unknown and not-applicable examples (optional on failing ones): a part of the reason the result gives. */
  reason?: string;
}

export interface Rule<K extends FactKey = FactKey> {
  /** Short stable id (L001, W001). Never reused once shipped. */
  id: string;
  /** kebab-case alias, also stable. */
  alias: string;
  title: string;
  platform: Platform;
  severity: Severity;
  /** The fact groups `check` reads. Missing or errored facts make the rule `unknown`. */
  facts: readonly K[];
  /** Message templates; `{name}` is replaced by the finding's data. */
  messages: Record<string, string>;
  /** Why it breaks generalization or the clones. */
  rationale: string;
  /** What to do, in words, with the exact command where one exists. */
  remediation: string;
  references: readonly Reference[];
  /** Generalizers that clean this by themselves: the result is then reported as info. */
  cleanedBy?: readonly Generalizer[];
  /** Only applies in this cloud (detected, or given with --cloud). */
  cloud?: string;
  /** When a waiver is a reasonable choice. */
  waiverGuidance?: string;
  examples: {
    pass: readonly RuleExample<K>[];
    fail: readonly RuleExample<K>[];
    /** Machines the rule cannot decide on (a scan cut short): the result is unknown, with `reason`. */
    unknown?: readonly RuleExample<K>[];
    /** Machines the rule does not apply to, with `reason`. */
    notApplicable?: readonly RuleExample<K>[];
  };
  check(facts: FactsOf<K>, context: RuleContext): void;
}

export type AnyRule = Rule<FactKey>;

/** Identity function that gives a rule file its types. */
export function defineRule<const K extends FactKey>(rule: Rule<K>): Rule<K> {
  return rule;
}

export function renderTemplate(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(data, name) ? String(data[name]) : whole));
}
