import type { InventoryEntry } from './inventory.js';
import { lintTarget, type LintOptions } from './lint.js';
import type { TargetReport } from './types.js';

export interface FleetEvents {
  onStart?(index: number, target: string): void;
  onDone?(index: number, report: TargetReport): void;
}

/**
 * Lints every target with at most `concurrency` at once. Each target has its own time limit and
 * its own error; one that fails or hangs never stops or slows the others. Reports come back in
 * the order the targets were given, whatever order they finish in.
 */
export async function lintFleet(
  entries: readonly InventoryEntry[],
  options: LintOptions,
  concurrency: number,
  events: FleetEvents = {},
): Promise<TargetReport[]> {
  const reports = new Array<TargetReport>(entries.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < entries.length; i = next++) {
      const entry = entries[i] as InventoryEntry;
      events.onStart?.(i, entry.name ?? entry.spec.raw);
      const linted = await lintTarget(entry.spec, { ...options, connect: { ...options.connect, ...entry.options } });
      const { target, ...rest } = linted;
      const report = entry.name !== undefined && entry.name !== target ? { target, name: entry.name, ...rest } : linted;
      reports[i] = report;
      events.onDone?.(i, report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, entries.length)) }, worker));
  return reports;
}
