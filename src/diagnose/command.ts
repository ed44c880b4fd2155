import { UsageError } from '../errors.js';

// Placeholder until `preseal diagnose` lands (issue 4).
export async function diagnoseCommand(_paths: string[], _format: string): Promise<number> {
  throw new UsageError('preseal diagnose is not built yet');
}
