import type { Facts } from '../../../src/facts/catalog.js';
import { shellAssignments } from './text.js';

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
