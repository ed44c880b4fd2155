import { randomBytes } from 'node:crypto';
import { TargetError } from '../errors.js';
import { EnvelopeError, extractEnvelope, validateEnvelope, type FactsEnvelope } from '../facts/envelope.js';
import type { ExecResult } from '../transports/options.js';
import { linuxProbeScript } from './assemble.js';
import { deriveLiveGroups } from '../platforms/windows/live.js';

/** A fresh nonce for one probe run: the envelope markers carry it (see envelopeMarkers). */
export function newProbeNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The Linux probe for one run: its markers carry `nonce`, set in the script text (never argv or the environment). */
export function linuxProbeFor(nonce: string): string {
  return `PRESEAL_NONCE='${nonce}'\n${linuxProbeScript()}`;
}

/** Last lines of stderr, for an error message; never the whole stream. */
export function stderrTail(stderr: Buffer, lines = 3): string {
  const text = stderr.toString('utf8').replace(/\r/g, '').trim();
  if (!text) return '';
  return text.split('\n').slice(-lines).join(' | ').slice(0, 400);
}

/** How the probe ended when that was not cleanly: `exit status N`, `killed by SIG`, `no exit status`; '' when it exited 0. */
export function uncleanEnd(run: ExecResult): string {
  if (run.signal) return `killed by ${run.signal}`;
  if (run.code === null || run.code === undefined) return 'no exit status';
  return run.code !== 0 ? `exit status ${run.code}` : '';
}

/**
 * Turns what a probe run printed into a validated envelope. A run that printed no envelope is a
 * probe failure (exit 3), whatever its exit code. So is an envelope from a run that did not end
 * cleanly (a non-zero exit status, killed by a signal, no exit status at all): the real probe
 * exits 0 once it printed its envelope, so whatever printed one and then failed was cut short,
 * or was not the probe; its facts are not used, as design.md's exit 3 ("probe failure") says.
 * `nonce` is the one put in the probe sent (newProbeNonce); without it only the fixed markers
 * count (a probe run by hand).
 */
export function envelopeFromRun(target: string, run: ExecResult, collectedAt: string, nonce?: string): FactsEnvelope {
  const status = uncleanEnd(run);
  const tail = stderrTail(run.stderr);
  let envelope: FactsEnvelope;
  try {
    // A Windows probe returns some groups as raw registry reads: they become facts here.
    const raw = deriveLiveGroups(extractEnvelope(run.stdout.toString('utf8'), nonce));
    envelope = validateEnvelope(raw, { target, collectedAt });
  } catch (e) {
    if (!(e instanceof EnvelopeError)) throw e;
    const detail = [e.message, status, tail && `stderr: ${tail}`].filter(Boolean).join('; ');
    throw new TargetError(target, 'probe', detail, 'run with --debug to see the probe output');
  }
  if (status) {
    const detail = [`the probe printed facts but did not end cleanly (${status}), so they are not used`, tail && `stderr: ${tail}`].filter(Boolean).join('; ');
    throw new TargetError(target, 'probe', detail, 'a probe that fails after its facts was cut short or was not the probe; run with --debug to see its output');
  }
  return envelope;
}
