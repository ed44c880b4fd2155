import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProbeBytes } from '../../src/facts/linux/bytes.js';
import { linuxProbeScript } from '../../src/probes/assemble.js';
import { envelopeFromRun } from '../../src/probes/run.js';
import type { AnyRule } from '../../src/engine/define.js';
import { shownPath } from '../../rules/linux/lib/paths.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { skipWithout, type RealPart } from '../helpers/real.js';
import { lintRoot, loadRules, probeRoot, result } from './run.js';
import { cleanSpec, dirtySpec, makeTree, removeTree } from './trees.js';

function which(name: string): RealPart {
  try {
    const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    return { available: path !== '', path, why: `${name} not found` };
  } catch {
    return { available: false, path: '', why: `${name} not found (apt-get install ${name})` };
  }
}

let rules: AnyRule[];
const roots: string[] = [];
const tree = (spec: ReturnType<typeof cleanSpec>) => {
  const root = makeTree(spec);
  roots.push(root);
  return root;
};
beforeAll(async () => {
  rules = await loadRules();
});
afterAll(() => roots.forEach(removeTree));

/** A folder holding one link per busybox applet, so that the probe runs on busybox tools only. */
function busyboxPath(busybox: string): string {
  const dir = tree({});
  for (const applet of execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean)) symlinkSync(busybox, join(dir, applet));
  return dir;
}

describe('shells', () => {
  const dash = which('dash');
  const busybox = which('busybox');
  it.skipIf(skipWithout(dash, 'probe under dash') || skipWithout(busybox, 'probe under busybox'))(
    'dash with the system tools and busybox sh with busybox applets only give the same facts',
    async () => {
      const root = tree(dirtySpec());
      const withDash = await probeRoot(root, 'dash');
      const withBusybox = await probeRoot(root, busybox.path, { PATH: busyboxPath(busybox.path) });
      expect(Object.keys(withDash.errors).filter((k) => !k.match(/^[a-z]+$/i))).toEqual([]);
      for (const key of ['kerberos', 'sssd', 'storage', 'provisioning', 'waagentState', 'machineId', 'sshHostKeys', 'encryptedHomes', 'databases']) {
        expect(withBusybox.facts[key], key).toEqual(withDash.facts[key]);
      }
      expect(withBusybox.errors).toEqual(withDash.errors);
      expect(withBusybox.notApplicable).toEqual(withDash.notApplicable);
    },
  );
});

describe('file names with awkward bytes', () => {
  const names: Buffer[] = [
    Buffer.from('quote"back\\slash'),
    Buffer.from('new\nline'),
    Buffer.from('tab\there'),
    Buffer.from('ctl\x01\x1b[31m'),
    Buffer.from('caf\u00e9'),
    Buffer.from([0x6c, 0x61, 0x74, 0x69, 0x6e, 0xe9]),
    Buffer.from([0xff, 0xfe, 0x2e, 0x63, 0x6f, 0x6e, 0x66]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('ends-with-newline\n'),
  ];

  it('come out as valid JSON that names each file byte for byte', async () => {
    const root = tree({ 'var/lib/realmd': { dir: true } });
    for (const n of names) writeFileSync(Buffer.concat([Buffer.from(`${root}/var/lib/realmd/`), n]), 'x');
    const run = await spawnWithInput('dash', ['-s', '--', '--root', root], linuxProbeScript(), { timeoutMs: 60_000 });
    const text = run.stdout.toString('utf8');
    expect(text).not.toContain('\ufffd');
    const envelope = envelopeFromRun(`root:${root}`, run, '');
    const files = (envelope.facts['realmd'] as { files: { path: string }[] }).files.map((f) => decodeProbeBytes(f.path));
    const expected = names.map((n) => Buffer.concat([Buffer.from('/var/lib/realmd/'), n]));
    expect(files.map((b) => b.toString('hex')).sort()).toEqual(expected.map((b) => b.toString('hex')).sort());
  });

  it("are shown in evidence as bash $'…' strings", async () => {
    // A root: lint needs an OS under the root (os-release as Debian 12 ships it).
    const root = tree({ 'var/lib/realmd': { dir: true }, 'etc/os-release': 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' });
    writeFileSync(Buffer.concat([Buffer.from(`${root}/var/lib/realmd/`), Buffer.from([0x72, 0xff, 0x0a, 0x27])]), 'x');
    const report = await lintRoot(root, rules, { generalizer: 'none', cloud: 'none' });
    expect(result(report, 'L001').findings.map((f) => f.resource)).toEqual(["$'/var/lib/realmd/r\\xff\\n\\''"]);
    expect(shownPath('/etc/plain-name.conf')).toBe('/etc/plain-name.conf');
  });
});

describe('offline root confinement', () => {
  it('resolves absolute symlinks inside the root, never on the host', async () => {
    expect(existsSync('/etc/hostname') || existsSync('/etc/passwd')).toBe(true);
    const root = tree({
      ...cleanSpec(),
      'var/lib/systemd/credential.secret': { link: existsSync('/etc/hostname') ? '/etc/hostname' : '/etc/passwd' },
      // `..` above the root stays at the root, as in a chroot: this is the tree's /etc/hostname, which it lacks.
      'etc/ssl/private/ssl-cert-snakeoil.key': { link: '../../../../../../../etc/hostname' },
      'etc/krb5.keytab': { link: '/srv/keys/krb5.keytab' },
      'srv/keys': { link: '/opt/real-keys' },
      'opt/real-keys/krb5.keytab': Buffer.alloc(10, 1),
      'var/lib/dbus/machine-id': { link: '/var/lib/dbus/machine-id' },
    });
    const envelope = await probeRoot(root);
    expect(envelope.facts['systemdSecrets']).toEqual({ files: [] });
    expect(envelope.facts['sslSnakeoil']).toEqual({ files: [] });
    expect(envelope.facts['kerberos']).toMatchObject({ keytab: { path: '/etc/krb5.keytab', present: true, size: 10 } });
  });

  it('leaves the tree byte for byte unchanged (content, mode, mtime)', async () => {
    const root = tree(dirtySpec());
    const snapshot = (dir: string): string[] => {
      const out: string[] = [];
      const walk = (d: string) => {
        for (const name of readdirSync(d).sort()) {
          const p = join(d, name);
          const s = lstatSync(p, { bigint: true });
          const what = s.isSymbolicLink() ? `-> ${readlinkSync(p)}` : s.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'dir';
          out.push(`${p.slice(root.length)} ${s.mode} ${s.uid}:${s.gid} ${s.mtimeNs} ${s.size} ${what}`);
          if (s.isDirectory()) walk(p);
        }
      };
      walk(dir);
      return out;
    };
    const before = snapshot(root);
    const rootStat = lstatSync(root, { bigint: true });
    const report = await lintRoot(root, rules);
    expect(report.error).toBeNull();
    expect(snapshot(root)).toEqual(before);
    expect(lstatSync(root, { bigint: true }).mtimeNs).toBe(rootStat.mtimeNs);
  });
});

describe('as a user who is not root', () => {
  const runuser = which('runuser');
  const isRoot = process.getuid?.() === 0;
  it.skipIf(!isRoot || skipWithout(runuser, 'non-root probe'))('reads what it can and says which groups need root', async () => {
    const root = tree(dirtySpec());
    const run = await spawnWithInput(runuser.path, ['-u', 'nobody', '--', 'sh', '-s', '--', '--root', root], linuxProbeScript(), { timeoutMs: 60_000 });
    const envelope = envelopeFromRun(`root:${root}`, run, '');
    expect(envelope.probe).toMatchObject({ user: 'nobody', elevated: false });
    expect(envelope.errors['sssd']).toMatch(/\/etc\/sssd\/sssd\.conf: not readable \(needs root/);
    expect(envelope.errors['waagentState']).toMatch(/\/var\/lib\/waagent: not readable \(needs root/);
    // /var/lib/docker is 0710: state.json is there but cannot be seen, which must not read as "absent".
    expect(envelope.errors['docker']).toMatch(/\/var\/lib\/docker\/swarm.*: not readable \(needs root/);
    expect(envelope.errors['sslSnakeoil']).toMatch(/\/etc\/ssl\/private: not readable \(needs root/);
    expect(envelope.facts['kerberos']).toEqual({ keytab: { path: '/etc/krb5.keytab', present: true, size: 186, readable: false }, kdc: [] });
    expect(envelope.facts['storage']).toBeDefined();
    const report = await lintRoot(root, rules);
    expect(report.error).toBeNull();
  });
});

describe('bounded scans', () => {
  it('mark a group read only in part and the report says so', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `u${i}:x:${2000 + i}:100::/home/u${i}:/bin/sh`).join('\n');
    const root = tree({ ...cleanSpec(), 'etc/passwd': `root:x:0:0:root:/root:/bin/bash\n${users}\n`, 'home/u29/.ecryptfs': { dir: true } });
    const full = await probeRoot(root);
    expect(full.probe?.partial).toEqual({});
    expect(full.facts['encryptedHomes']).toEqual({ ecryptfs: ['/home/u29/.ecryptfs'], fscrypt: [] });
    // The bound is lowered through the environment so that the test does not need thousands of homes.
    process.env['PRESEAL_MAX_HOMES'] = '20';
    try {
      const envelope = await probeRoot(root);
      expect(envelope.probe?.partial).toEqual({ encryptedHomes: 'only the first 20 home directories were checked' });
      const report = await lintRoot(root, rules);
      expect(report.notes).toContain('encryptedHomes was read only in part: only the first 20 home directories were checked');
    } finally {
      delete process.env['PRESEAL_MAX_HOMES'];
    }
  });
});

describe('live', () => {
  it("finds a deprovision started from a waagent extension by walking the probe's ancestors (L026)", async () => {
    const base = tree({});
    const dir = join(base, 'var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/download/0');
    mkdirSync(dir, { recursive: true });
    const script = join(dir, 'script.sh');
    writeFileSync(script, 'sh -s -- "$@"\n');
    chmodSync(script, 0o755);
    const run = await spawnWithInput('sh', [script], linuxProbeScript(), { timeoutMs: 120_000 });
    const envelope = envelopeFromRun('local', run, '');
    const session = envelope.facts['session'] as { ancestors: { cmdline: string }[] };
    expect(session.ancestors.some((a) => a.cmdline === `sh ${script}`)).toBe(true);
    const rule = rules.find((r) => r.id === 'L026') as AnyRule;
    const { evaluateRule } = await import('../../src/engine/index.js');
    const r = evaluateRule(rule, envelope, { generalizer: 'waagent+user', cloud: 'azure' });
    expect(r.status).toBe('fail');
    expect(r.evidence.join('\n')).toContain(script);
    rmSync(dir, { recursive: true });
  });
});
