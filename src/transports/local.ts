import { lstatSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { displaySafe } from '../display.js';
import { TargetError } from '../errors.js';
import { envelopeMarkers, type FactsEnvelope } from '../facts/envelope.js';
import { envelopeFromRun, linuxProbeFor, newProbeNonce } from '../probes/run.js';
import type { ConnectOptions } from './options.js';
import { OutputTooLarge, SpawnTimeout, spawnWithInput } from './spawn.js';
import { type SudoAt, sudoMissing, sudoRefused } from './sudo.js';

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

/** Who sudo is asked to run the probe for: the account running preseal (display-safe: it names the fix). */
function sudoAt(target: string): SudoAt {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for this uid; sudoers takes `#uid` for a user.
    user = `#${process.getuid?.() ?? '?'}`;
  }
  return { target, user: displaySafe(user, 64), site: { kind: 'local' } };
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
    // sudo is the process itself: an exit status of 1 without facts is sudo's, not the probe's.
    if (options.sudo && run.code === 1 && !run.stdout.includes(envelopeMarkers(nonce).begin)) throw sudoRefused(run, sudoAt(target));
    return envelopeFromRun(target, run, new Date().toISOString(), nonce);
  } catch (e) {
    if (e instanceof SpawnTimeout) throw new TargetError(target, 'probe', `the probe gave ${e.message}`, 'raise --timeout');
    if (e instanceof OutputTooLarge) throw new TargetError(target, 'probe', `the probe ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      if (options.sudo) throw sudoMissing(sudoAt(target));
      throw new TargetError(target, 'probe', `${command} is not installed on this machine`, 'preseal needs a POSIX sh on PATH');
    }
    throw e;
  }
}
