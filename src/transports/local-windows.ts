import { PowerShell } from 'node-powershell';
import { TargetError } from '../errors.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import { probePayload } from '../probes/windows.js';
import { envelopeFromRun, newProbeNonce } from '../probes/run.js';
import type { ConnectOptions, ExecResult } from './options.js';

/**
 * The probe as ONE line for node-powershell: its `-Command -` REPL parses multi-line input like
 * interactive input (PowerShell/PowerShell#3223), which can swallow its framing delimiters, so the
 * probe travels base64-encoded inside a single statement.
 */
export function localProbeCommand(timeoutMs?: number, nonce?: string): string {
  const b64 = probePayload({ ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(nonce !== undefined ? { nonce } : {}) }).trim();
  return (
    "$ProgressPreference='SilentlyContinue'; try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false) } catch { }; " +
    `& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}'))))`
  );
}

export class LocalPowerShellTimeout extends Error {}

/**
 * One long-lived PowerShell through node-powershell. A timed-out invocation leaves the process
 * busy and its late output would corrupt the next framed call, so it is disposed and a fresh one
 * is spawned on the next run.
 */
export class LocalPowerShell {
  private shell: PowerShell | undefined;

  constructor(
    private readonly executable: string,
    private readonly timeoutMs: number,
  ) {}

  private spawn(): PowerShell {
    this.shell ??= new PowerShell({
      executable: this.executable,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
      inputEncoding: 'utf8',
      outputEncoding: 'utf8',
      invocationTimeout: this.timeoutMs,
      throwOnInvocationError: false,
    });
    return this.shell;
  }

  /** Runs one single-line command; stderr text never fails the call by itself (warnings, native noise). */
  async run(command: string): Promise<ExecResult> {
    const shell = this.spawn();
    const result = await shell.invoke(command);
    if (result.stdout === undefined && result.hadErrors) {
      await this.dispose();
      throw new LocalPowerShellTimeout(`no answer within ${Math.round(this.timeoutMs / 1000)} s`);
    }
    return { stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr ?? Buffer.alloc(0), code: 0 };
  }

  async dispose(): Promise<void> {
    const shell = this.shell;
    this.shell = undefined;
    if (shell) await shell.dispose('SIGKILL').catch(() => undefined);
  }
}

/** Windows PowerShell 5.1 on Windows unless PRESEAL_POWERSHELL names another (e.g. pwsh). */
export function defaultPowerShell(): string {
  return process.env['PRESEAL_POWERSHELL'] || (process.platform === 'win32' ? 'powershell.exe' : 'pwsh');
}

/** Runs the Windows probe on this machine and returns its validated envelope. */
export async function collectWindowsLocal(target: string, options: ConnectOptions, executable = defaultPowerShell()): Promise<FactsEnvelope> {
  const ps = new LocalPowerShell(executable, options.timeoutMs);
  options.debug?.(`${target}: running the Windows probe through node-powershell (${executable})`);
  try {
    const nonce = newProbeNonce();
    const run = await ps.run(localProbeCommand(options.timeoutMs, nonce));
    options.debug?.(`${target}: probe printed ${run.stdout.length} bytes, ${run.stderr.length} bytes on stderr`);
    return envelopeFromRun(target, run, new Date().toISOString(), nonce);
  } catch (e) {
    if (e instanceof LocalPowerShellTimeout)
      throw new TargetError(target, 'probe', `the probe gave ${e.message}`, 'raise --timeout (the EFS scan of large volumes takes longest)');
    // node-powershell wraps a failed spawn in ProcessError with the spawn error as originalError.
    const cause = (e as { originalError?: NodeJS.ErrnoException }).originalError ?? (e as NodeJS.ErrnoException);
    if (cause?.code === 'ENOENT')
      throw new TargetError(target, 'probe', `${executable} was not found`, 'set PRESEAL_POWERSHELL to the path of powershell.exe or pwsh');
    if (e instanceof Error && e.constructor.name === 'ProcessError') {
      throw new TargetError(target, 'probe', `${executable} exited before the probe finished: ${e.message.replace(/\s+/g, ' ').trim()}`, 'run with --debug');
    }
    throw e;
  } finally {
    await ps.dispose();
  }
}
