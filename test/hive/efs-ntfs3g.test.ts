/**
 * EFS offline on a real NTFS volume: mkntfs makes it, ntfs-3g (FUSE) mounts it, and the
 * encrypted flag is set the only way ntfs-3g sets it: writing a file's $EFS attribute through
 * `system.ntfs_efsinfo` on a mount with `efs_raw` (ntfs-3g refuses FILE_ATTRIBUTE_ENCRYPTED
 * through `system.ntfs_attrib_be`: setfattr succeeds and the flag stays clear). Then the volume is
 * mounted read-only, as the README tells users, and linted through the built CLI.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanEfsOffline, EFS_LIMITS } from '../../src/windows-offline/efs.js';
import { runCli } from '../helpers/cli.js';
import { skipWithout } from '../helpers/real.js';
import { unpack } from './helpers.js';

function ntfs3g(): { available: boolean; why: string } {
  for (const tool of ['mkntfs', 'ntfs-3g', 'setfattr', 'getfattr']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      return { available: false, why: `${tool} is not installed (apt-get install -y ntfs-3g attr)` };
    }
  }
  if (!existsSync('/dev/fuse')) return { available: false, why: 'no /dev/fuse' };
  if (process.getuid?.() !== 0) return { available: false, why: 'mounting needs root' };
  return { available: true, why: '' };
}

const skip = skipWithout(ntfs3g() as never, 'EFS on a real ntfs-3g mount');

/**
 * An $EFS attribute header as ntfs-3g's efs.c reads it (EFS_ATTR_HEADER: length, state, version,
 * crypto API version, three 16-byte fields, DDF and DRF array offsets, reserved; then an empty DDF
 * array header). ntfs-3g checks only that `length` equals the data's size before it stores the
 * attribute and sets FILE_ATTRIBUTE_ENCRYPTED; no key material is involved.
 */
function efsInfoHex(): string {
  const b = Buffer.alloc(0x54 + 8);
  b.writeUInt32LE(b.length, 0);
  b.writeUInt32LE(2, 8);
  b.writeUInt32LE(0x54, 0x48);
  return `0x${b.toString('hex')}`;
}

describe.skipIf(skip)('EFS on a real ntfs-3g mount', () => {
  let dir: string;
  let mnt: string;
  let mounted = false;

  beforeAll(() => {
    dir = unpack('SYSTEM');
    mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    const img = join(dir, 'vol.img');
    execFileSync('truncate', ['-s', '48M', img]);
    execFileSync('mkntfs', ['-F', '-f', '-q', img], { stdio: 'pipe' });
    execFileSync('ntfs-3g', ['-o', 'efs_raw', img, mnt]);
    mounted = true;
    mkdirSync(join(mnt, 'Windows', 'System32', 'config'), { recursive: true });
    copyFileSync(join(dir, 'SYSTEM'), join(mnt, 'Windows', 'System32', 'config', 'SYSTEM'));
    mkdirSync(join(mnt, 'Users', 'builder', 'Documents', 'Vault'), { recursive: true });
    writeFileSync(join(mnt, 'Users', 'builder', 'Documents', 'plain.txt'), 'not encrypted');
    writeFileSync(join(mnt, 'Users', 'builder', 'Documents', 'keys.pfx'), '');
    execFileSync('setfattr', ['-n', 'system.ntfs_efsinfo', '-v', efsInfoHex(), join(mnt, 'Users', 'builder', 'Documents', 'keys.pfx')]);
    execFileSync('setfattr', ['-n', 'system.ntfs_efsinfo', '-v', efsInfoHex(), join(mnt, 'Users', 'builder', 'Documents', 'Vault')]);
    // What ntfs-3g refuses: the encrypted bit through ntfs_attrib_be.
    execFileSync('setfattr', ['-n', 'system.ntfs_attrib_be', '-v', '0x00004020', join(mnt, 'Users', 'builder', 'Documents', 'plain.txt')]);
    execFileSync('umount', [mnt]);
    mounted = false;
    execFileSync('ntfs-3g', ['-o', 'ro', img, mnt]);
    mounted = true;
  }, 60_000);

  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
  });

  it('the scan finds the encrypted file and folder, and only them', async () => {
    const out = await scanEfsOffline(mnt);
    expect('facts' in out).toBe(true);
    const facts = (out as { facts: { volumes: { encrypted: unknown[]; scannedEntries: number; truncated: string | null }[]; encryptedTotal: number } }).facts;
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect([...(facts.volumes[0]!.encrypted as { path: string; directory: boolean }[])].sort(byPath)).toEqual(
      [
        { path: join(mnt, 'Users', 'builder', 'Documents', 'Vault'), directory: true },
        { path: join(mnt, 'Users', 'builder', 'Documents', 'keys.pfx'), directory: false },
      ].sort(byPath),
    );
    expect(facts.encryptedTotal).toBe(2);
    expect(facts.volumes[0]!.scannedEntries).toBeGreaterThanOrEqual(10);
    expect(facts.volumes[0]!.truncated).toBeNull();
  });

  it('an entry budget cuts the walk short and says so', async () => {
    const out = (await scanEfsOffline(mnt, { ...EFS_LIMITS, maxEntries: 3 })) as { facts: { volumes: { truncated: string | null }[] } };
    expect(out.facts.volumes[0]!.truncated).toBe('stopped after 3 entries');
  });

  it('without getfattr the scan is an error with the reason', async () => {
    expect(await scanEfsOffline(mnt, { ...EFS_LIMITS, getfattr: join(dir, 'no-getfattr') })).toEqual({
      error: 'getfattr (Debian package attr) is not installed, so the NTFS attributes of the mounted volume cannot be read',
    });
  });

  it('preseal lint root: on the read-only mount: W006 fails naming both', async () => {
    const run = await runCli(['lint', `root:${mnt}`, '--format', 'json']);
    const w006 = JSON.parse(run.stdout).targets[0].results.find((r: { ruleId: string }) => r.ruleId === 'W006');
    expect(w006.status).toBe('fail');
    expect(w006.findings.map((f: { resource: string }) => f.resource).sort()).toEqual(
      [join(mnt, 'Users', 'builder', 'Documents', 'Vault'), join(mnt, 'Users', 'builder', 'Documents', 'keys.pfx')].sort(),
    );
  });

  it('a folder that is not an ntfs-3g mount: W006 unknown, with the reason', async () => {
    const plain = unpack('SYSTEM');
    mkdirSync(join(plain, 'Windows', 'System32', 'config'), { recursive: true });
    copyFileSync(join(plain, 'SYSTEM'), join(plain, 'Windows', 'System32', 'config', 'SYSTEM'));
    const run = await runCli(['lint', `root:${plain}`, '--format', 'json']);
    const w006 = JSON.parse(run.stdout).targets[0].results.find((r: { ruleId: string }) => r.ruleId === 'W006');
    expect(w006.status).toBe('unknown');
    expect(w006.reason).toContain('the mount does not expose NTFS attributes (system.ntfs_attrib_be');
  });
});
