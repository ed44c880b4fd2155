import type { RuleContext } from '../../../src/engine/define.js';
import type { Facts } from '../../../src/facts/catalog.js';

type State = Facts['serviceState'];
type Entry = State['globs'][number]['files'][number];

/** The fixed part of a glob, before its first wildcard, as a folder: /var/lib/puppet for /var/lib/puppet/*. */
function globBase(glob: string): string {
  const fixed = glob.split(/[*?[]/)[0] ?? '';
  return fixed === glob ? glob : fixed.replace(/\/[^/]*$/, '') || '/';
}

const below = (path: string, dir: string) => dir === '/' || path.startsWith(`${dir}/`);

/**
 * The `serviceState` entries a rule owns: those `owns` accepts, found by the probe's globs below the
 * paths `where` names. Fail closed, for this rule only: a folder that could not be searched on the
 * way to one of `where` (/root as non-root) or below it among what the rule owns, or a glob of the
 * rule's paths that matched more than the probe names (the first 200 of each), makes the rule
 * unknown. Another rule's busy or unreadable folder does not.
 */
export function stateFiles(state: State, where: readonly string[], owns: (path: string) => boolean, context: RuleContext): Entry[] {
  const onTheWay = (p: string) => where.some((w) => w === p || below(w, p));
  const mine = (p: string) => where.some((w) => below(p, w)) && owns(p);
  const hidden = state.unreadable.filter((u) => onTheWay(u) || mine(u));
  const cut = state.globs.filter((g) => g.count > g.files.length && (onTheWay(globBase(g.glob)) || where.some((w) => below(globBase(g.glob), w))));
  if (hidden.length > 0) context.unknown(`${hidden.join(', ')} could not be searched (run as root or with --sudo)`);
  else if (cut.length > 0)
    context.unknown(
      `${cut.map((g) => `${g.glob} matched ${g.count} entries and only the first ${g.files.length} were named`).join('; ')}: run the probe again after clearing some`,
    );
  return state.globs.flatMap((g) => g.files).filter((f) => owns(f.path));
}

/** What one glob of the probe matched, for rule examples: files as `[path, size]`, a folder as `[path, null, entries]`. */
export function stateGlob(glob: string, ...files: [string, number | null, number?][]): State['globs'][number] {
  const entries = files.map(([path, size, n]) => ({ path, size, ...(n === undefined ? {} : { entries: n }) }));
  return { glob, count: entries.length, files: entries };
}

/** A `serviceState` fact for rule examples: nothing, or what one glob matched. */
export function stateExample(glob?: string, ...files: [string, number | null, number?][]): { serviceState: State } {
  return { serviceState: { globs: glob && files.length > 0 ? [stateGlob(glob, ...files)] : [], unreadable: [] } };
}
