import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** With PRESEAL_REQUIRE_REAL=1 (set by .ci/run) a missing real part fails the test instead of skipping it. */
export const requireReal = process.env['PRESEAL_REQUIRE_REAL'] === '1';

export interface RealPart {
  available: boolean;
  path: string;
  why: string;
}

function which(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Real pwsh: PATH, then the dotnet global tool folder that .ci/run installs into. */
export function findPwsh(): RealPart {
  const candidates = [process.env['PRESEAL_PWSH'], which('pwsh'), join(homedir(), '.dotnet', 'tools', 'pwsh')].filter((p): p is string => !!p);
  const path = candidates.find((p) => existsSync(p));
  return path
    ? { available: true, path, why: '' }
    : { available: false, path: '', why: 'pwsh not found (install: dotnet tool install --global PowerShell --version 7.6.9)' };
}

/** Real OpenSSH sshd (Debian package openssh-server). */
export function findSshd(): RealPart {
  const path = ['/usr/sbin/sshd', which('sshd')].find((p): p is string => !!p && existsSync(p));
  return path ? { available: true, path, why: '' } : { available: false, path: '', why: 'sshd not found (install: apt-get install openssh-server)' };
}

/**
 * Decides whether a suite that needs a real part runs. Returns true to skip (printing why), and
 * throws when PRESEAL_REQUIRE_REAL=1, so CI can never pass by skipping.
 */
export function skipWithout(part: RealPart, suite: string): boolean {
  if (part.available) return false;
  if (requireReal) throw new Error(`${suite}: ${part.why}, and PRESEAL_REQUIRE_REAL=1 forbids skipping`);
  console.warn(`skipping ${suite}: ${part.why}`);
  return true;
}
