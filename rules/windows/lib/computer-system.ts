import type { Facts } from '../../../src/facts/catalog.js';

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
