import { z } from 'zod';
import { defineGroup } from '../define.js';
import { configFile, configFiles } from './shapes.js';

/** Boot: kernel command line, GRUB, kernels and initramfs, modprobe, pending reboot (collector boot.sh). */
export const bootFacts = {
  kernelCmdline: defineGroup({
    platforms: ['linux'],
    description: 'Files that set the kernel command line of the clones (/etc/default/grub, grub.d/*.cfg, /etc/kernel/cmdline) and, when live, /proc/cmdline.',
    schema: z.object({ ...configFiles, running: z.string().optional() }),
  }),
  grubConfig: defineGroup({
    platforms: ['linux'],
    description: 'Each generated grub.cfg and the /etc/default/grub files modified after it.',
    schema: z.object({ configs: z.array(z.object({ path: z.string(), olderThan: z.array(z.string()) })) }),
  }),
  bootFiles: defineGroup({
    platforms: ['linux'],
    description: 'Kernels in /boot with their initramfs, and the EFI system partition (vendor directories and the removable-media fallback loader).',
    schema: z.object({
      kernels: z.array(z.object({ path: z.string(), version: z.string(), initramfs: z.string().nullable() })),
      efi: z.object({ dirs: z.array(z.string()), fallback: z.array(z.string()) }).nullable(),
      /** /boot/efi when it cannot be searched (Debian mounts the ESP umask=0077): the loader cannot be judged. */
      unreadable: z.array(z.string()),
    }),
  }),
  initramfsConfig: defineGroup({
    platforms: ['linux'],
    description:
      'initramfs-tools (initramfs.conf, conf.d, the modules lists in /etc/initramfs-tools/modules and /usr/share/initramfs-tools/modules.d) and dracut configuration that decides which drivers the initramfs holds, and which generators are installed.',
    schema: z.object({
      initramfsTools: z.array(configFile),
      dracut: z.array(configFile),
      unreadable: z.array(z.string()),
      generators: z.array(z.enum(['initramfs-tools', 'dracut'])),
    }),
  }),
  modprobeConfig: defineGroup({
    platforms: ['linux'],
    description: 'modprobe.d configuration files (install and blacklist lines).',
    schema: z.object(configFiles),
  }),
  rebootState: defineGroup({
    platforms: ['linux'],
    description: 'A pending reboot: /run/reboot-required, the running kernel and the installed ones.',
    liveOnly: true,
    schema: z.object({ rebootRequired: z.boolean(), running: z.string(), installed: z.array(z.string()), packages: z.string().optional() }),
  }),
};
