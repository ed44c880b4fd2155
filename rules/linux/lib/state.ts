import type { RuleContext } from '../../../src/engine/define.js';
import type { Facts } from '../../../src/facts/catalog.js';

type State = Facts['serviceState'];

/**
 * The `serviceState` files a rule owns: those `owns` accepts, below the paths `where` names. Fail
 * closed: a folder that could not be searched on the way to one of `where` (/root as non-root), or
 * names that went unlisted (the probe names the first 200), make the rule unknown.
 */
export function stateFiles(state: State, where: readonly string[], owns: (path: string) => boolean, context: RuleContext): State['files'] {
  const hidden = state.unreadable.filter((u) => where.some((w) => w === u || w.startsWith(`${u}/`) || u.startsWith(`${w}/`)));
  if (hidden.length > 0) context.unknown(`${hidden.join(', ')} could not be searched (run as root or with --sudo)`);
  else if (state.count > state.files.length)
    context.unknown(`${state.count} service state files were found and only the first ${state.files.length} named: run the probe again after clearing some`);
  return state.files.filter((f) => owns(f.path));
}

/** A `serviceState` fact for rule examples. */
export function stateExample(...files: [string, number | null][]): { serviceState: State } {
  return { serviceState: { files: files.map(([path, size]) => ({ path, size })), count: files.length, unreadable: [] } };
}
