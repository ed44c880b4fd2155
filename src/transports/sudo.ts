import { displaySafe } from '../display.js';
import { TargetError } from '../errors.js';
import { stderrTail } from '../probes/run.js';
import type { ExecResult } from './options.js';

/** Where `sudo -n` ran: on an SSH target, or on this machine (the local transport). */
export type SudoSite =
  | {
      kind: 'ssh';
      /** host, or host:port when the port is not 22, as the admin named it (not from the target). */
      where: string;
      /** The variable that holds the SSH password, named so nobody takes it for a sudo password. */
      passwordEnv: string;
    }
  | { kind: 'local' };

export interface SudoAt {
  target: string;
  /** The account sudo was asked to run the probe for: the SSH login, or the local user running preseal. */
  user: string;
  site: SudoSite;
}

// sudo 1.9 (Debian 12 sudoers.so) with -n: "a password is required"; without -n and no terminal, tgetpass's
// "a terminal is required to read the password"; sudo-rs: "interactive authentication is required".
const SUDO_PASSWORD = /a password is required|a terminal is required to read the password|interactive authentication is required/;
// sudoers.so: "%s is not in the sudoers file.", "Sorry, user %s may not run sudo on %s.", "Sorry, user %s is not allowed to execute …".
const SUDO_NOT_ALLOWED = /is not in the sudoers file|may not run sudo|is not allowed to execute/;
// sudoers.so with Defaults requiretty: "sorry, you must have a tty to run sudo".
const SUDO_TTY = /must have a tty to run sudo/;

/** The words that differ between the two places sudo runs; the classification and the fixes are the same. */
function wording(site: SudoSite) {
  return site.kind === 'ssh'
    ? {
        on: site.where,
        visudo: 'on the VM run `visudo -f /etc/sudoers.d/preseal`',
        asRoot: 'connect as root without --sudo',
        install: 'install sudo on the VM',
        password: ` ($${site.passwordEnv} is the SSH login's)`,
      }
    : {
        on: 'this machine',
        visudo: 'as root run `visudo -f /etc/sudoers.d/preseal`',
        asRoot: 'run preseal as root without --sudo',
        install: 'install sudo',
        password: '',
      };
}

/** How the run ended, with sudo's (or the shell's) last line of stderr quoted display-safe. */
function ended(run: ExecResult): string {
  const said = displaySafe(stderrTail(run.stderr, 1), 200);
  return `exit status ${run.code}${said ? `: "${said}"` : ''}`;
}

/**
 * `sudo -n` that did not start the probe (sudo(8), EXIT VALUE: 1 when authentication fails, on a
 * configuration or permission problem, or when the command cannot be run). The exit status and
 * that no facts came back decide it; sudo's known messages only make the message more precise,
 * and any other text (a translation, another sudo) gets the same fix.
 */
export function sudoRefused(run: ExecResult, at: SudoAt): TargetError {
  const w = wording(at.site);
  const said = stderrTail(run.stderr, 1);
  const detail = ended(run);
  if (SUDO_TTY.test(said))
    return new TargetError(
      at.target,
      'probe',
      `sudo on ${w.on} wants a terminal (requiretty) for ${at.user}, and the probe runs without one (${detail})`,
      `${w.visudo} and add \`Defaults:${at.user} !requiretty\`, or ${w.asRoot}`,
    );
  const message = SUDO_PASSWORD.test(said)
    ? `sudo -n on ${w.on} wants ${at.user}'s password before it starts the probe (${detail})`
    : SUDO_NOT_ALLOWED.test(said)
      ? `sudo on ${w.on} does not let ${at.user} run the probe as root (${detail})`
      : `sudo -n on ${w.on} refused to start the probe for ${at.user} (${detail})`;
  return new TargetError(
    at.target,
    'probe',
    message,
    `let ${at.user} run sh as root without a password: ${w.visudo} and add \`${at.user} ALL=(root) NOPASSWD: /bin/sh\`; or ${w.asRoot}. ` +
      `preseal never types a sudo password${w.password}`,
  );
}

/**
 * No sudo to run: over SSH the account's shell exited 127 (`run`, the command it did not find);
 * on this machine spawning sudo failed with ENOENT (no `run`).
 */
export function sudoMissing(at: SudoAt, run?: ExecResult): TargetError {
  const w = wording(at.site);
  const how = run ? `${at.user}'s shell found no sudo command (${ended(run)})` : `there is no sudo command on ${at.user}'s PATH`;
  return new TargetError(
    at.target,
    'probe',
    `sudo is not installed on ${w.on}: ${how}`,
    `${w.install} (apt-get install sudo, or dnf install sudo), or ${w.asRoot}`,
  );
}
