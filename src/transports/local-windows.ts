import { TargetError } from '../errors.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import type { ConnectOptions } from './options.js';

// Placeholder until the Windows probe lands (issue 4).
export async function collectWindowsLocal(target: string, _options: ConnectOptions): Promise<FactsEnvelope> {
  throw new TargetError(target, 'probe', 'the Windows probe is not built yet');
}
