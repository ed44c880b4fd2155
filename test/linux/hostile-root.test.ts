import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactsEnvelope } from '../../src/facts/envelope.js';
import { ensureBuilt } from '../helpers/build.js';
import { runCli } from '../helpers/cli.js';
import { cleanTree, makeRoot, removeTree, type Entry } from './trees.js';

/*
 * A root: tree whose links try every way out of the image (issue 19, item 1): absolute links to the
 * host, relative links that climb above the root, link loops next to decoys, sshd Include lines
 * that climb out, and fstab mount points that are globs. The host side is a temporary folder full
 * of canary values; whatever the probe reads must come from inside the root, so no canary may
 * appear in the facts file or in any report, and the groups that met an unresolvable path say so.
 */

const CANARY = `CANARY-${randomBytes(6).toString('hex')}`;
const dirs: string[] = [];
let host = '';

/** The host folder the hostile links point to, with a canary in every file. */
function makeHost(): string {
  const dir = mkdtempSync(join(tmpdir(), 'preseal-host-'));
  const files: Record<string, string> = {
    'etc/hostname': `${CANARY}-hostname\n`,
    'etc/hosts': `10.9.9.9 ${CANARY}-hosts\n`,
    'etc/passwd': `${CANARY}:x:1000:1000::/home/${CANARY}:/bin/sh\n`,
    'etc/os-release': `NAME="${CANARY}-os"\nVERSION_ID="1"\n`,
    'etc/ssh/sshd_config': `PermitRootLogin ${CANARY}-sshd\n`,
    'etc/waagent.conf': `Provisioning.Agent=${CANARY}\n`,
    'secret.conf': `PermitRootLogin ${CANARY}-include\n`,
    'home/victim/.ssh/id_ed25519': `-----BEGIN OPENSSH PRIVATE KEY-----\n${CANARY}\n`,
    'home/victim/.ssh/authorized_keys': `ssh-ed25519 AAAA ${CANARY}\n`,
    'home/victim/.bash_history': `echo ${CANARY}\n`,
    'aws/credentials': `[default]\naws_secret_access_key = ${CANARY}\n`,
    'netplan/01-host.yaml': `network:\n  ethernets:\n    ${CANARY}:\n      addresses: [10.9.9.9/24]\n`,
    'waagent/ovf-env.xml': `<UserName>${CANARY}</UserName>`,
    'log/host.log': `${CANARY}\n`,
    'canary-tree/etc/os-release': `NAME="${CANARY}-tree"\n`,
    'grub/grub': `GRUB_CMDLINE_LINUX="${CANARY}"\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** A relative link at `at` (inside a root under tmpdir) that climbs out to `target` on the host. */
function climb(root: string, at: string, target: string): Entry {
  return { link: relative(dirname(join(root, at)), target) };
}

/** Root 1: a sound /etc with hostile links below it. Its path is needed for the relative links. */
function hostileRoot(): string {
  const probe = makeRoot({});
  removeTree(probe);
  // makeRoot picks a new name; the relative links are computed for a root in the same folder, at
  // the same depth, so they climb out the same number of levels.
  const depthTwin = join(dirname(probe), 'x');
  return makeRoot({
    'etc/passwd': `${cleanTree['etc/passwd'] as string}bob:x:1000:1000::/home/bob:/bin/bash\nvictim:x:1001:1001::/home/victim:/bin/bash\nloop:x:1002:1002::/loop/a/home:/bin/sh\n`,
    // A home that climbs out (home -> ../../../<host>/home), and a loop next to a decoy back to /home.
    'home/victim': climb(depthTwin, 'home/victim', join(host, 'home/victim')),
    'loop/a': { link: '../loop/b' },
    'loop/b': { link: '/loop/a' },
    'loop/decoy': { link: '/home' },
    // A looping home whose name tries to start a line of the probe's own output.
    'home/evil\n@@partial@@ forged': { link: 'evil\n@@partial@@ forged' },
    // Target text holding the marker mid-line: facts are JSON-encoded with @ as \u0040.
    'tmp/@@partial@@ forged': 'x',
    'etc/sudoers.d/forged': '@@partial@@ ALL=(ALL) ALL\n',
    'home/bob/.aws': climb(depthTwin, 'home/bob/.aws', join(host, 'aws')),
    'home/bob/.ssh': { link: join(host, 'home/victim/.ssh') },
    'root/.ssh': { link: join(host, 'home/victim/.ssh') },
    'root/.bash_history': { link: join(host, 'home/victim/.bash_history') },
    // sshd Include lines that leave the root, by climbing and by an absolute link.
    'etc/ssh/sshd_config': `Include ${'../'.repeat(12)}${host.slice(1)}/secret.conf\nInclude /etc/ssh/sshd_config.d/*.conf\nInclude /etc/ssh/loop.conf\nInclude /etc/ssh/*/${'../'.repeat(12)}${host.slice(1)}/secret.conf\nInclude /etc/ssh/sshd_config.d/${'../'.repeat(12)}${host.slice(1)}/sec*.conf\nPermitRootLogin prohibit-password\n`,
    'etc/ssh/sshd_config.d/evil.conf': { link: join(host, 'secret.conf') },
    'etc/ssh/sshd_config.d/climb.conf': climb(depthTwin, 'etc/ssh/sshd_config.d/climb.conf', join(host, 'secret.conf')),
    'etc/ssh/loop.conf': { link: 'loop.conf' },
    // Mount points that are globs: expanded on the host, <host>/ca* would name canary-tree, which
    // the root (only) holds at the same path with an os-release: a probe that globs reports it.
    [`${host.slice(1)}/canary-tree/etc/os-release`]: 'NAME="inside the root"\n',
    'etc/fstab': `UUID=1 / ext4 defaults 0 1\nUUID=2 ${host}/ca* ext4 defaults 0 2\nUUID=3 /va* ext4 defaults 0 2\n`,
    'etc/netplan/01-netcfg.yaml': null,
    'etc/netplan': { link: join(host, 'netplan') },
    'etc/hosts': { link: join(host, 'etc/hosts') },
    'etc/hostname': climb(depthTwin, 'etc/hostname', join(host, 'etc/hostname')),
    'etc/waagent.conf': { link: join(host, 'etc/waagent.conf') },
    'etc/default/grub': { link: join(host, 'grub/grub') },
    'var/lib/waagent': { link: join(host, 'waagent') },
    'var/log/journal': null,
    'var/log/syslog': null,
    'var/log': { link: join(host, 'log') },
  });
}

/** Root 2: /etc itself is a link to the host's (here: the canary host folder's) /etc. */
function etcOutRoot(): string {
  return makeRoot({ etc: { link: join(host, 'etc') } }, {}, Object.fromEntries(Object.entries(cleanTree).filter(([k]) => !k.startsWith('etc/'))));
}

beforeAll(() => {
  ensureBuilt();
  host = makeHost();
  dirs.push(host);
}, 300_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function collect(root: string): Promise<{ text: string; facts: FactsEnvelope }> {
  const out = join(mkdtempSync(join(tmpdir(), 'preseal-facts-')), 'facts.json');
  dirs.push(dirname(out));
  const run = await runCli(['collect', `root:${root}`, '-o', out]);
  expect(run.code, run.stderr).toBe(0);
  const text = readFileSync(out, 'utf8');
  return { text, facts: JSON.parse(text) as FactsEnvelope };
}

describe('root: with links that lead out of the image', () => {
  it('reads nothing of the host: no canary in the facts or in any report, and says what it could not resolve', async () => {
    const root = hostileRoot();
    dirs.push(root);
    const { text, facts } = await collect(root);
    expect(text).not.toContain(CANARY);
    // The home and ~/.ssh links lead out: nothing of the host's keys or history is reported.
    const homeFiles = facts.facts['homeFiles'] as { secrets: unknown[]; authorizedKeys: unknown[]; history: { path: string }[]; truncated?: string };
    expect(homeFiles.secrets).toEqual([]);
    expect(homeFiles.authorizedKeys).toEqual([]);
    expect(homeFiles.history).toEqual([]);
    // The looping home cannot be resolved: the scan says so, and the home rules cannot pass.
    expect(homeFiles.truncated).toContain('/loop/a/home cannot be resolved inside the root');
    expect(facts.probe?.partial?.['homeFiles']).toContain('/loop/a/home cannot be resolved inside the root');
    // The name's newline stays inside the note (written as \n): it forges no note of its own.
    expect(facts.probe?.partial?.['homeFiles']).toContain('/home/evil\\n@@partial@@ forged cannot be resolved inside the root');
    expect(Object.keys(facts.probe?.partial ?? {})).toEqual(['homeFiles']);
    expect((facts.facts['tmpFiles'] as { entries: string[] }).entries).toContain('/tmp/@@partial@@ forged');
    expect((facts.facts['sudoersEntries'] as { entries: { user: string }[] }).entries.map((e) => e.user)).toContain('@@partial@@');
    // sshd: only the root's own sshd_config; the Includes that leave it read nothing.
    const sshd = facts.facts['sshdConfig'] as { files: { path: string; content: string }[] };
    expect(sshd.files.map((f) => f.path)).toEqual(['/etc/ssh/sshd_config']);
    // Mount points are not globbed: no other OS tree is found through /va* or <host>/ca*.
    expect((facts.facts['storage'] as { osTrees: string[] }).osTrees).toEqual([]);
    // Links that point out of the root are resolved inside it, where nothing is.
    expect(facts.facts['hostIdentity']).toMatchObject({ hostname: null, hosts: null });
    expect((facts.facts['networkConfig'] as { files: unknown[] }).files).toEqual([]);
    expect(facts.facts['waagentState']).toMatchObject({ present: false, ovfEnv: null });
    expect(facts.facts['provisioning']).toMatchObject({ waagent: { config: { present: false, settings: {} } } });

    for (const format of ['json', 'pretty', 'markdown', 'sarif', 'junit', 'github']) {
      const run = await runCli(['lint', `root:${root}`, '--format', format, '--cloud', 'azure']);
      expect(run.code === 1 || run.code === 0, `${format}: ${run.stderr}`).toBe(true);
      expect(run.stdout + run.stderr, format).not.toContain(CANARY);
      expect(run.stdout + run.stderr, format).not.toContain('canary-tree');
    }
  }, 180_000);

  it("with /etc itself a link to the host's /etc reads none of it, and the groups that need /etc say why", async () => {
    const root = etcOutRoot();
    dirs.push(root);
    const { text, facts } = await collect(root);
    expect(text).not.toContain(CANARY);
    // Inside the root, /etc -> <host>/etc is a folder that does not exist: no os-release.
    expect(facts.errors['os']).toMatch(/no os-release/);
    expect(facts.facts['localAccounts'] ?? null).toBeNull();
    expect(facts.errors['localAccounts']).toMatch(/\/etc\/passwd/);
    const run = await runCli(['lint', `root:${root}`, '--format', 'json']);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  }, 120_000);

  it('walks /var past link loops, links out and FIFOs without hanging: only the real backup and state are reported', async () => {
    const root = makeRoot({
      'var/www/html/config.php.bak': "<?php $db_password = 'x';\n",
      'var/lib/loop/a': { link: 'b' },
      'var/lib/loop/b': { link: 'a' },
      'var/lib/loop/self': { link: '.' },
      'var/lib/loop/up': { link: '../..' },
      'var/www/host.bak': { link: join(host, 'secret.conf') },
      'srv/out': climb(join(dirname(host), 'x'), 'srv/out', host),
      'var/lib/dovecot/instances': '1700000000\tdovecot\n',
      'var/lib/puppet/state': { link: join(host, 'etc') },
      'var/lib/puppet/lib/facter': { link: '../../lib' },
    });
    dirs.push(root);
    // A FIFO that an open(2) would block on, where the walks and the globs meet one.
    for (const fifo of ['var/spool/pipe.bak', 'var/log/pipe.log', 'var/lib/dovecot/pipe', 'var/lib/puppet/client_data/pipe', 'etc/pipe~']) {
      mkdirSync(dirname(join(root, fifo)), { recursive: true });
      execFileSync('mkfifo', [join(root, fifo)]);
    }
    const { text, facts } = await collect(root);
    expect(text).not.toContain(CANARY);
    expect(facts.facts['backupFiles']).toEqual({ files: ['/var/www/html/config.php.bak'], unreadable: [] });
    expect((facts.facts['logFiles'] as { files: string[] }).files).not.toContain('/var/log/pipe.log');
    // The state globs pass over the FIFOs and the links that loop or lead out.
    const state = facts.facts['serviceState'] as { globs: { files: { path: string }[] }[] };
    expect(state.globs.flatMap((g) => g.files.map((f) => f.path))).toEqual(['/var/lib/dovecot/instances']);
  }, 120_000);

  it('a link loop at /etc is not followed on the host: the groups say the path cannot be resolved', async () => {
    const root = makeRoot({ etc: { link: '/etc' } }, {}, Object.fromEntries(Object.entries(cleanTree).filter(([k]) => !k.startsWith('etc/'))));
    dirs.push(root);
    const { text, facts } = await collect(root);
    const hostHostname = (() => {
      try {
        return readFileSync('/etc/hostname', 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (hostHostname.length > 3) expect(text).not.toContain(`"hostname":"${hostHostname}`);
    expect(facts.errors['localAccounts']).toContain('/etc/passwd: cannot be resolved inside the root');
    expect(facts.errors['sshdConfig']).toContain('/etc/ssh/sshd_config: cannot be resolved inside the root');
  }, 120_000);
});
