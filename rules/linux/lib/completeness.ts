import type { Facts } from '../../../src/facts/catalog.js';
import type { RuleContext } from '../../../src/engine/define.js';

/** Fail closed: what could not be read keeps the rule from passing. Returns true when something was unreadable. */
export function unknownIfUnreadable(context: RuleContext, unreadable: readonly string[], what = 'could not be read'): boolean {
  if (unreadable.length === 0) return false;
  context.unknown(
    `${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ''} ${what} (run as root or with --sudo)`,
  );
  return true;
}

/** A home scan that was cut short or could not read everything cannot pass: the rule becomes unknown (findings still shown). */
export function unknownIfHomeScanIncomplete(homeFiles: Facts['homeFiles'], context: RuleContext): void {
  if (homeFiles.truncated !== undefined) context.unknown(`the home directory scan was cut short: ${homeFiles.truncated}`);
  else unknownIfUnreadable(context, homeFiles.unreadable);
}
