import type { Facts } from '../../../src/facts/catalog.js';

/** Sysprep command lines the probe saw: running sysprep.exe and answer-file synchronous commands. */
export function plannedSysprepCommands(files: Facts['answerFiles'], processes: Facts['sysprepProcesses']): { where: string; commandLine: string }[] {
  const out: { where: string; commandLine: string }[] = [];
  for (const p of processes.processes) if (p.commandLine) out.push({ where: `running sysprep.exe (PID ${p.pid})`, commandLine: p.commandLine });
  for (const f of files.files) for (const c of f.sysprepCommands) out.push({ where: `${f.path} ${c.element}`, commandLine: c.commandLine });
  return out;
}

/** A Sysprep command line's options: `/generalize`, `-oobe`, `/mode:vm`, `/unattend:file` (case-insensitive, `/` or `-`). */
export function parseSysprepArgs(commandLine: string): { options: Set<string>; unattend: string | null; mode: string | null } {
  const options = new Set<string>();
  let unattend: string | null = null;
  let mode: string | null = null;
  // Quoted values (`/unattend:"C:\My Files\u.xml"`) stay one token.
  for (const m of commandLine.matchAll(/(?:^|\s)[/-]([A-Za-z]+)(?::("[^"]*"|\S*))?/g)) {
    const name = (m[1] as string).toLowerCase();
    const value = m[2] === undefined ? null : m[2].replace(/^"|"$/g, '');
    options.add(name);
    if (name === 'unattend') unattend = value ?? '';
    if (name === 'mode') mode = value;
  }
  return { options, unattend, mode };
}
