import { z } from 'zod';
import { defineGroup } from './define.js';

/** A configuration file as the probe read it (first 64 KiB), named by its path on the target. */
const configFile = z.object({ path: z.string(), content: z.string() });
const configFiles = {
  files: z.array(configFile),
  /** Files or directories that exist but could not be read: rules that need them are unknown. */
  unreadable: z.array(z.string()),
};
const ownedPath = z.object({ path: z.string(), user: z.string() });

/** Fact groups of the Linux probe for rules L041–L084 (accounts, homes, network, storage, boot, leftovers). */
export const linuxExtraFacts = {
  localAccounts: defineGroup({
    platforms: ['linux'],
    description: 'Accounts in /etc/passwd: name, uid, gid, home and shell.',
    schema: z.object({
      path: z.string(),
      users: z.array(z.object({ name: z.string(), uid: z.number(), gid: z.number(), home: z.string(), shell: z.string() })),
    }),
  }),
  passwordHashes: defineGroup({
    platforms: ['linux'],
    description: 'The state of each /etc/shadow password field (empty, locked or a hash; never the hash), and the accounts whose hashes remain in /etc/shadow- and /etc/gshadow-.',
    needsAdmin: true,
    schema: z.object({
      path: z.string(),
      entries: z.array(z.object({ name: z.string(), state: z.enum(['empty', 'locked', 'hash']) })),
      backups: z.array(z.object({ path: z.string(), hashed: z.array(z.string()) })),
    }),
  }),
  sudoersEntries: defineGroup({
    platforms: ['linux'],
    description: 'User names that start a rule in /etc/sudoers and /etc/sudoers.d/* (aliases, %groups and Defaults left out), with file and line.',
    needsAdmin: true,
    schema: z.object({ entries: z.array(z.object({ path: z.string(), line: z.number(), user: z.string() })) }),
  }),
  waagentDeprovision: defineGroup({
    platforms: ['linux'],
    description: 'What waagent -deprovision will do here: Provisioning.DeleteRootPassword from /etc/waagent.conf, and the user (and CustomData) in /var/lib/waagent/ovf-env.xml.',
    schema: z.object({
      confPresent: z.boolean(),
      deleteRootPassword: z.boolean(),
      ovfEnv: z.object({
        state: z.enum(['missing', 'unreadable', 'read']),
        userName: z.string().optional(),
        customData: z.boolean().optional(),
      }),
    }),
  }),
  homeFiles: defineGroup({
    platforms: ['linux'],
    description: 'History files, authorized_keys, private keys and cloud credentials in every home directory (passwd homes and /home/*); a bounded scan that says when it was cut short.',
    needsAdmin: true,
    schema: z.object({
      homes: z.number(),
      history: z.array(ownedPath),
      authorizedKeys: z.array(ownedPath.extend({ keys: z.number() })),
      secrets: z.array(ownedPath.extend({ kind: z.string() })),
      unreadable: z.array(z.string()),
      truncated: z.string().optional(),
    }),
  }),
  networkConfig: defineGroup({
    platforms: ['linux'],
    description: 'Network configuration files in their own formats (netplan, NetworkManager keyfiles, ifupdown, systemd-networkd, ifcfg) and udev persistent-net rules.',
    schema: z.object({
      files: z.array(configFile.extend({ format: z.enum(['netplan', 'networkmanager', 'ifupdown', 'networkd', 'ifcfg', 'udev']) })),
      unreadable: z.array(z.string()),
    }),
  }),
  dhcpLeases: defineGroup({
    platforms: ['linux'],
    description: 'DHCP client lease files (dhclient, dhcpcd, NetworkManager, wicked; systemd-networkd when live).',
    schema: z.object({ leases: z.array(z.string()) }),
  }),
  hostIdentity: defineGroup({
    platforms: ['linux'],
    description: '/etc/hostname, /etc/hosts and /etc/resolv.conf (a symlink with its target, or a file with its content).',
    schema: z.object({
      hostname: z.string().nullable(),
      hosts: z.string().nullable(),
      resolvConf: z.object({ kind: z.enum(['missing', 'symlink', 'file']), target: z.string().optional(), content: z.string().optional() }),
    }),
  }),
  fstab: defineGroup({
    platforms: ['linux'],
    description: '/etc/fstab as written (null when missing), and swap units enabled under /etc/systemd/system.',
    schema: z.object({ path: z.string(), content: z.string().nullable(), swapUnits: z.array(z.string()) }),
  }),
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
    description: 'initramfs-tools and dracut configuration that decides which drivers the initramfs holds, and which generators are installed.',
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
  packageState: defineGroup({
    platforms: ['linux'],
    description: 'An interrupted package run: dpkg journal (/var/lib/dpkg/updates) or yum transaction files, and packages not fully installed.',
    schema: z.object({ journal: z.array(z.string()), unfinished: z.array(z.object({ package: z.string(), status: z.string() })) }),
  }),
  logFiles: defineGroup({
    platforms: ['linux'],
    description: 'Non-empty files below /var/log (the first 200 named, all counted).',
    schema: z.object({ files: z.array(z.string()), count: z.number(), unreadable: z.array(z.string()) }),
  }),
  journalDirs: defineGroup({
    platforms: ['linux'],
    description: 'Persistent journal directories in /var/log/journal and the current machine ID.',
    schema: z.object({ machineId: z.string(), dirs: z.array(z.string()) }),
  }),
  cloudInitState: defineGroup({
    platforms: ['linux'],
    description: 'cloud-init: installed and enabled, its configuration files, instance cache, generated files and cached user-data.',
    schema: z.object({
      installed: z.boolean(),
      enabled: z.boolean(),
      configs: z.array(configFile),
      unreadable: z.array(z.string()),
      instanceCache: z.array(z.string()),
      generated: z.array(z.string()),
      userData: z.array(z.string()),
    }),
  }),
  cronSpools: defineGroup({
    platforms: ['linux'],
    description: 'User crontabs and at jobs in /var/spool, and non-empty mail spools.',
    needsAdmin: true,
    schema: z.object({ crontabs: z.array(z.string()), mail: z.array(z.string()) }),
  }),
  packageCaches: defineGroup({
    platforms: ['linux'],
    description: 'Downloaded packages kept by apt, dnf, yum and zypper.',
    schema: z.object({ caches: z.array(z.object({ path: z.string(), entries: z.number() })) }),
  }),
  tmpFiles: defineGroup({
    platforms: ['linux'],
    description: 'Entries in /tmp and /var/tmp (the first 50 named, all counted).',
    schema: z.object({ entries: z.array(z.string()), count: z.number() }),
  }),
  backupFiles: defineGroup({
    platforms: ['linux'],
    description: 'Editor and package-manager backup copies (*~, *.bak, *.orig, *.dpkg-old, *.rpmsave) in /etc and /root.',
    schema: z.object({ files: z.array(z.string()), unreadable: z.array(z.string()) }),
  }),
  crashDumps: defineGroup({
    platforms: ['linux'],
    description: 'Crash dumps in /var/crash, /var/lib/systemd/coredump and /var/log/dump.',
    schema: z.object({ files: z.array(z.string()), count: z.number() }),
  }),
  sshdConfig: defineGroup({
    platforms: ['linux'],
    description: '/etc/ssh/sshd_config and the files its Include lines name, in reading order.',
    schema: z.object(configFiles),
  }),
  sshService: defineGroup({
    platforms: ['linux'],
    description: 'The sshd binary and the links that start it at boot (systemd wants, SysV rc, OpenRC).',
    schema: z.object({ binaries: z.array(z.string()), enabled: z.array(z.string()) }),
  }),
};
