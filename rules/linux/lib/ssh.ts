import type { Facts } from '../../../src/facts/catalog.js';
import { contentLines } from './text.js';

export interface SshdSetting {
  value: string;
  path: string;
  line: number;
}

/**
 * sshd_config(5): the first value obtained for a keyword wins; Include inserts the named files at
 * that point (already expanded by the probe, in order); a Match block ends the global section.
 */
export function sshdSetting(files: Facts['sshdConfig']['files'], keyword: string): SshdSetting | undefined {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  const want = keyword.toLowerCase();
  const walk = (path: string): SshdSetting | 'match' | undefined => {
    const file = byPath.get(path);
    if (!file || seen.has(path)) return undefined;
    seen.add(path);
    for (const { number, text } of contentLines(file.content)) {
      const [key = '', ...rest] = text.trim().split(/\s+|=/).filter(Boolean);
      const k = key.toLowerCase();
      if (k === 'match') return 'match';
      if (k === 'include') {
        for (const pattern of rest) {
          const absolute = pattern.startsWith('/') ? pattern : `/etc/ssh/${pattern}`;
          const re = new RegExp(
            `^${absolute
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]')}$`,
          );
          for (const f of files
            .filter((x) => re.test(x.path))
            .map((x) => x.path)
            .sort()) {
            const found = walk(f);
            if (found) return found;
          }
        }
      } else if (k === want && rest.length > 0) {
        return { value: rest.join(' ').replace(/^"(.*)"$/, '$1'), path, line: number };
      }
    }
    return undefined;
  };
  const found = walk('/etc/ssh/sshd_config');
  return found === 'match' ? undefined : found;
}
