import { parse as parseYaml } from 'yaml';
import type { Facts } from '../facts/catalog.js';
import type { Generalizer } from '../types.js';
import type { RuleContext } from './define.js';

/** Helpers shared by the Linux rules L041–L084. Pure: they read facts, never the machine. */

export function isWaagent(generalizer: Generalizer): boolean {
  return generalizer === 'waagent' || generalizer === 'waagent+user';
}

/**
 * The account `waagent -deprovision+user` deletes: the <UserName> of ovf-env.xml, only when that
 * is the chosen generalizer and the file was read (without it waagent deletes nobody).
 */
export function deprovisionedUser(deprovision: Facts['waagentDeprovision'], generalizer: Generalizer): string | undefined {
  if (generalizer !== 'waagent+user' || deprovision.ovfEnv.state !== 'read') return undefined;
  return deprovision.ovfEnv.userName || undefined;
}

/** Fail closed: what could not be read keeps the rule from passing. Returns true when something was unreadable. */
export function unknownIfUnreadable(context: RuleContext, unreadable: readonly string[], what = 'could not be read'): boolean {
  if (unreadable.length === 0) return false;
  context.unknown(`${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ''} ${what} (run as root or with --sudo)`);
  return true;
}

export interface Line {
  number: number;
  text: string;
}

/** Non-blank lines that do not start with `#` (after leading blanks), numbered from 1. */
export function contentLines(content: string, comment = /^\s*(#|$)/): Line[] {
  return content.split('\n').flatMap((text, i) => (comment.test(text) ? [] : [{ number: i + 1, text: text.replace(/\r$/, '') }]));
}

export interface FstabEntry {
  line: number;
  spec: string;
  file: string;
  type: string;
  options: string[];
}

/** fstab(5): whitespace-separated fields; `\040`-style octal escapes inside a field. */
export function parseFstab(content: string): FstabEntry[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return contentLines(content).flatMap(({ number, text }) => {
    const [spec, file, type = '', options = 'defaults'] = text.trim().split(/\s+/);
    if (!spec || !file) return [];
    return [{ line: number, spec: unescape(spec), file: unescape(file), type, options: options.split(',') }];
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

export interface Cmdline {
  /** Where the clones' command line comes from. */
  source: string;
  words: string[];
}

/**
 * The command line the clones will boot with: GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT
 * after /etc/default/grub and its .d files (read in that order, as grub-mkconfig sources them),
 * else /etc/kernel/cmdline, else the running /proc/cmdline. Undefined when none is known.
 */
export function effectiveCmdline(facts: Facts['kernelCmdline']): Cmdline | undefined {
  const grub = facts.files.filter((f) => f.path === '/etc/default/grub' || f.path.startsWith('/etc/default/grub.d/'));
  if (grub.length > 0) {
    const vars = new Map<string, string>();
    for (const f of grub) shellAssignments(f.content, vars);
    const words = `${vars.get('GRUB_CMDLINE_LINUX') ?? ''} ${vars.get('GRUB_CMDLINE_LINUX_DEFAULT') ?? ''}`.split(/\s+/).filter(Boolean);
    return { source: grub.map((f) => f.path).join(' + '), words };
  }
  const kernel = facts.files.find((f) => f.path === '/etc/kernel/cmdline');
  if (kernel) return { source: kernel.path, words: kernel.content.split(/\s+/).filter(Boolean) };
  if (facts.running !== undefined) return { source: '/proc/cmdline', words: facts.running.split(/\s+/).filter(Boolean) };
  return undefined;
}

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
          const re = new RegExp(`^${absolute.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
          for (const f of files.filter((x) => re.test(x.path)).map((x) => x.path).sort()) {
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

/** Top-level keys of cloud.cfg and cloud.cfg.d/*.cfg, later files overriding earlier ones, with the file that set each. */
export function cloudConfig(configs: Facts['cloudInitState']['configs']): Map<string, { value: unknown; path: string }> {
  const merged = new Map<string, { value: unknown; path: string }>();
  for (const f of configs) {
    let doc: unknown;
    try {
      doc = parseYaml(f.content);
    } catch {
      continue;
    }
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
      for (const [k, v] of Object.entries(doc)) merged.set(k, { value: v, path: f.path });
    }
  }
  return merged;
}

/** cloud-init will run at boot (installed, not disabled, its units enabled). */
export function cloudInitOn(state: Facts['cloudInitState']): boolean {
  return state.installed && state.enabled;
}

/** A home scan that was cut short or could not read everything cannot pass: the rule becomes unknown (findings still shown). */
export function unknownIfHomeScanIncomplete(homeFiles: Facts['homeFiles'], context: RuleContext): void {
  if (homeFiles.truncated !== undefined) context.unknown(`the home directory scan was cut short: ${homeFiles.truncated}`);
  else unknownIfUnreadable(context, homeFiles.unreadable);
}
