import { spawn } from 'node:child_process';
import { MAX_PROBE_OUTPUT, type ExecResult } from './options.js';

export class SpawnTimeout extends Error {}
export class OutputTooLarge extends Error {}

/**
 * Runs a program with `input` on stdin and collects both streams as Buffers. Kills the whole
 * process group on timeout or when the output passes the cap, so nothing is left behind.
 */
export function spawnWithInput(
  command: string,
  args: readonly string[],
  input: string | Buffer,
  options: { timeoutMs: number; maxOutput?: number; env?: NodeJS.ProcessEnv },
): Promise<ExecResult> {
  const maxOutput = options.maxOutput ?? MAX_PROBE_OUTPUT;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32', env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: Error | undefined;
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      failure ??= new SpawnTimeout(`no answer within ${Math.round(options.timeoutMs / 1000)} s`);
      kill();
    }, options.timeoutMs);
    const collect = (chunks: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) {
        failure ??= new OutputTooLarge(`output passed ${maxOutput} bytes`);
        kill();
        return;
      }
      chunks.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.stdin.on('error', () => {
      // The program may exit before reading all of stdin; its exit status tells what happened.
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, signal });
    });
    child.stdin.end(input);
  });
}
