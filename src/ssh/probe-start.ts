import { displaySafe } from '../display.js';
import { TargetError } from '../errors.js';
import { envelopeMarkers } from '../facts/envelope.js';
import type { ExecResult } from '../transports/options.js';
import { type SudoAt, sudoMissing, sudoRefused } from '../transports/sudo.js';

/**
 * The line the account's shell prints before it starts the Linux probe. When neither it nor the
 * probe's facts come back and the channel exits 1, the shell never ran the command preseal sent:
 * the account's login shell is nologin or false (both exit 1), sshd could not start the shell
 * (session.c exits 1 when execve fails), or an sshd ForceCommand ran something else that failed.
 */
export const SHELL_STARTED = 'preseal-shell-started';

/**
 * The command of the Linux probe: the marker line, then sh reading the probe from stdin, through
 * `sudo -n` with --sudo (-n: sudo never waits for a password nobody can type). `echo` and `;` mean
 * the same in sh, bash, zsh, csh, tcsh and fish; no `exec`, which a restricted shell (rbash) refuses.
 */
export function linuxProbeCommand(sudo: boolean): string {
  return `echo ${SHELL_STARTED}; ${sudo ? 'sudo -n ' : ''}sh -s --`;
}

export interface ProbeStart {
  target: string;
  /** The account preseal logged in as. */
  user: string;
  /** host, or host:port when the port is not 22, as the admin named it (not from the target). */
  where: string;
  sudo: boolean;
  /** The nonce of this run's envelope markers. */
  nonce: string;
  /** The variable that holds the SSH password, named in the sudo hint. */
  passwordEnv: string;
}

/** Whether `line` stands alone on a line of `text` (LF or CRLF), not inside a longer one (cmd.exe echoes the whole command). */
function hasLine(text: string, line: string): boolean {
  for (let at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
    const before = at === 0 || text[at - 1] === '\n';
    const rest = text.slice(at + line.length, at + line.length + 2);
    if (before && (rest === '' || rest.startsWith('\n') || rest === '\r\n' || rest === '\r')) return true;
  }
  return false;
}

/** What the server printed in place of the probe, for the message: its first line, display-safe and short. */
function firstLine(run: ExecResult): string {
  for (const stream of [run.stdout, run.stderr]) {
    const line = stream
      .toString('utf8')
      .split('\n')
      .map((l) => l.replace(/\r$/, '').trim())
      .find((l) => l && l !== SHELL_STARTED);
    if (line) return displaySafe(line, 200);
  }
  return '';
}

// What shadow's nologin(8) prints (Debian's /usr/sbin/nologin, package login), and util-linux's unless /etc/nologin.txt exists.
const NOLOGIN = /This account is currently not available/;
function noShell(run: ExecResult, at: ProbeStart): TargetError {
  const printed = firstLine(run);
  const said = printed ? `the server printed "${printed}"${NOLOGIN.test(printed) ? ', as nologin does' : ''}` : 'the server printed nothing';
  return new TargetError(
    at.target,
    'probe',
    `${at.user} has no login shell on ${at.where} that runs commands: the probe never started (exit status 1; ${said})`,
    `lint as an account that has a shell (ssh://admin@${at.where}, with --sudo when it is not root), or give ${at.user} one ` +
      `(usermod -s /bin/bash ${at.user}) and check sshd_config for a ForceCommand that applies to it`,
  );
}

/**
 * The hint for a run that brought back neither facts nor the marker line with an exit status other
 * than 1 (a ForceCommand menu that exits 0, a shell that is not POSIX): the command was not run as
 * sent. Undefined when the marker or facts came back.
 */
export function commandNotRunHint(run: ExecResult, at: ProbeStart): string | undefined {
  if (run.stdout.includes(envelopeMarkers(at.nonce).begin) || hasLine(run.stdout.toString('utf8'), SHELL_STARTED)) return undefined;
  return (
    `the server did not run preseal's command as ${at.user} (no "${SHELL_STARTED}" line came back): check the login shell ` +
    `(getent passwd ${at.user}) and any sshd ForceCommand for it; --debug shows what came back`
  );
}

/**
 * Why the Linux probe never started, when the run shows it: the structure decides (the shell's
 * marker line, sudo's exit status), and the known messages of nologin and sudo only make the
 * message more precise. Undefined when the probe printed facts or the run shows nothing known;
 * envelopeFromRun then reports it.
 */
export function probeStartFailure(run: ExecResult, at: ProbeStart): TargetError | undefined {
  if (run.stdout.includes(envelopeMarkers(at.nonce).begin) || run.signal) return undefined;
  if (!hasLine(run.stdout.toString('utf8'), SHELL_STARTED)) return run.code === 1 ? noShell(run, at) : undefined;
  if (!at.sudo) return undefined;
  // sudo(8), EXIT VALUE: 1 when authentication fails, on a configuration or permission problem, or
  // when the command cannot be run; a shell's 127 is a command it did not find, here sudo itself.
  const sudo: SudoAt = { target: at.target, user: at.user, site: { kind: 'ssh', where: at.where, passwordEnv: at.passwordEnv } };
  if (run.code === 1) return sudoRefused(run, sudo);
  if (run.code === 127) return sudoMissing(sudo, run);
  return undefined;
}
