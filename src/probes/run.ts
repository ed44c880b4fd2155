import { randomBytes } from 'node:crypto';
import { TargetError } from '../errors.js';
import { EnvelopeError, extractEnvelope, validateEnvelope, type FactsEnvelope } from '../facts/envelope.js';
import type { ExecResult } from '../transports/options.js';
import { linuxProbeScript } from './assemble.js';

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

/**
 * Turns what a probe run printed into a validated envelope. A run that printed no envelope is a
 * probe failure (exit 3), whatever its exit code; an envelope with a non-zero exit is still used,
 * since every group in it says whether it was read. `nonce` is the one put in the probe sent
 * (newProbeNonce); without it only the fixed markers count (a probe run by hand).
 */
export function envelopeFromRun(target: string, run: ExecResult, collectedAt: string, nonce?: string): FactsEnvelope {
  try {
    const raw = extractEnvelope(run.stdout.toString('utf8'), nonce);
    return validateEnvelope(raw, { target, collectedAt });
  } catch (e) {
    if (!(e instanceof EnvelopeError)) throw e;
    const tail = stderrTail(run.stderr);
    const status = run.signal ? `killed by ${run.signal}` : run.code !== null && run.code !== 0 ? `exit status ${run.code}` : '';
    const detail = [e.message, status, tail && `stderr: ${tail}`].filter(Boolean).join('; ');
    throw new TargetError(target, 'probe', detail, 'run with --debug to see the probe output');
  }
}
