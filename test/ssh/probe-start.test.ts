import { describe, expect, it } from 'vitest';
import { envelopeMarkers } from '../../src/facts/envelope.js';
import { commandNotRunHint, linuxProbeCommand, type ProbeStart, probeStartFailure, SHELL_STARTED } from '../../src/ssh/probe-start.js';
import type { ExecResult } from '../../src/transports/options.js';
import { type SudoAt, sudoMissing, sudoRefused } from '../../src/transports/sudo.js';

/**
 * Why the Linux probe did not start, from what the channel returned. The real runs (sshd with a
 * nologin or false shell, a sudo that wants a password, no sudo) are in test/e2e/first-hour.test.ts;
 * these are the outputs a real sshd here cannot give (other sudo versions and languages, requiretty,
 * cmd.exe), each from its vendor's text.
 */

const NONCE = '0123456789abcdef0123456789abcdef';
const at = (extra: Partial<ProbeStart> = {}): ProbeStart => ({
  target: 'ssh://deploy@vm1',
  user: 'deploy',
  where: 'vm1',
  sudo: true,
  nonce: NONCE,
  passwordEnv: 'PRESEAL_PASSWORD',
  ...extra,
});
const run = (stdout: string, stderr: string, code: number | null, signal: string | null = null): ExecResult => ({
  stdout: Buffer.from(stdout),
  stderr: Buffer.from(stderr),
  code,
  signal,
});
const started = `${SHELL_STARTED}\n`;

describe('the probe command', () => {
  it('prints the marker line, then runs sh (through sudo -n with --sudo) on stdin', () => {
    expect(linuxProbeCommand(false)).toBe('echo preseal-shell-started; sh -s --');
    expect(linuxProbeCommand(true)).toBe('echo preseal-shell-started; sudo -n sh -s --');
  });
});

describe('an account whose shell does not run the command', () => {
  it('no marker, no facts, exit status 1: no login shell, with what nologin printed', () => {
    const e = probeStartFailure(run('This account is currently not available.\n', '', 1), at({ sudo: false }));
    expect(e?.step).toBe('probe');
    expect(e?.exitCode).toBe(3);
    expect(e?.message).toBe(
      'deploy has no login shell on vm1 that runs commands: the probe never started ' +
        '(exit status 1; the server printed "This account is currently not available.", as nologin does)',
    );
    expect(e?.hint).toContain('usermod -s /bin/bash deploy');
    expect(e?.hint).toContain('ssh://admin@vm1, with --sudo');
  });

  it('the nologin text alone is not the signal: after the marker it is no shell failure', () => {
    expect(probeStartFailure(run(`${started}This account is currently not available.\n`, '', 1), at({ sudo: false }))).toBeUndefined();
  });

  it('another exit status without the marker is left to the envelope check', () => {
    expect(probeStartFailure(run('Segmentation fault\n', '', 139), at())).toBeUndefined();
    expect(probeStartFailure(run('', '', null), at())).toBeUndefined();
    expect(probeStartFailure(run('', '', null, 'KILL'), at())).toBeUndefined();
  });

  it('a line that only holds the marker is not the marker line (cmd.exe echoes the rest of the line, `;` and all)', () => {
    const e = probeStartFailure(run(`${SHELL_STARTED}; sudo -n sh -s --\r\n`, '', 1), at());
    expect(e?.message).toMatch(/^deploy has no login shell on vm1/);
  });

  it('a CRLF marker line counts', () => {
    expect(probeStartFailure(run(`${SHELL_STARTED}\r\n`, '', 1), at({ sudo: false }))).toBeUndefined();
  });

  it('shows what the server printed display-safe and short', () => {
    const e = probeStartFailure(run(`\u202e\x1b[31m::warning::${'x'.repeat(400)}\n`, '', 1), at());
    expect(e?.message).toContain('printed "\\u202e\\x1b[31m::warning::x');
    expect(e?.message).toMatch(/more characters\)"/);
    expect(e?.message).not.toMatch(/[\u001b\u202e]/);
  });

  it('facts printed mean the probe started, whatever else', () => {
    const { begin, end } = envelopeMarkers(NONCE);
    expect(probeStartFailure(run(`${begin}\n{}\n${end}\n`, '', 1), at())).toBeUndefined();
  });
});

describe('a run with neither facts nor the marker line, exit status other than 1', () => {
  it('gets a hint that the command was not run as sent', () => {
    expect(commandNotRunHint(run('Welcome to the build menu\n', '', 0), at())).toBe(
      'the server did not run preseal\'s command as deploy (no "preseal-shell-started" line came back): ' +
        'check the login shell (getent passwd deploy) and any sshd ForceCommand for it; --debug shows what came back',
    );
  });

  it('not when the marker or facts came back', () => {
    expect(commandNotRunHint(run(`${started}Segmentation fault\n`, '', 139), at())).toBeUndefined();
    const { begin } = envelopeMarkers(NONCE);
    expect(commandNotRunHint(run(`${begin}\n{"cut`, '', 0), at())).toBeUndefined();
  });
});

describe('sudo -n that does not start the probe (exit status 1 after the marker)', () => {
  const hintLine =
    'let deploy run sh as root without a password: on the VM run `visudo -f /etc/sudoers.d/preseal` and add `deploy ALL=(root) NOPASSWD: /bin/sh`';

  it('sudo 1.9 (Debian 12 sudoers.so): a password is required', () => {
    const e = probeStartFailure(run(started, 'sudo: a password is required\n', 1), at());
    expect(e?.message).toBe('sudo -n on vm1 wants deploy\'s password before it starts the probe (exit status 1: "sudo: a password is required")');
    expect(e?.hint).toBe(`${hintLine}; or connect as root without --sudo. preseal never types a sudo password ($PRESEAL_PASSWORD is the SSH login's)`);
  });

  it('sudo-rs (sudo-compliance-tests, fails_if_password_needed): interactive authentication is required', () => {
    const e = probeStartFailure(run(started, 'sudo: interactive authentication is required\n', 1), at({ passwordEnv: 'VM_PASS' }));
    expect(e?.message).toMatch(/^sudo -n on vm1 wants deploy's password/);
    expect(e?.hint).toContain('$VM_PASS is the SSH login');
  });

  it('a translated message (Debian 12 sudoers.mo, de) is still a refusal, with the same fix', () => {
    const e = probeStartFailure(run(started, 'sudo: Ein Passwort ist notwendig\n', 1), at());
    expect(e?.message).toBe('sudo -n on vm1 refused to start the probe for deploy (exit status 1: "sudo: Ein Passwort ist notwendig")');
    expect(e?.hint).toContain(hintLine);
  });

  it('an account sudoers does not list', () => {
    const e = probeStartFailure(run(started, 'deploy is not in the sudoers file.  This incident will be reported.\n', 1), at());
    expect(e?.message).toMatch(/^sudo on vm1 does not let deploy run the probe as root \(exit status 1: "deploy is not in the sudoers file/);
    expect(e?.hint).toContain(hintLine);
  });

  it('Defaults requiretty (sudoers.so: "sorry, you must have a tty to run sudo")', () => {
    const e = probeStartFailure(run(started, 'sudo: sorry, you must have a tty to run sudo\n', 1), at());
    expect(e?.message).toMatch(/^sudo on vm1 wants a terminal \(requiretty\) for deploy/);
    expect(e?.hint).toBe('on the VM run `visudo -f /etc/sudoers.d/preseal` and add `Defaults:deploy !requiretty`, or connect as root without --sudo');
  });

  it("quotes sudo's last line display-safe", () => {
    const e = probeStartFailure(run(started, 'sudo: \x1b]8;;https://evil\x07##vso[task.setvariable]x\n', 1), at());
    expect(e?.message).toBe(
      'sudo -n on vm1 refused to start the probe for deploy (exit status 1: "sudo: \\x1b]8;;https://evil\\x07##vso\\x5btask.setvariable]x")',
    );
  });

  it('without --sudo an exit status 1 after the marker is not sudo', () => {
    expect(probeStartFailure(run(started, 'sudo: a password is required\n', 1), at({ sudo: false }))).toBeUndefined();
  });
});

describe('sudo that is not installed (exit status 127 after the marker)', () => {
  it('names sudo and quotes the shell (dash)', () => {
    const e = probeStartFailure(run(started, 'sh: 1: sudo: not found\n', 127), at());
    expect(e?.message).toBe('sudo is not installed on vm1: deploy\'s shell found no sudo command (exit status 127: "sh: 1: sudo: not found")');
    expect(e?.hint).toBe('install sudo on the VM (apt-get install sudo, or dnf install sudo), or connect as root without --sudo');
  });

  it('is not claimed without --sudo', () => {
    expect(probeStartFailure(run(started, 'sh: 1: sh: not found\n', 127), at({ sudo: false }))).toBeUndefined();
  });
});

describe('the same sudo classifier on this machine (the local transport runs sudo -n itself)', () => {
  const here: SudoAt = { target: 'local', user: 'alice', site: { kind: 'local' } };
  const sudoersHint =
    'let alice run sh as root without a password: as root run `visudo -f /etc/sudoers.d/preseal` and add `alice ALL=(root) NOPASSWD: /bin/sh`; ' +
    'or run preseal as root without --sudo. preseal never types a sudo password';

  it('a password is required: this machine, the local account, no SSH password variable', () => {
    const e = sudoRefused(run('', 'sudo: a password is required\n', 1), here);
    expect(e.step).toBe('probe');
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('sudo -n on this machine wants alice\'s password before it starts the probe (exit status 1: "sudo: a password is required")');
    expect(e.hint).toBe(sudoersHint);
  });

  it('an account sudoers does not list, and any other refusal, get the same sudoers line', () => {
    const listed = sudoRefused(run('', 'alice is not in the sudoers file.  This incident will be reported.\n', 1), here);
    expect(listed.message).toMatch(/^sudo on this machine does not let alice run the probe as root \(exit status 1: "alice is not in the sudoers file/);
    expect(listed.hint).toBe(sudoersHint);
    const other = sudoRefused(run('', 'sudo: Ein Passwort ist notwendig\n', 1), here);
    expect(other.message).toBe('sudo -n on this machine refused to start the probe for alice (exit status 1: "sudo: Ein Passwort ist notwendig")');
    expect(other.hint).toBe(sudoersHint);
  });

  it('requiretty: the probe runs in its own session, without a terminal', () => {
    const e = sudoRefused(run('', 'sudo: sorry, you must have a tty to run sudo\n', 1), here);
    expect(e.message).toMatch(/^sudo on this machine wants a terminal \(requiretty\) for alice/);
    expect(e.hint).toBe('as root run `visudo -f /etc/sudoers.d/preseal` and add `Defaults:alice !requiretty`, or run preseal as root without --sudo');
  });

  it('no sudo on PATH (spawn ENOENT, no run)', () => {
    const e = sudoMissing(here);
    expect(e.message).toBe("sudo is not installed on this machine: there is no sudo command on alice's PATH");
    expect(e.hint).toBe('install sudo (apt-get install sudo, or dnf install sudo), or run preseal as root without --sudo');
  });
});
