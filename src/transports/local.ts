import { lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TargetError } from '../errors.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import { envelopeFromRun, linuxProbeFor, newProbeNonce } from '../probes/run.js';
import type { ConnectOptions } from './options.js';
import { OutputTooLarge, SpawnTimeout, spawnWithInput } from './spawn.js';

/**
 * Whether a folder holds an OS root: an os-release file (either place), a distribution release
 * file, or /etc/passwd with a shell. Links are not followed (lstat): an absolute link in the image
 * would point at the host. An empty or unmounted folder must not lint as a clean Linux.
 */
function looksLikeOs(root: string): boolean {
  const has = (path: string) => {
    try {
      lstatSync(join(root, path));
      return true;
    } catch {
      return false;
    }
  };
  const markers = ['etc/os-release', 'usr/lib/os-release', 'etc/redhat-release', 'etc/debian_version', 'etc/SuSE-release', 'etc/alpine-release'];
  return markers.some(has) || (has('etc/passwd') && (has('bin/sh') || has('usr/bin/sh')));
}

/** Runs the Linux sh probe on this machine, against `/` or an offline root. */
export async function collectLinuxLocal(target: string, root: string | undefined, options: ConnectOptions): Promise<FactsEnvelope> {
  if (root !== undefined) {
    let isDir = false;
    try {
      isDir = statSync(root).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new TargetError(target, 'read', `${root} is not a directory`, 'root: takes the folder where the image is mounted, e.g. root:/mnt/image');
    if (!looksLikeOs(root))
      throw new TargetError(
        target,
        'read',
        `no operating system found under ${root}; is the image mounted?`,
        "root: takes the folder where the image's root file system is mounted (it holds etc/os-release)",
      );
  }
  const args = ['-s', '--', ...(root !== undefined ? ['--root', root] : [])];
  const [command, argv] = options.sudo ? ['sudo', ['-n', 'sh', ...args]] : ['sh', args];
  options.debug?.(`${target}: running ${command} ${argv.join(' ')} with the probe on stdin`);
  try {
    const nonce = newProbeNonce();
    const run = await spawnWithInput(command, argv, linuxProbeFor(nonce), { timeoutMs: options.timeoutMs });
    options.debug?.(`${target}: probe exited ${run.code ?? run.signal}, ${run.stdout.length} bytes of output`);
    if (options.sudo && run.code !== 0 && /password is required|terminal is required|not in the sudoers|may not run sudo/i.test(run.stderr.toString('utf8'))) {
      throw new TargetError(
        target,
        'authenticate',
        'sudo -n refused to run the probe without a password',
        'allow the probe without a password (NOPASSWD in sudoers), or run preseal as root without --sudo',
      );
    }
    return envelopeFromRun(target, run, new Date().toISOString(), nonce);
  } catch (e) {
    if (e instanceof SpawnTimeout) throw new TargetError(target, 'probe', `the probe gave ${e.message}`, 'raise --timeout');
    if (e instanceof OutputTooLarge) throw new TargetError(target, 'probe', `the probe ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TargetError(
        target,
        'probe',
        `${command} is not installed on this machine`,
        options.sudo ? 'install sudo, or run preseal as root without --sudo' : 'preseal needs a POSIX sh on PATH',
      );
    }
    throw e;
  }
}
