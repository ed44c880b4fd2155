import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSshd, skipWithout } from '../helpers/real.js';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { dirtySpec, makeTree, removeTree } from '../linux/trees.js';
import { ensureBuilt, expectLinted, runTracked } from './helpers.js';

/**
 * The probe changes nothing: every file, folder and link it could read keeps its type, mode,
 * owner, size, mtime, ctime and content. atime is left out on purpose: reading a file may update
 * it (relatime), and that is not a change to the machine.
 */
type Snapshot = Map<string, string>;

function snapshot(roots: readonly string[], skip: (path: string) => boolean, maxDepth = 12): Snapshot {
  const out: Snapshot = new Map();
  const walk = (path: string, depth: number) => {
    if (skip(path)) return;
    let s: Stats;
    try {
      s = lstatSync(path);
    } catch {
      return;
    }
    const type = s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
    let content = '';
    if (type === 'link') content = readlinkSync(path);
    else if (type === 'file' && s.size <= 8 * 1024 * 1024) {
      try {
        content = createHash('sha256').update(readFileSync(path)).digest('hex');
      } catch (e) {
        content = `unreadable ${(e as NodeJS.ErrnoException).code}`;
      }
    }
    out.set(path, [type, s.mode.toString(8), s.uid, s.gid, type === 'dir' ? '' : s.size, s.mtimeMs, s.ctimeMs, content].join(' '));
    if (type === 'dir' && depth < maxDepth) {
      let names: string[] = [];
      try {
        names = readdirSync(path);
      } catch {
        return;
      }
      for (const n of names.sort()) walk(join(path, n), depth + 1);
    }
  };
  for (const r of roots) walk(r, 0);
  return out;
}

function differences(before: Snapshot, after: Snapshot): string[] {
  const diff: string[] = [];
  for (const [p, v] of before) {
    const a = after.get(p);
    if (a === undefined) diff.push(`removed ${p}`);
    else if (a !== v) diff.push(`changed ${p}: ${v} -> ${a}`);
  }
  for (const p of after.keys()) if (!before.has(p)) diff.push(`added ${p}`);
  return diff;
}

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

describe('lint root:DIR', () => {
  let root: string;
  afterAll(() => {
    if (root) removeTree(root);
  });

  it('leaves every file, link, folder, mode and timestamp of the tree as it was', async () => {
    root = makeTree(dirtySpec());
    const before = snapshot([root], () => false);
    expect(before.size).toBeGreaterThan(50);
    const run = await runTracked(['lint', `root:${root}`, '--format', 'json', '--timeout', '120']);
    expectLinted(run, `root:${root}`);
    expect(
      differences(
        before,
        snapshot([root], () => false),
      ),
    ).toEqual([]);
  }, 180_000);
});

const noSshd = skipWithout(findSshd(), 'the live read-only check over SSH');

describe.skipIf(noSshd)('lint of this machine over a real sshd', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('leaves /etc, the home folder and the agent and cloud state as they were', async () => {
    const home = homedir();
    // What the probe reads; not what changes by itself (logs, /proc, /run, the sshd test folder,
    // the caches that the rest of the test suite writes in the home folder).
    const roots = [
      '/etc',
      home,
      '/home',
      '/var/lib/cloud',
      '/var/lib/waagent',
      '/var/lib/dbus',
      '/var/lib/systemd',
      '/var/lib/sss',
      '/var/lib/samba',
      '/boot/grub',
    ].filter((p) => existsSync(p));
    const volatile = new Set([
      '.cache',
      '.npm',
      '.local',
      '.dotnet',
      '.config',
      '.nuget',
      '.vscode-server',
      '.bash_history',
      '.lesshst',
      '.viminfo',
      '.wget-hsts',
      '.node_repl_history',
      '.pwsh',
      '.pki',
      'snap',
      '.pyenv',
    ]);
    const skip = (p: string) =>
      p === '/etc/mtab' ||
      p.startsWith('/etc/ld.so.cache') ||
      p.startsWith(sshd.dir) ||
      (p.startsWith(`${home}/`) &&
        (volatile.has(p.slice(home.length + 1).split('/')[0] as string) ||
          p.includes('/node_modules') ||
          p.startsWith('/work') ||
          !statSync(home).isDirectory()));
    const before = snapshot(roots, skip, 6);
    expect(before.size).toBeGreaterThan(100);
    const url = `ssh://${sshd.user}@127.0.0.1:${sshd.port}`;
    const run = await runTracked(['lint', url, '--identity', sshd.userKeyPath, '--known-hosts', sshd.knownHostsPath, '--format', 'json', '--timeout', '240']);
    const t = expectLinted(run, url);
    expect(t.platform).toBe('linux');
    expect(sshd.execRequests()).toBe(1);
    expect(differences(before, snapshot(roots, skip, 6))).toEqual([]);
  }, 300_000);
});
