import { TargetError } from '../errors.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import type { TargetSpec } from '../targets.js';
import type { ConnectOptions } from './options.js';

// Placeholder until the SSH transport lands (issue 3).
export async function collectOverSsh(spec: Extract<TargetSpec, { kind: 'ssh' }>, _options: ConnectOptions): Promise<FactsEnvelope> {
  throw new TargetError(spec.raw, 'connect', 'the SSH transport is not built yet');
}
