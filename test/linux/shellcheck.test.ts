import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { linuxProbeScript } from '../../src/probes/assemble.js';
import { skipWithout, type RealPart } from '../helpers/real.js';

/** ShellCheck (Debian package shellcheck). */
function findShellcheck(): RealPart {
  const run = spawnSync('sh', ['-c', 'command -v shellcheck'], { encoding: 'utf8' });
  const path = run.status === 0 ? run.stdout.trim() : '';
  return path ? { available: true, path, why: '' } : { available: false, path: '', why: 'shellcheck not found (install: apt-get install shellcheck)' };
}

const shellcheck = findShellcheck();
const skip = skipWithout(shellcheck, 'ShellCheck on the Linux probe');

/** ShellCheck in POSIX sh mode on a script given on stdin: its findings, one a line (gcc format). */
function check(script: string): { status: number | null; findings: string } {
  const run = spawnSync(shellcheck.path, ['-s', 'sh', '-f', 'gcc', '-'], { input: script, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, findings: `${run.stdout}${run.stderr}`.trim() };
}

describe.skipIf(skip)('ShellCheck', () => {
  it('finds nothing in the Linux probe exactly as it is shipped (assembled), in POSIX sh mode', () => {
    const { status, findings } = check(linuxProbeScript());
    expect(findings).toBe('');
    expect(status).toBe(0);
  });

  it('would report a POSIX problem, so the check above can fail', () => {
    const { status, findings } = check('#!/bin/sh\nif [ "$1" == x ]; then echo $((1 ** 2)); fi\nls $1\n');
    expect(status).not.toBe(0);
    expect(findings).toMatch(/SC3014/);
    expect(findings).toMatch(/SC2086/);
  });
});
