import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const binPath = join(repoRoot, 'bin', 'preseal.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The command runCli starts: node with bin/preseal.js, or a single-file executable
 * (test/exe/ runs the same end-to-end tests against dist-exe/preseal-linux-x64 this way).
 */
let cli: { command: string; args: readonly string[] } = { command: process.execPath, args: [binPath] };

/** Makes runCli start `executable` (a built preseal executable) instead of node bin/preseal.js. */
export function useCliExecutable(executable: string): void {
  cli = { command: executable, args: [] };
}

/** Runs the built CLI (bin/preseal.js → dist/, or the executable given to useCliExecutable) as a user would, in a child process. */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cli.command, [...cli.args, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
