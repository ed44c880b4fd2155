/**
 * EFS offline. Windows marks an encrypted file or folder with FILE_ATTRIBUTE_ENCRYPTED (0x4000,
 * learn.microsoft.com/windows/win32/fileio/file-attribute-constants). ntfs-3g gives a file's NTFS
 * attributes as the extended attribute `system.ntfs_attrib_be` (big-endian 32-bit; ntfs-3g's
 * documentation, "Extended attributes"). Node has no extended-attribute API and /proc does not
 * expose them, so one `getfattr` process (Debian package `attr`, on the admin's helper, which
 * design.md trusts) walks the volume: `-R -P` (never following a link the hostile volume holds),
 * the one attribute asked for by name, in hex. Its output is read as a stream and the walk is
 * stopped at the same entry and time budgets as the live scan (collectors/encryption.ps1).
 * Where the attributes cannot be read (getfattr missing, the kernel ntfs3 driver or another file
 * system), efsScan is an error with the reason, so W006 is unknown.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { Facts } from '../facts/catalog.js';

type EfsScan = Facts['efsScan'];

export const EFS_ATTRIBUTE = 'system.ntfs_attrib_be';
const FILE_ATTRIBUTE_ENCRYPTED = 0x4000;
const FILE_ATTRIBUTE_DIRECTORY = 0x10;

export interface EfsLimits {
  maxEntries: number;
  maxSeconds: number;
  listLimit: number;
  /** The getfattr to run (tests point it at a missing one). */
  getfattr?: string;
}
/** The live scan's budgets (collectors/encryption.ps1). */
export const EFS_LIMITS: EfsLimits = { maxEntries: 2_000_000, maxSeconds: 90, listLimit: 100 };

/** getfattr writes names with \ooo octal escapes for control characters and backslashes. */
function unescapeName(s: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x5c && i + 3 < raw.length && /^[0-7]{3}$/.test(raw.subarray(i + 1, i + 4).toString('latin1'))) {
      bytes.push(parseInt(raw.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else bytes.push(raw[i]!);
  }
  return Buffer.from(bytes).toString('utf8');
}

export async function scanEfsOffline(root: string, limits: EfsLimits = EFS_LIMITS): Promise<{ facts: EfsScan } | { error: string }> {
  const getfattr = limits.getfattr ?? 'getfattr';
  // The volume's root must carry the attribute, or the mount does not expose NTFS attributes.
  const probe = spawnSync(getfattr, ['--absolute-names', '-e', 'hex', '-n', EFS_ATTRIBUTE, root], { encoding: 'utf8', timeout: 10_000 });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    return { error: 'getfattr (Debian package attr) is not installed, so the NTFS attributes of the mounted volume cannot be read' };
  if (probe.status !== 0 || !probe.stdout.includes(`${EFS_ATTRIBUTE}=0x`)) {
    const why = (probe.stderr || probe.error?.message || '').trim().split('\n')[0] ?? '';
    return {
      error: `the mount does not expose NTFS attributes (${EFS_ATTRIBUTE}${why ? `: ${why}` : ''}); mount the volume with ntfs-3g to check EFS offline`,
    };
  }

  return new Promise((resolve) => {
    const child = spawn(getfattr, ['-R', '-P', '--absolute-names', '-e', 'hex', '-n', EFS_ATTRIBUTE, root], { stdio: ['ignore', 'pipe', 'pipe'] });
    const encrypted: EfsScan['volumes'][number]['encrypted'] = [];
    let scanned = 0;
    let total = 0;
    let inaccessible = 0;
    const unreadFolders: { path: string; error: string }[] = [];
    let truncated: string | null = null;
    let file: string | undefined;
    let pending = '';
    let errPending = '';
    const stop = (why: string) => {
      truncated ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`stopped after ${limits.maxSeconds} s`), limits.maxSeconds * 1000);
    const line = (l: string) => {
      if (truncated !== null) return;
      if (l.startsWith('# file: ')) {
        file = unescapeName(l.slice(8));
        return;
      }
      const m = /^system\.ntfs_attrib_be=0x([0-9a-f]{8})$/.exec(l);
      if (!m || file === undefined) return;
      if (++scanned > limits.maxEntries) return stop(`stopped after ${limits.maxEntries} entries`);
      const attrs = parseInt(m[1]!, 16);
      if (attrs & FILE_ATTRIBUTE_ENCRYPTED) {
        total++;
        if (encrypted.length < limits.listLimit) encrypted.push({ path: file, directory: (attrs & FILE_ATTRIBUTE_DIRECTORY) !== 0 });
      }
      file = undefined;
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) line(l);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errPending += chunk;
      const lines = errPending.split('\n');
      errPending = lines.pop()!;
      for (const l of lines) {
        // getfattr: PATH: Permission denied
        const m = /^getfattr: (.*): ([^:]+)$/.exec(l);
        if (!m) continue;
        if (/Permission denied/.test(m[2]!)) inaccessible++;
        if (unreadFolders.length < limits.listLimit) unreadFolders.push({ path: unescapeName(m[1]!), error: m[2]! });
      }
      if (errPending.length > 65536) errPending = '';
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: `getfattr could not run: ${e.message}` });
    });
    child.on('close', () => {
      clearTimeout(timer);
      if (pending) line(pending);
      resolve({
        facts: {
          // Offline nothing is hidden by a user's token; a helper that is not root may still be denied folders.
          elevated: process.getuid?.() === 0,
          volumes: [{ root, label: null, scannedEntries: scanned, inaccessibleFolders: inaccessible, unreadFolders, encrypted, truncated }],
          maxEntries: limits.maxEntries,
          maxSeconds: limits.maxSeconds,
          encryptedListLimit: limits.listLimit,
          encryptedTotal: total,
        },
      });
    });
  });
}
