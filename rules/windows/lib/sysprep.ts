import type { Facts } from '../../../src/facts/catalog.js';

/** Sysprep command lines the probe saw: running sysprep.exe and answer-file synchronous commands. */
export function plannedSysprepCommands(files: Facts['answerFiles'], processes: Facts['sysprepProcesses']): { where: string; commandLine: string }[] {
  const out: { where: string; commandLine: string }[] = [];
  for (const p of processes.processes) if (p.commandLine) out.push({ where: `running sysprep.exe (PID ${p.pid})`, commandLine: p.commandLine });
  for (const f of files.files) for (const c of f.sysprepCommands) out.push({ where: `${f.path} ${c.element}`, commandLine: c.commandLine });
  return out;
}
