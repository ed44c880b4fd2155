/**
 * Display safety for text that came from the target (file names, user names, hostnames, log
 * lines, remote error output). The target is not trusted; the admin's terminal and CI log are.
 * Every human or CI-log output passes target text through {@link displaySafe} once, so that no
 * control sequence, bidi override, line break or pipeline command from the target takes effect.
 * Machine formats (JSON, SARIF, JUnit) keep the exact strings, escaped by their own rules.
 */

/** The longest piece of target text shown on one line; the rest is counted, not printed. */
export const MAX_TEXT = 500;

/**
 * C0 controls (tab and newline too: target text is always shown on one line), DEL, C1 controls,
 * bidi embeddings, overrides, isolates and marks, line and paragraph separators, and the byte order
 * mark and zero-width characters that can hide text.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) as number;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Makes target text inert on a terminal and in GitHub Actions and Azure DevOps logs, and keeps it
 * readable: control characters become visible escapes (`\x1b`, `\r`, `\u202e`), `##[` and `##vso[`
 * (matched anywhere in a line by both agents) lose their bracket, and a leading `::` (a GitHub
 * workflow command) its first colon. Text longer than {@link MAX_TEXT} is cut with a count.
 */
export function displaySafe(text: string, max: number = MAX_TEXT): string {
  let s = String(text);
  let cut = '';
  if (s.length > max) {
    const whole = s.length;
    s = s.slice(0, max);
    // Never leave half a surrogate pair.
    if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1);
    const left = whole - s.length;
    cut = `… (${left} more character${left === 1 ? '' : 's'})`;
  }
  s = s
    .replace(UNSAFE, escapeChar)
    // Lone surrogates cannot be written as UTF-8; show them as escapes too.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, escapeChar)
    .replace(/##(vso)?\[/gi, (m) => `${m.slice(0, -1)}\\x5b`)
    .replace(/^::/, '\\x3a:');
  return s + cut;
}

/**
 * A list for human output: at most `max` items (one more rather than a "… and 1 more" line), then
 * how many were left out, counting `unlisted` items that exist but were never in the list.
 */
export function capList<T>(items: readonly T[], max: number, unlisted = 0): { shown: T[]; more: number } {
  if (items.length <= max + 1) return { shown: [...items], more: unlisted };
  return { shown: items.slice(0, max), more: items.length - max + unlisted };
}

/**
 * Target text as an inert Markdown code span: no links, images, autolinks, @mentions, HTML or
 * emphasis render inside one. Pipes are escaped so that a table cell does not end (GFM unescapes
 * `\|` inside code spans of a table). Empty text is an empty string.
 */
export function mdCode(text: string, max: number = MAX_TEXT): string {
  const safe = displaySafe(text, max).replace(/\|/g, '\\|');
  if (safe === '') return '';
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') || (safe.startsWith(' ') && safe.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/**
 * Trusted Markdown text (a rule's remediation, with the known values filled in): its code spans
 * are re-emitted as safe code spans (so `&&` and `<user>` show as written), and the text between
 * them has HTML and table pipes escaped.
 */
export function mdTrusted(text: string): string {
  const parts = text.split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    out.push(
      displaySafe(parts[i] ?? '', 10_000)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|'),
    );
    if (i + 2 < parts.length) out.push(mdCode(parts[i + 2] as string, 10_000));
  }
  return out.join('');
}

/** The "… and N more" line of a capped list, saying where the rest is. */
export function moreLine(hidden: number, unlisted: number): string {
  const total = hidden + unlisted;
  if (unlisted === 0) return `… and ${total} more (--format json for all)`;
  if (hidden === 0) return `… and ${total} more (counted on the target, not listed)`;
  return `… and ${total} more (--format json lists ${hidden} of them; the rest were counted, not listed)`;
}
