/** Line-oriented configuration text: comments, shell assignments, INI sections. */

export interface Line {
  number: number;
  text: string;
}

/** Non-blank lines that do not start with `#` (after leading blanks), numbered from 1. */
export function contentLines(content: string, comment = /^\s*(#|$)/): Line[] {
  return content.split('\n').flatMap((text, i) => (comment.test(text) ? [] : [{ number: i + 1, text: text.replace(/\r$/, '') }]));
}

/** INI-style files (NetworkManager keyfiles, systemd .network/.link): [section] key=value; sections lower-cased. */
export function iniEntries(content: string): { section: string; key: string; value: string }[] {
  let section = '';
  return contentLines(content, /^\s*([#;]|$)/).flatMap(({ text }) => {
    const s = /^\s*\[([^\]]+)\]/.exec(text);
    if (s) {
      section = (s[1] as string).trim().toLowerCase();
      return [];
    }
    const kv = /^\s*([^=]+?)\s*=\s*(.*?)\s*$/.exec(text);
    return kv ? [{ section, key: kv[1] as string, value: kv[2] as string }] : [];
  });
}

/** Values assigned by shell-style `NAME=value` lines (/etc/default/grub), expanding `$NAME` and `${NAME}` from earlier lines. */
export function shellAssignments(content: string, vars: Map<string, string> = new Map()): Map<string, string> {
  for (const { text } of contentLines(content)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
    if (!m) continue;
    let raw = (m[2] as string).trim();
    let value = '';
    while (raw.length > 0) {
      const q = raw[0];
      if (q === '"' || q === "'") {
        const end = raw.indexOf(q, 1);
        const inner = end < 0 ? raw.slice(1) : raw.slice(1, end);
        value += q === '"' ? expand(inner, vars) : inner;
        raw = end < 0 ? '' : raw.slice(end + 1);
      } else {
        const stop = raw.search(/["'\s#]/);
        const part = stop < 0 ? raw : raw.slice(0, stop);
        value += expand(part, vars);
        raw = stop < 0 || /[\s#]/.test(raw[stop] as string) ? '' : raw.slice(stop);
      }
    }
    vars.set(m[1] as string, value);
  }
  return vars;
}

function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => vars.get((a ?? b) as string) ?? '');
}
