import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { linuxProbeScript } from '../../src/probes/assemble.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { ensureBuilt as sharedEnsureBuilt } from '../helpers/build.js';
import { binPath, repoRoot } from '../helpers/cli.js';
import type { FakeSsh } from '../helpers/fake-ssh.js';
import { cleanSpec, makeTree, removeTree } from '../linux/trees.js';

/** Environment for a CLI run that must not see the tester's own ssh config, keys or agent. */
export const isolatedEnv: NodeJS.ProcessEnv = {
  PRESEAL_SSH_NO_CLIENT: '1',
  PRESEAL_SSH_CONFIG: '/nonexistent/preseal-ssh-config',
  SSH_AUTH_SOCK: undefined,
  PRESEAL_PASSWORD: undefined,
};

/**
 * The CLI these tests run is built once by vitest's global setup (test/global-setup.ts); this only
 * checks that it is there, instead of a second build with its own lock and staleness scan.
 */
export async function ensureBuilt(): Promise<void> {
  sharedEnsureBuilt();
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …; comm may hold spaces and parentheses.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** Every process whose cmdline contains `needle` (e.g. a unique temp path). */
export function processesMentioning(needle: string): number[] {
  return allPids().filter((pid) => {
    if (pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
    } catch {
      return false;
    }
  });
}

export interface TrackedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  elapsedMs: number;
  /** Descendants seen while the CLI ran that are still alive after it exited. */
  leftovers: number[];
  /** Descendants seen at all. */
  descendantsSeen: number;
}

/**
 * Runs the built CLI and watches its process tree through /proc while it runs, so that a child
 * left behind (re-parented once the CLI exits) is still found.
 */
export function runTracked(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; killAfterMs?: number } = {}): Promise<TrackedRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...isolatedEnv, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const seen = new Set<number>();
    const poll = () => {
      if (child.pid === undefined) return;
      const tree = new Set([child.pid]);
      // Parents before children is not guaranteed by pid order: iterate to a fixed point.
      const pids = allPids().map((pid) => [pid, parentOf(pid)] as const);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [pid, ppid] of pids) {
          if (ppid !== undefined && tree.has(ppid) && !tree.has(pid)) {
            tree.add(pid);
            grew = true;
          }
        }
      }
      for (const pid of tree) if (pid !== child.pid) seen.add(pid);
    };
    const poller = setInterval(poll, 20);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poller);
      clearTimeout(killer);
      const elapsedMs = Date.now() - started;
      // A process that is killed takes a moment to be reaped; give it one.
      setTimeout(() => resolve({ code, signal, stdout, stderr, elapsedMs, leftovers: [...seen].filter(isAlive), descendantsSeen: seen.size }), 200);
    });
    child.stdin.end('');
  });
}

/** stderr without --debug lines. */
export function stderrLines(text: string): string[] {
  return text.split('\n').filter((l) => l && !l.startsWith('debug:'));
}

export interface JsonTarget {
  target: string;
  platform: string | null;
  os: { name: string; version: string } | null;
  error: { step: string; message: string; hint?: string } | null;
  results: { ruleId: string; status: string; evidence?: string[] }[];
  summary: Record<string, number>;
}

export function jsonReport(run: TrackedRun): { targets: JsonTarget[]; summary: Record<string, number> } {
  try {
    return JSON.parse(run.stdout) as { targets: JsonTarget[]; summary: Record<string, number> };
  } catch {
    throw new Error(`stdout is not a JSON report (exit ${run.code}): ${run.stdout.slice(0, 300)} | stderr: ${run.stderr.slice(0, 1500)}`);
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The fail-closed contract for a target that could not be linted: exit 3, one line naming the
 * target and the step (plus at most a hint), no stack trace, no process left, and a JSON report
 * with the error set and no results (nothing that could read as `pass`).
 */
export function expectNotLinted(run: TrackedRun, target: string, step: string, message?: RegExp): JsonTarget {
  const context = `exit ${run.code}, stderr:\n${run.stderr}`;
  expect(run.code, context).toBe(3);
  const lines = stderrLines(run.stderr);
  expect(lines[0], context).toMatch(new RegExp(`^preseal: ${escapeRegex(target)}: ${escapeRegex(step)}: \\S`));
  if (message) expect(lines[0], context).toMatch(message);
  expect(
    lines.slice(1).every((l) => /^ {2}hint: \S/.test(l)),
    context,
  ).toBe(true);
  expect(lines.length, context).toBeLessThanOrEqual(2);
  expect(run.stderr, context).not.toMatch(/^\s+at .*[(:]\d+/m);
  expect(run.leftovers, 'processes left behind').toEqual([]);
  const report = jsonReport(run);
  const t = report.targets.find((x) => x.target === target);
  expect(t, `no report for ${target}`).toBeDefined();
  const mine = t as JsonTarget;
  expect(mine.error).toMatchObject({ step });
  expect(mine.results).toEqual([]);
  expect(mine.summary['pass']).toBe(0);
  expect(report.summary['failedTargets']).toBeGreaterThanOrEqual(1);
  return mine;
}

/** A target that was linted: exit 0 or 1 by its results, results present, no error. */
export function expectLinted(run: TrackedRun, target: string): JsonTarget {
  const context = `exit ${run.code}, stderr:\n${run.stderr}`;
  expect([0, 1], context).toContain(run.code);
  expect(run.leftovers, 'processes left behind').toEqual([]);
  const report = jsonReport(run);
  const t = report.targets.find((x) => x.target === target) as JsonTarget;
  expect(t.error, context).toBeNull();
  expect(t.results.length).toBeGreaterThan(0);
  return t;
}

/** The real Linux probe's whole stdout (markers included) for a root tree. */
export async function probeOutput(root: string): Promise<Buffer> {
  const run = await spawnWithInput('sh', ['-s', '--', '--root', root], linuxProbeScript(), { timeoutMs: 120_000 });
  if (!run.stdout.includes('--preseal-facts-end--')) throw new Error(`the probe printed no envelope: ${run.stderr.toString('utf8').slice(0, 500)}`);
  return run.stdout;
}

/**
 * The shared set-up of the suites that lint through scripted SSH servers: the built CLI, a temporary
 * folder, a clean Linux root tree and the real probe's output for it (what a healthy target prints),
 * handed to `ready`; the servers a suite pushes into `servers` are stopped after it.
 */
export function fakeSshSuite(prefix: string, servers: FakeSsh[], ready: (s: { tmp: string; root: string; valid: Buffer }) => void): void {
  let tmp = '';
  let root = '';
  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), prefix));
    root = makeTree(cleanSpec());
    ready({ tmp, root, valid: await probeOutput(root) });
  }, 300_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (root) removeTree(root);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });
}
