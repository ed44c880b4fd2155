import { statSync } from 'node:fs';
import { TargetError } from '../errors.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import { envelopeFromRun, linuxProbeFor, newProbeNonce } from '../probes/run.js';
import type { ConnectOptions } from './options.js';
import { OutputTooLarge, SpawnTimeout, spawnWithInput } from './spawn.js';

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
  }
  const args = ['-s', '--', ...(root !== undefined ? ['--root', root] : [])];
  const [command, argv] = options.sudo ? ['sudo', ['-n', 'sh', ...args]] : ['sh', args];
  options.debug?.(`${target}: running ${command} ${argv.join(' ')} with the probe on stdin`);
  try {
    const nonce = newProbeNonce();
    const run = await spawnWithInput(command, argv, linuxProbeFor(nonce), { timeoutMs: options.timeoutMs });
    options.debug?.(`${target}: probe exited ${run.code ?? run.signal}, ${run.stdout.length} bytes of output`);
    return envelopeFromRun(target, run, new Date().toISOString(), nonce);
  } catch (e) {
    if (e instanceof SpawnTimeout) throw new TargetError(target, 'probe', `the probe gave ${e.message}`, 'raise --timeout');
    if (e instanceof OutputTooLarge) throw new TargetError(target, 'probe', `the probe ${e.message}`);
    throw e;
  }
}
