import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';
import type { RealPart } from './real.js';

const script = join(repoRoot, 'scripts', 'build-debian-azure-tree.sh');

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * The Debian 12 Azure-shaped tree of scripts/build-debian-azure-tree.sh: built on first use (about
 * 100 s with a warm apt mirror), then reused from the cache for every later run and test file.
 */
export function debianAzureTree(): RealPart {
  if (process.getuid?.() !== 0) return { available: false, path: '', why: 'building and chrooting into the Debian tree needs root' };
  for (const cmd of ['debootstrap', 'unshare', 'chroot', 'flock']) {
    if (!has(cmd)) return { available: false, path: '', why: `${cmd} not found (install: apt-get install -y debootstrap util-linux coreutils)` };
  }
  const path = execFileSync('sh', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 30 * 60_000 }).trim();
  if (!existsSync(join(path, 'usr', 'sbin', 'waagent'))) throw new Error(`${script} printed ${path}, which has no usr/sbin/waagent`);
  return { available: true, path, why: '' };
}

export interface TreeCopy {
  /** The tree to chroot into and lint. */
  root: string;
  /** Where the copy's own changes are (an overlayfs upper directory), usable as a lower layer of a further copy. */
  layers: string[];
  dir: string;
  mounted: boolean;
}

/**
 * A private, writable copy of a tree (the cached one is never changed): an overlayfs mount whose
 * lower layers are the tree (and the layers of the copy it was made from), so a copy costs no I/O;
 * where overlayfs cannot be mounted, a full `cp -a`.
 */
export function copyTree(src: string | TreeCopy, label: string): TreeCopy {
  const dir = mkdtempSync(join('/var/tmp', `preseal-real-${label}-`));
  const lowers = typeof src === 'string' ? [src] : src.layers;
  for (const d of ['upper', 'work', 'merged']) mkdirSync(join(dir, d));
  const root = join(dir, 'merged');
  const mount = spawnSync(
    'mount',
    ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lowers.join(':')},upperdir=${join(dir, 'upper')},workdir=${join(dir, 'work')}`, root],
    { encoding: 'utf8' },
  );
  if (mount.status === 0) return { root, layers: [join(dir, 'upper'), ...lowers], dir, mounted: true };
  execFileSync('cp', ['-a', '--reflink=auto', `${typeof src === 'string' ? src : src.root}/.`, root]);
  return { root, layers: [root], dir, mounted: false };
}

/** Unmounts and removes a copy (rm -rf: on a busy disk many times faster than fs.rmSync). */
export function removeTree(copy: TreeCopy | undefined): void {
  if (!copy?.dir.startsWith('/var/tmp/preseal-real-')) return;
  if (copy.mounted) execFileSync('umount', [copy.root]);
  execFileSync('rm', ['-rf', '--one-file-system', copy.dir]);
}

export interface ChrootRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command inside the tree. Own UTS, IPC, network, PID and mount namespaces: `hostname` calls
 * reach only the namespace, nothing can reach the network, and no service can start (systemctl
 * refuses in a chroot). With `proc`, /proc is mounted for this run only and vanishes with it.
 */
export function inChroot(root: string, argv: readonly string[], options: { proc?: boolean; input?: string } = {}): ChrootRun {
  const ns = ['--uts', '--ipc', '--net', '--pid', '--fork', '--mount', ...(options.proc ? [`--mount-proc=${join(root, 'proc')}`] : [])];
  const r = spawnSync(
    'unshare',
    [
      ...ns,
      'chroot',
      root,
      '/usr/bin/env',
      '-i',
      'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
      'HOME=/root',
      'LANG=C.UTF-8',
      'DEBIAN_FRONTEND=noninteractive',
      ...argv,
    ],
    { encoding: 'utf8', input: options.input ?? '', timeout: 300_000 },
  );
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What a path in the tree is: absent, a directory, a link (its target) or a file (its content hash). */
export function stateOf(root: string, path: string): string {
  const full = join(root, path);
  let st: Stats;
  try {
    st = lstatSync(full);
  } catch {
    return 'absent';
  }
  if (st.isSymbolicLink()) return `link:${readlinkSync(full)}`;
  if (st.isDirectory()) return 'dir';
  return `file:${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
}

/** The versions of the real tools in the tree (cited in the rule pages). */
export function packageVersion(root: string, pkg: string): string {
  const r = inChroot(root, ['dpkg-query', '-W', '-f', '${Version}', pkg]);
  if (r.code !== 0) throw new Error(`dpkg-query ${pkg}: ${r.stderr}`);
  return r.stdout.trim();
}
