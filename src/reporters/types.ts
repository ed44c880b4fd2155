import type { AnyRule } from '../engine/define.js';
import type { FailOn, Report } from '../types.js';

export interface ReporterContext {
  /** Colour for this output, decided by the caller from the stream, NO_COLOR and FORCE_COLOR. */
  color: boolean;
  failOn: FailOn;
  allowUnknown: boolean;
  /** The rules that were run, for formats that carry a rule table (SARIF). */
  rules: readonly AnyRule[];
  verbose?: boolean;
  /** Only what gates (like ESLint's --quiet): no non-gating results, no notes. */
  quiet?: boolean;
}

/** A reporter formats a finished report. It never decides the exit code. */
export type Reporter = (report: Report, context: ReporterContext) => string;
