import type { Facts } from '../../../src/facts/catalog.js';
import type { RuleContext } from '../../../src/engine/define.js';
import { unknownIfUnreadable } from './completeness.js';
import { contentLines, shellAssignments } from './text.js';

type InitramfsConfig = Facts['initramfsConfig'];
type Kernel = Facts['cloudDrivers']['kernels'][number];

const MODULES_LIST = '/etc/initramfs-tools/modules';
const MODULES_D = '/usr/share/initramfs-tools/modules.d/';

/**
 * A modules list of initramfs-tools: /etc/initramfs-tools/modules, or one of the package-shipped
 * /usr/share/initramfs-tools/modules.d/* files. mkinitramfs always adds what they list, whatever
 * MODULES says (initramfs.conf(5) and mkinitramfs of initramfs-tools 0.142).
 */
export function isModulesList(path: string): boolean {
  return path === MODULES_LIST || path.startsWith(MODULES_D);
}

/** The module names the modules lists name (the first word of each non-comment line). */
export function listedModules(config: InitramfsConfig): string[] {
  return config.initramfsTools
    .filter((f) => isModulesList(f.path))
    .flatMap((f) => contentLines(f.content).map((l) => l.text.trim().split(/\s+/)[0] ?? ''))
    .filter((m) => m !== '');
}

/** Whether a kernel has a driver built in or as a module; null when its indexes cannot tell. */
export function driverIn(kernel: Kernel, name: string): 'builtin' | 'module' | 'missing' | null {
  if (kernel.builtin.includes(name)) return 'builtin';
  if (kernel.modules.some((m) => m.name === name)) return 'module';
  return kernel.indexed.builtin && kernel.indexed.dep ? 'missing' : null;
}

/**
 * Why an initramfs built from this configuration would leave a module out, or undefined when it
 * would hold it. initramfs-tools (mkinitramfs): MODULES=most (the default, and the fallback for an
 * unknown value) copies kernel/drivers/nvme and kernel/drivers/net; dep, list and netboot take only
 * the build host's devices or what /etc/initramfs-tools/modules and modules.d list. dracut: hostonly="yes" keeps
 * only the modules the build host has loaded, unless add_drivers / force_drivers / drivers name it.
 * `hostHas`: the build host runs with the driver (so dep and hostonly keep it).
 */
export function initramfsOmits(config: InitramfsConfig, module: string, hostHas: boolean): { resource: string; setting: string }[] {
  const out: { resource: string; setting: string }[] = [];
  if (hostHas) return out;
  if (config.generators.includes('initramfs-tools')) {
    const vars = new Map<string, string>();
    let setter = '/etc/initramfs-tools/initramfs.conf';
    for (const f of config.initramfsTools.filter((x) => !isModulesList(x.path))) {
      const before = vars.get('MODULES');
      shellAssignments(f.content, vars);
      if (vars.get('MODULES') !== before) setter = f.path;
    }
    const mode = vars.get('MODULES') ?? 'most';
    if (['dep', 'list', 'netboot'].includes(mode) && !listedModules(config).some((m) => same(m, module)))
      out.push({ resource: setter, setting: `MODULES=${mode}` });
  }
  if (config.generators.includes('dracut')) {
    const files = dracutOrder(config.dracut);
    let hostonly: { path: string; value: string } | undefined;
    const drivers: string[] = [];
    for (const f of files) {
      const h = shellAssignments(f.content, new Map()).get('hostonly');
      if (h !== undefined) hostonly = { path: f.path, value: h.trim() };
      // dracut.conf(5): add_drivers+=" x ", force_drivers+=" x ", drivers=" x " (a shell assignment, += appends).
      for (const { text } of contentLines(f.content)) {
        const m = /^\s*(?:add_drivers|force_drivers|drivers)\s*\+?=\s*(.*)$/.exec(text);
        if (m) drivers.push(...(m[1] as string).replace(/#.*/, '').replace(/["']/g, ' ').split(/\s+/));
      }
    }
    if (hostonly?.value === 'yes' && !drivers.some((d) => same(d, module))) out.push({ resource: hostonly.path, setting: 'hostonly="yes"' });
  }
  return out;
}

/** dracut reads dracut.conf, then the conf.d files of /usr/lib and /etc sorted by name (an /etc file replaces its /usr/lib namesake). */
function dracutOrder(files: InitramfsConfig['dracut']): InitramfsConfig['dracut'] {
  const main = files.filter((f) => f.path === '/etc/dracut.conf');
  const byName = new Map<string, InitramfsConfig['dracut'][number]>();
  for (const f of files.filter((x) => x.path !== '/etc/dracut.conf')) {
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    if (!byName.has(name) || f.path.startsWith('/etc/')) byName.set(name, f);
  }
  return [...main, ...[...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f)];
}

/** Module names compare with dashes and underscores alike. */
function same(a: string, b: string): boolean {
  return a.replace(/-/g, '_') === b.replace(/-/g, '_');
}

/** A `cloudDrivers` kernel for rule examples. */
export function kernelExample(version: string, builtin: string[], modules: string[]): Kernel {
  const paths: Record<string, string> = {
    nvme: 'kernel/drivers/nvme/host/nvme.ko',
    nvme_core: 'kernel/drivers/nvme/host/nvme-core.ko',
    ena: 'kernel/drivers/net/ethernet/amazon/ena/ena.ko',
    gve: 'kernel/drivers/net/ethernet/google/gve/gve.ko',
  };
  return {
    version,
    modulesDir: `/lib/modules/${version}`,
    indexed: { builtin: true, dep: true },
    builtin,
    modules: modules.map((name) => ({ name, path: paths[name] ?? name })),
  };
}

/**
 * The boot-driver check of the cloud rules: every kernel in /boot must have each driver (built in
 * or as a module), and where nvme is a module, the initramfs must be built to hold it. Reports
 * `missing` with {kernel, driver, effect} and `initramfs` with {setting, kernels}.
 */
export function checkBootDrivers(
  { cloudDrivers, initramfsConfig }: { cloudDrivers: Facts['cloudDrivers']; initramfsConfig: InitramfsConfig },
  context: RuleContext,
  drivers: readonly { driver: string; effect: string }[],
): void {
  if (unknownIfUnreadable(context, [...cloudDrivers.unreadable, ...initramfsConfig.unreadable])) return;
  if (cloudDrivers.kernels.length === 0) {
    context.unknown('no kernel was found in /boot: its drivers cannot be checked');
    return;
  }
  const modular: string[] = [];
  for (const k of cloudDrivers.kernels) {
    const resource = k.modulesDir ?? `/lib/modules/${k.version}`;
    for (const { driver, effect } of drivers) {
      const state = driverIn(k, driver);
      if (state === null) {
        context.unknown(`${resource} has no modules.builtin or modules.dep: whether kernel ${k.version} has ${driver} is unknown`);
        return;
      }
      if (state === 'missing') context.report({ messageId: 'missing', resource, data: { kernel: k.version, driver, effect } });
      if (driver === 'nvme' && state === 'module') modular.push(k.version);
    }
  }
  if (modular.length === 0) return;
  if (initramfsConfig.generators.length === 0) {
    context.unknown('nvme is a module and no initramfs generator (update-initramfs, dracut) is installed: whether the initramfs holds it is unknown');
    return;
  }
  for (const o of initramfsOmits(initramfsConfig, 'nvme', cloudDrivers.running?.includes('nvme') ?? false))
    context.report({ messageId: 'initramfs', resource: o.resource, data: { setting: o.setting, kernels: modular.join(', ') } });
}
