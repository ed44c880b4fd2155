import type { RegistrySource } from '../registry-source.js';
import { VolumeLinkError } from '../volume-link.js';
import { hivesOf, windowsContext, type DeriveContext, type Derivation } from './define.js';

export interface DerivedGroups {
  facts: Record<string, unknown>;
  errors: Record<string, string>;
  notApplicable: Record<string, string>;
  /** Groups derived from a hive that may be stale, with why (for probe.partial). */
  partial: Record<string, string>;
}

/**
 * Runs derivations against any registry source. This is the single place registry data becomes
 * facts, for hive files offline and for raw reads returned by a live probe alike.
 */
export function deriveGroups(source: RegistrySource, derivations: readonly Derivation<unknown>[], context: DeriveContext = windowsContext()): DerivedGroups {
  const out: DerivedGroups = { facts: {}, errors: {}, notApplicable: {}, partial: {} };
  for (const d of derivations) {
    const results = Object.fromEntries(Object.entries(d.reads).map(([k, read]) => [k, source.read(read)]));
    let derived: ReturnType<typeof d.derive>;
    try {
      derived = d.derive(results, context);
    } catch (e) {
      // A derivation that looks further on the volume (ProfileList folders) and meets a link it
      // must not follow: its group is an error, never a guess. Anything else is a bug.
      if (!(e instanceof VolumeLinkError)) throw e;
      out.errors[d.group] = e.message;
      continue;
    }
    if ('facts' in derived) {
      out.facts[d.group] = derived.facts;
      const stale = hivesOf(d)
        .map((h) => source.staleness(h))
        .filter((s): s is string => s !== undefined);
      if (stale.length > 0) out.partial[d.group] = stale.join('; ');
    } else if ('error' in derived) {
      out.errors[d.group] = derived.error;
    } else {
      out.notApplicable[d.group] = derived.notApplicable;
    }
  }
  return out;
}
