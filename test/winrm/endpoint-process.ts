import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** scripts/winrm-endpoint, started as a user would, with its one JSON line read back. */
export interface EndpointProcess {
  port: number;
  certFile: string | null;
  child: ChildProcess;
  stderr: () => string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export const endpointScript = join(import.meta.dirname, '..', '..', 'scripts', 'winrm-endpoint');

export function startEndpointProcess(args: string[], env: Record<string, string>): Promise<EndpointProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(endpointScript, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scripts/winrm-endpoint printed no line within 60 s: ${err}`));
    }, 60_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`scripts/winrm-endpoint exited ${code}: ${err}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const line = JSON.parse(out.slice(0, nl)) as { port: number; certFile: string | null };
      resolve({
        ...line,
        child,
        stderr: () => err,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
