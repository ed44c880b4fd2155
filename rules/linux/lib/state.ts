import type { RuleContext } from '../../../src/engine/define.js';
import type { Facts } from '../../../src/facts/catalog.js';

type State = Facts['serviceState'];

/**
 * The `serviceState` files a rule owns. The probe names the first 200 and counts all: when some went
 * unnamed, the rule cannot tell whether one of its own is among them and becomes unknown.
 */
export function stateFiles(state: State, owns: (path: string) => boolean, context: RuleContext): State['files'] {
  if (state.count > state.files.length)
    context.unknown(`${state.count} service state files were found and only the first ${state.files.length} named: run the probe again after clearing some`);
  return state.files.filter((f) => owns(f.path));
}

/** A `serviceState` fact for rule examples. */
export function stateExample(...files: [string, number | null][]): { serviceState: State } {
  return { serviceState: { files: files.map(([path, size]) => ({ path, size })), count: files.length } };
}
