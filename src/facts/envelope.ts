import { z } from 'zod';
import type { Platform } from '../types.js';
import { factGroup, groupsFor } from './catalog.js';

/**
 * The facts envelope's version. 2: the Linux fact groups by topic (humanAccounts folded into
 * localAccounts, waagentDeprovision into waagentState and provisioning, cloudInitState into
 * provisioning.cloudInit, fstab into storage). A facts file of another version is refused with how
 * to get a current one, never read with groups silently missing.
 */
export const FACTS_SCHEMA_VERSION = 2 as const;

/** The facts envelope: what a probe prints and what `preseal collect` saves. */
export interface FactsEnvelope {
  schemaVersion: typeof FACTS_SCHEMA_VERSION;
  platform: Platform;
  collectedAt: string;
  target: string;
  probe?: ProbeInfo;
  facts: Record<string, unknown>;
  /** Groups that could not be read, with why. Their rules are `unknown`. */
  errors: Record<string, string>;
  /** Groups that do not exist on this target (live-only facts offline, a feature not installed), with why. */
  notApplicable: Record<string, string>;
}

export interface ProbeInfo {
  version?: string;
  root?: string;
  live?: boolean;
  user?: string;
  elevated?: boolean;
  durationMs?: number;
  /** Fact groups that were cut short (bounded scans) or read partly, with why. */
  partial?: Record<string, string>;
}

const probeInfoSchema = z
  .object({
    version: z.string().optional(),
    root: z.string().optional(),
    live: z.boolean().optional(),
    user: z.string().optional(),
    elevated: z.boolean().optional(),
    durationMs: z.number().optional(),
    partial: z.record(z.string(), z.string()).optional(),
  })
  .loose();

const envelopeSchema = z.object({
  schemaVersion: z.number(),
  platform: z.enum(['linux', 'windows']),
  collectedAt: z.string().optional(),
  target: z.string().optional(),
  probe: probeInfoSchema.optional(),
  facts: z.record(z.string(), z.unknown()),
  errors: z.record(z.string(), z.string()).optional(),
  notApplicable: z.record(z.string(), z.string()).optional(),
});

export class EnvelopeError extends Error {}

function versionMismatch(version: unknown): string {
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < FACTS_SCHEMA_VERSION) {
    return `the facts file was written by an older preseal (schema ${version}); collect it again with this version (schema ${FACTS_SCHEMA_VERSION})`;
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > FACTS_SCHEMA_VERSION) {
    return `the facts file was written by a newer preseal (schema ${version}); this preseal reads schema ${FACTS_SCHEMA_VERSION}: upgrade preseal or collect it again with this version`;
  }
  return `facts schemaVersion ${JSON.stringify(version)} is not supported (this preseal reads ${FACTS_SCHEMA_VERSION})`;
}

function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  if (error.issues.length > limit) parts.push(`and ${error.issues.length - limit} more`);
  return parts.join('; ');
}

/**
 * Validates an envelope and each fact group against the catalog. A group that does not match its
 * schema becomes an error for that group (its rules go `unknown`), never a silent pass; a catalog
 * group the probe did not mention becomes an error too.
 */
export function validateEnvelope(input: unknown, defaults: { target: string; collectedAt: string }): FactsEnvelope {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new EnvelopeError('the facts are not a JSON object');
  }
  const version = (input as { schemaVersion?: unknown }).schemaVersion;
  if (version !== FACTS_SCHEMA_VERSION) throw new EnvelopeError(versionMismatch(version));
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success) throw new EnvelopeError(`the facts envelope is malformed: ${describeIssues(parsed.error)}`);
  const raw = parsed.data;
  const facts: Record<string, unknown> = {};
  const errors: Record<string, string> = { ...raw.errors };
  const notApplicable: Record<string, string> = { ...raw.notApplicable };
  for (const [key, value] of Object.entries(raw.facts)) {
    const group = factGroup(key);
    if (!group) {
      facts[key] = value;
      continue;
    }
    const checked = group.schema.safeParse(value);
    if (checked.success) facts[key] = checked.data;
    else errors[key] = `the probe's ${key} facts do not match the schema: ${describeIssues(checked.error)}`;
  }
  for (const key of groupsFor(raw.platform)) {
    if (!(key in facts) && !(key in errors) && !(key in notApplicable)) errors[key] = 'not reported by the probe';
  }
  const envelope: FactsEnvelope = {
    schemaVersion: FACTS_SCHEMA_VERSION,
    platform: raw.platform,
    collectedAt: raw.collectedAt ?? defaults.collectedAt,
    target: raw.target ?? defaults.target,
    facts,
    errors,
    notApplicable,
  };
  if (raw.probe) envelope.probe = raw.probe as ProbeInfo;
  return envelope;
}

export const ENVELOPE_BEGIN = '--preseal-facts-begin--';
export const ENVELOPE_END = '--preseal-facts-end--';

/**
 * The markers around one run's envelope. preseal puts a fresh random nonce into the probe it sends
 * (the script text itself, never argv or the environment), so text on the target cannot print the
 * markers of this run. Without a nonce (the probe run by hand, tests) the markers are the fixed ones.
 */
export function envelopeMarkers(nonce?: string): { begin: string; end: string } {
  if (nonce === undefined) return { begin: ENVELOPE_BEGIN, end: ENVELOPE_END };
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) throw new Error(`not a probe nonce: ${JSON.stringify(nonce)}`);
  return { begin: `--preseal-facts-begin-${nonce}--`, end: `--preseal-facts-end-${nonce}--` };
}

/**
 * Where `marker` stands as a whole line (after the start or a LF, before a LF, a CRLF or the end),
 * from `from` on; -1 when nowhere. A JSON encoder never writes a raw LF inside a string, so a
 * string on the target (a file name `--preseal-facts-begin--`) can never form such a line.
 */
function markerLine(text: string, marker: string, from: number, last: boolean): number {
  for (
    let at = last ? text.lastIndexOf(marker) : text.indexOf(marker, from);
    at >= from;
    at = last ? text.lastIndexOf(marker, at - 1) : text.indexOf(marker, at + 1)
  ) {
    const after = at + marker.length;
    const startsLine = at === 0 || text[at - 1] === '\n';
    const endsLine = after === text.length || text[after] === '\n' || (text[after] === '\r' && (after + 1 === text.length || text[after + 1] === '\n'));
    if (startsLine && endsLine) return at;
    if (last && at === 0) break;
  }
  return -1;
}

/**
 * Finds the envelope in a probe's stdout between its marker lines, so that banners, MOTD text or
 * shell noise around it do no harm: the last begin line, and the first end line after it. With
 * `nonce`, only this run's markers count. Throws EnvelopeError with what was wrong.
 */
export function extractEnvelope(stdout: string, nonce?: string): unknown {
  const { begin: beginMarker, end: endMarker } = envelopeMarkers(nonce);
  const begin = markerLine(stdout, beginMarker, 0, true);
  if (begin < 0) throw new EnvelopeError('the probe printed no facts (no begin marker in its output)');
  const end = markerLine(stdout, endMarker, begin + beginMarker.length, false);
  if (end < 0) throw new EnvelopeError('the probe output was cut short (no end marker after the facts)');
  const body = stdout.slice(begin + beginMarker.length, end);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new EnvelopeError(`the probe printed invalid JSON: ${(e as Error).message}`);
  }
  checkDepth(value);
  return value;
}

export const MAX_FACTS_DEPTH = 64;

/**
 * Real facts nest a few levels; hostile output nested thousands deep would make every later
 * JSON.stringify (collect, the reports) overflow the stack. Walks without recursion.
 */
export function checkDepth(value: unknown, max = MAX_FACTS_DEPTH): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) throw new EnvelopeError(`the facts nest deeper than ${max} levels`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
}
