import type { Facts } from '../facts/catalog.js';

export const SYSPREP_OVERVIEW = {
  title: 'Sysprep (System Preparation) overview: limitations',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
};
export const SYSPREP_PROCESS = { title: 'Sysprep process overview', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-process-overview' };
export const SYSPREP_ROLES = { title: 'Sysprep support for server roles', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-support-for-server-roles' };
export const SYSPREP_GENERALIZE = {
  title: 'Sysprep (Generalize) a Windows installation',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--generalize--a-windows-installation',
};
export const SETUP_STATES = { title: 'Windows Setup states', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states' };
export const SETUP_AUTOMATION = {
  title: 'Windows Setup automation overview (implicit answer file search order)',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview',
};
export const SERVER_FEATURE = { title: 'Win32_ServerFeature class', url: 'https://learn.microsoft.com/windows/win32/wmisdk/win32-serverfeature' };

type ComputerSystem = Facts['computerSystem'];

const VM_MARKERS: readonly [RegExp, string][] = [
  [/^Virtual Machine$/i, 'Hyper-V'],
  [/VMware/i, 'VMware'],
  [/VirtualBox/i, 'VirtualBox'],
  [/^KVM$|QEMU|Standard PC \(/i, 'KVM/QEMU'],
  [/HVM domU|Xen/i, 'Xen'],
  [/Google Compute Engine/i, 'Google Compute Engine'],
  [/Amazon EC2|^[tcmrz]\d[a-z]*\.\w+$/i, 'Amazon EC2'],
  [/Parallels/i, 'Parallels'],
];

/**
 * Whether the machine is a virtual machine, from Win32_ComputerSystem Manufacturer/Model and
 * Win32_BIOS (HypervisorPresent alone is true on physical Hyper-V hosts and VBS machines).
 * Returns the hypervisor name, false for hardware, null when the facts do not tell.
 */
export function virtualMachine(cs: ComputerSystem): string | false | null {
  const fields = [cs.model, cs.manufacturer, cs.bios?.version, cs.bios?.manufacturer, cs.bios?.serialNumber].filter((v): v is string => !!v);
  for (const [re, name] of VM_MARKERS) if (fields.some((f) => re.test(f))) return name;
  if (/^VRTUAL/i.test(cs.bios?.version ?? '')) return 'Hyper-V';
  if (cs.model && cs.manufacturer) return false;
  return null;
}

/** Sysprep command lines the probe saw: running sysprep.exe and answer-file synchronous commands. */
export function plannedSysprepCommands(files: Facts['answerFiles'], processes: Facts['sysprepProcesses']): { where: string; commandLine: string }[] {
  const out: { where: string; commandLine: string }[] = [];
  for (const p of processes.processes) if (p.commandLine) out.push({ where: `running sysprep.exe (PID ${p.pid})`, commandLine: p.commandLine });
  for (const f of files.files) for (const c of f.sysprepCommands) out.push({ where: `${f.path} ${c.element}`, commandLine: c.commandLine });
  return out;
}
