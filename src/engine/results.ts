import type { FailOn, RuleResult, Severity } from '../types.js';

/** Severity order, the one place it is defined: higher is more severe. */
export const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The most severe of some severities (info when there are none). */
export function worstSeverity(severities: Iterable<Severity>): Severity {
  let worst: Severity = 'info';
  for (const s of severities) if (rank[s] > rank[worst]) worst = s;
  return worst;
}

/** Whether a result gates: failed (or unknown, unless allowed) at or above --fail-on. */
export function gates(result: RuleResult, failOn: FailOn, allowUnknown: boolean): boolean {
  if (failOn === 'none') return false;
  if (result.status !== 'fail' && !(result.status === 'unknown' && !allowUnknown)) return false;
  return rank[result.severity] >= rank[failOn];
}

/**
 * The order human reports list results in: what gates first (errors, then gating unknowns, then
 * warnings, then info), then what does not gate, then waived, skipped, not applicable and passed.
 */
export function displayOrder(r: RuleResult, failOn: FailOn, allowUnknown: boolean): number {
  const gating = gates(r, failOn, allowUnknown);
  const base = gating ? 0 : 10;
  switch (r.status) {
    case 'fail':
      return base + (r.severity === 'error' ? 0 : r.severity === 'warning' ? 2 : 3);
    case 'unknown':
      return base + 1;
    case 'waived':
      return 20;
    case 'skipped':
      return 21;
    case 'not-applicable':
      return 22;
    case 'pass':
      return 23;
  }
}

/** Results sorted for a human: {@link displayOrder}, then by rule id. */
export function sortForDisplay(results: readonly RuleResult[], failOn: FailOn, allowUnknown: boolean): RuleResult[] {
  return [...results].sort(
    (a, b) => displayOrder(a, failOn, allowUnknown) - displayOrder(b, failOn, allowUnknown) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
