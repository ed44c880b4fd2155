import { TargetError } from '../errors.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import type { TargetSpec } from '../targets.js';
import type { ConnectOptions } from './options.js';

// Placeholder until the WinRM transport lands (issue 5).
export async function collectOverWinrm(spec: Extract<TargetSpec, { kind: 'winrm' }>, _options: ConnectOptions): Promise<FactsEnvelope> {
  throw new TargetError(spec.raw, 'connect', 'the WinRM transport is not built yet');
}
