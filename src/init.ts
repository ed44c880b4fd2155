import { UsageError } from './errors.js';

// Placeholder until `preseal init` lands (issue 6).
export async function initCommand(_args: { format: string; force: boolean }): Promise<number> {
  throw new UsageError('preseal init is not built yet');
}
