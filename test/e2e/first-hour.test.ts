import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runCli } from '../helpers/cli.js';
import { findSshd, skipWithout } from '../helpers/real.js';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { cleanSpec, dirtySpec, makeTree, removeTree } from '../linux/trees.js';

/** Issue 14: what a new admin meets in the first hour, each through the built CLI. */

const tmp = mkdtempSync(join(tmpdir(), 'preseal-first-hour-'));
const trees: string[] = [];
afterAll(() => {
  for (const t of trees) removeTree(t);
});
const DIRTY = 'facts:fixtures/linux/dirty-tree.json';

function factsWith(name: string, edit: (envelope: { facts: Record<string, Record<string, unknown>>; errors: Record<string, string> }) => void): string {
  const envelope = JSON.parse(readFileSync(join(repoRoot, 'fixtures/linux/dirty-tree.json'), 'utf8'));
  edit(envelope);
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(envelope));
  return `facts:${file}`;
}

/** The blocks of a pretty report: [header line, ...lines] per result. */
function blocks(stdout: string): string[][] {
  return stdout
    .split('\n\n')
    .map((b) => b.split('\n'))
    .filter((b) => /^ {2}[✖⚠ℹ?~✔-] [LW]\d{3} /.test(b[0] ?? ''));
}

describe('1. root: fixes and evidence name the image, never the host', () => {
  it('prefixes paths with the mount, runs commands in a chroot, says so once', async () => {
    const spec = { ...dirtySpec(), 'etc/hostname': 'build-vm-01\n' };
    const root = makeTree(spec);
    trees.push(root);
    const run = await runCli(['lint', `root:${root}`]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`truncate -s 0 ${root}/etc/machine-id`);
    expect(run.stdout).toContain(`rm -f ${root}/etc/ssh/ssh_host_*`);
    expect(run.stdout).toContain(`${root}/etc/machine-id holds machine ID`);
    expect(run.stdout).toContain(`chroot ${root} `);
    expect(run.stdout).not.toContain('hostnamectl');
    expect(run.stdout.match(/paths are inside the image mounted at/g)).toHaveLength(1);
    // No fix or evidence line names a host path: every /etc, /var, /home path is under the root.
    // (A command run with chroot reads its paths inside the image, so those are left as they are.)
    for (const line of run.stdout.split('\n').filter((l) => /^ {4}(fix:|•)/.test(l))) {
      expect(
        line
          .split(`chroot ${root} `)
          .map((part, i) => (i === 0 ? part : part.replace(/^[^`;&]*/, '')))
          .join(''),
        line,
      ).not.toMatch(/(^|[\s(`'"=])\/(etc|var|home|root|usr|boot)\//);
    }
  });
});

describe('2. a root: with no OS is not linted', () => {
  it('an empty folder is exit 3 "is the image mounted?", even with --allow-unknown', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    for (const extra of [[], ['--allow-unknown', '--format', 'json']]) {
      const run = await runCli(['lint', `root:${empty}`, ...extra]);
      expect(run.code).toBe(3);
      expect(run.stderr + run.stdout).toContain(`no operating system found under ${empty}; is the image mounted?`);
    }
    const root = makeTree(cleanSpec());
    trees.push(root);
    expect((await runCli(['lint', `root:${root}`, '--fail-on', 'none'])).code).toBe(0);
  });
});

describe('3. the first screen', () => {
  it('lists what gates first, caps evidence with a true count, says how many results gate', async () => {
    const facts = factsWith('tmp8.json', (e) => {
      e.facts['tmpFiles'] = { entries: Array.from({ length: 8 }, (_, i) => `/tmp/build-${i}.sh`), count: 8 };
    });
    const run = await runCli(['lint', facts, '--verbose']);
    expect(run.code).toBe(1);
    const bs = blocks(run.stdout);
    const gating = bs.map((b) => !(b[0] as string).includes('(does not gate)'));
    expect(gating.indexOf(false)).toBeGreaterThan(0);
    expect(gating.slice(gating.indexOf(false))).not.toContain(true);
    // Errors, then gating unknowns, then the rest.
    const firstUnknown = bs.findIndex((b) => (b[0] as string).includes(' unknown'));
    expect(bs.slice(0, firstUnknown).every((b) => (b[0] as string).includes('error'))).toBe(true);
    const tmpBlock = bs.find((b) => (b[0] as string).includes('tmp-files')) as string[];
    expect(tmpBlock.filter((l) => l.startsWith('    • '))).toHaveLength(5);
    expect(tmpBlock).toContain('    … and 3 more (--format json for all)');
    const count = gating.filter(Boolean).length;
    expect(run.stdout).toMatch(new RegExp(`^ {2}${count} gating · \\d+ failed`, 'm'));
    // The failure lines state the problem found, not the rule's title (its wanted state).
    const keytab = bs.find((b) => (b[0] as string).includes('kerberos-keytab')) as string[];
    expect(keytab[1]).toMatch(/^ {4}• \/etc\/krb5\.keytab holds Kerberos keys/);
    expect(run.stdout).not.toContain('No Kerberos host keytab is left in the image');
    // Without --verbose, what does not gate is one line each after what gates, so that the gating
    // failures stay on the screen that ends with the verdict.
    const short = (await runCli(['lint', facts])).stdout;
    const section = short.indexOf('  does not gate (--verbose for evidence and fixes):\n');
    expect(section).toBeGreaterThan(short.lastIndexOf('    fix:'));
    expect(short.slice(section)).toContain('  ℹ L078 tmp-files  info  /tmp/build-0.sh is left in a temporary directory (and 7 more)\n');
    expect(short.split('\n').length).toBeLessThan(run.stdout.split('\n').length);
  });

  it('--quiet shows only what gates', async () => {
    const run = await runCli(['lint', DIRTY, '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('does not gate');
    expect(run.stdout).not.toContain('note:');
    expect(blocks(run.stdout).length).toBeGreaterThan(5);
  });

  it('the "and N more" counts are true in JSON and Markdown when the probe listed 50 of 500', async () => {
    const facts = factsWith('tmp500.json', (e) => {
      e.facts['tmpFiles'] = { entries: Array.from({ length: 50 }, (_, i) => `/tmp/f${String(i).padStart(3, '0')}`), count: 500 };
    });
    const json = JSON.parse((await runCli(['lint', facts, '--format', 'json'])).stdout);
    const r = json.targets[0].results.find((x: { slug: string }) => x.slug === 'tmp-files');
    expect(r.message).toBe('/tmp/f000 is left in a temporary directory (and 499 more)');
    expect(r.unlisted).toBe(450);
    const md = (await runCli(['lint', facts, '--format', 'markdown'])).stdout;
    expect(md).toContain('… and 490 more (--format json lists 40 of them; the rest were counted, not listed)');
    const pretty = (await runCli(['lint', facts, '--verbose'])).stdout;
    expect(pretty).toContain('… and 495 more (--format json lists 45 of them; the rest were counted, not listed)');
  });
});

describe('4. typos are usage errors with a suggestion', () => {
  it('an unknown first word is not an SSH host', async () => {
    const run = await runCli(['lnt']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^preseal: unknown command "lnt"; did you mean lint\?\n/);
    const help = await runCli(['help', 'rules']);
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, 'preseal rules']);
    const flag = await runCli(['lint', '--fial-on', 'error']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('did you mean --fail-on?');
  });
});

describe('5. inventory names', () => {
  const inventory = join(tmp, 'hosts.ini');
  writeFileSync(inventory, '[golden]\ngolden1 ansible_connection=local\n[staging]\ngolden2 ansible_connection=local\n');

  it('--limit takes a host name; a wrong one lists the groups and hosts', async () => {
    const one = await runCli(['lint', '--inventory', inventory, '--limit', 'golden1', '--format', 'json', '--fail-on', 'none']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).targets.map((t: { name: string }) => t.name)).toEqual(['golden1']);
    const wrong = await runCli(['lint', '--inventory', inventory, '--limit', 'gold']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('hint: groups: golden, staging; hosts: golden1, golden2');
  });

  it('the fleet table shows the names', async () => {
    const run = await runCli(['lint', '--inventory', inventory, '--fail-on', 'none', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}golden1 +linux /m);
    expect(run.stdout).toMatch(/^ {2}golden2 +linux /m);
  });
});

describe('6. errors say what is wrong', () => {
  it('a facts file from another tool', async () => {
    const other = join(tmp, 'other.json');
    writeFileSync(other, '{"hosts": []}');
    const run = await runCli(['lint', `facts:${other}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a preseal facts file');
    expect(run.stderr).not.toContain('undefined');
  });

  it('missing --config, --identity; --timeout abc; an unwritable --output before any lint', async () => {
    const config = await runCli(['lint', DIRTY, '--config', 'missing.yaml']);
    expect([config.code, config.stderr]).toEqual([2, 'preseal: --config missing.yaml: no such file\n']);
    const key = await runCli(['lint', 'ssh://u@127.0.0.1:1', '--identity', join(tmp, 'nokey')]);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('nokey: no such file');
    const timeout = await runCli(['lint', DIRTY, '--timeout', 'abc']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout "abc" is not a positive number of seconds');
    expect(timeout.stderr).not.toContain('NaN');
    // A live lint of this machine takes seconds; the output check comes first and prints nothing else.
    const started = Date.now();
    const out = await runCli(['lint', '--format', 'json', '--output', join(tmp, 'no-such-dir', 'r.json')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^preseal: --output .*no-such-dir\/r\.json: the folder .*no-such-dir does not exist\n$/);
    expect(out.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('one unreachable host is "not linted", not "not ready"', async () => {
    const run = await runCli(['lint', 'ssh://u@127.0.0.1:1', '--timeout', '5']);
    expect(run.code).toBe(3);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('✖ not linted: preseal could not check this target');
  });
});

describe('7. a closed pipe ends the run quietly', () => {
  it('`rules | head -1` and `lint | head -1` print no EPIPE', () => {
    for (const args of ['rules', `lint ${DIRTY}`]) {
      const run = spawnSync('sh', ['-c', `"${process.execPath}" "${binPath}" ${args} 2>"${tmp}/err" | head -1`], { cwd: repoRoot, encoding: 'utf8' });
      expect(run.stdout.split('\n')).toHaveLength(2);
      expect(readFileSync(join(tmp, 'err'), 'utf8')).toBe('');
    }
  });
});

describe('8. conventions', () => {
  it('-v is the version; --verbose stays the long form', async () => {
    const v = await runCli(['-v']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await runCli(['lint', DIRTY, '--verbose'])).stdout).toContain('✔ ');
  });

  it('`rules` is sorted by id under a header', async () => {
    const run = await runCli(['rules']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^id +alias +platform +cloud +severity +title$/);
    expect(run.stdout).toMatch(/^W047 +azure-platform-address-firewall +windows +azure +error /m);
    const ids = lines
      .slice(1)
      .filter((l) => /^[LW]\d{3} /.test(l))
      .map((l) => l.slice(0, 4));
    expect(ids.length).toBeGreaterThan(100);
    expect(ids).toEqual([...ids].sort());
  });

  it('the README option table names every lint option', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const help = (await runCli(['lint', '--help'])).stdout;
    const flags = [...help.matchAll(/^ {2}(?:-(\w), | {4})--([\w-]+)/gm)].map((m) => ({ short: m[1], long: m[2] as string }));
    expect(flags.length).toBeGreaterThan(20);
    for (const f of flags) {
      expect(readme, `--${f.long}`).toContain(`--${f.long}`);
      if (f.short) expect(readme, `-${f.short}`).toContain(`\`-${f.short}\``);
    }
  });
});

describe('9. generalizer sense', () => {
  it('sysprep on a Linux target is a usage error', async () => {
    const run = await runCli(['lint', DIRTY, '--generalizer', 'sysprep']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--generalizer sysprep is for windows');
  });

  it('a generalizer that is not installed cleans nothing', async () => {
    const installed = JSON.parse((await runCli(['lint', DIRTY, '--generalizer', 'cloud-init', '--format', 'json'])).stdout);
    const cleaned = installed.targets[0].results.filter((r: { cleanedBy?: string }) => r.cleanedBy === 'cloud-init');
    expect(cleaned.length).toBeGreaterThan(0);
    const facts = factsWith('no-cloud-init.json', (e) => {
      (e.facts['provisioning']?.['cloudInit'] as { installed: boolean }).installed = false;
    });
    const json = JSON.parse((await runCli(['lint', facts, '--generalizer', 'cloud-init', '--format', 'json'])).stdout);
    const t = json.targets[0];
    expect(t.results.filter((r: { cleanedBy?: string }) => r.cleanedBy)).toEqual([]);
    for (const c of cleaned) expect(t.results.find((r: { ruleId: string }) => r.ruleId === c.ruleId).status).toBe('fail');
    expect(t.notes).toContain('the generalizer cloud-init is not installed on the target, so it will clean nothing: what it would clean is reported as found');
  });

  it('says what it judged against: the generalizer and cloud, given or detected, with the evidence', async () => {
    const detected = JSON.parse((await runCli(['lint', DIRTY, '--format', 'json'])).stdout).targets[0];
    const facts = JSON.parse(readFileSync(join(repoRoot, 'fixtures/linux/dirty-tree.json'), 'utf8'));
    expect(detected.context.generalizer.source).toBe('detected');
    expect(detected.context.cloud).toEqual({
      value: facts.facts.cloud.provider,
      source: 'detected',
      ...(facts.facts.cloud.evidence.length ? { evidence: facts.facts.cloud.evidence } : {}),
    });
    const given = JSON.parse((await runCli(['lint', DIRTY, '--generalizer', 'waagent', '--cloud', 'aws', '--format', 'json'])).stdout).targets[0];
    expect(given.context).toEqual({ generalizer: { value: 'waagent', source: 'given' }, cloud: { value: 'aws', source: 'given' } });
    const text = (await runCli(['lint', DIRTY, '--generalizer', 'waagent', '--cloud', 'aws'])).stdout;
    expect(text).toContain('judged for generalizer waagent (given) · cloud aws (given)');
  });
});

describe('10. fixes fill in the values the finding knows', () => {
  it('names the account and the Appx package', async () => {
    const linux = (await runCli(['lint', DIRTY, '--verbose'])).stdout;
    expect(linux).toContain('`userdel -r packer`');
    expect(linux).toContain('`passwd -l packer`');
    const windows = (await runCli(['lint', 'facts:fixtures/windows/win11-store-app.json'])).stdout;
    expect(windows).toContain('`Remove-AppxPackage -Package Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe -AllUsers`');
    expect(windows).not.toContain('<PackageFullName>');
    const diagnose = (await runCli(['diagnose', 'fixtures/panther/appx-failure'])).stdout;
    expect(diagnose).toContain('`Remove-AppxPackage -Package Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe -AllUsers`');
    expect(diagnose).not.toContain('<PackageFullName>');
  });
});

describe('11. diagnose on a file that is not a Panther log', () => {
  it('exits 2 saying it found no Setup log lines', async () => {
    const run = await runCli(['diagnose', '/etc/passwd']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^preseal: found no Setup log lines in \/etc\/passwd\n/);
    expect((await runCli(['diagnose', 'fixtures/panther/healthy'])).code).toBe(0);
  });
});

describe('issue 19.6: outputs that would clobber each other or the input', () => {
  it('refuses two formats to one file and a report over the facts file, before linting', async () => {
    const same = join(tmp, 'same.out');
    const two = await runCli(['lint', DIRTY, '--format', `json=${same}`, '--format', `sarif=${same}`]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(`--format json and --format sarif would both write ${same}`);
    const input = join(tmp, 'input.json');
    writeFileSync(input, readFileSync(join(repoRoot, 'fixtures/linux/dirty-tree.json')));
    const over = await runCli(['lint', `facts:${input}`, '--format', 'json', '--output', input]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('is the facts file being linted');
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(join(repoRoot, 'fixtures/linux/dirty-tree.json'), 'utf8'));
  });
});

/** A folder for PATH: `sh`, and `sudo` when given its script. */
function binDir(name: string, sudo?: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  symlinkSync('/bin/sh', join(dir, 'sh'));
  if (sudo) writeFileSync(join(dir, 'sudo'), sudo, { mode: 0o755 });
  return dir;
}

// sudo 1.9.13p3 (Debian 12) `sudo -n CMD` for a user whose sudoers rule has no NOPASSWD: sudoers.so
// prints "a password is required" after sudo's "sudo: " prefix and sudo exits 1 (sudo(8), EXIT VALUE).
const SUDO_PASSWORD_REQUIRED = 'sudo: a password is required';
/** A `sudo` that does what that sudo does (or runs `refuse`, then exits 1); with the flag file present it runs CMD, as a NOPASSWD rule would. */
const fakeSudo = (flag: string, refuse = `echo "${SUDO_PASSWORD_REQUIRED}" >&2`) =>
  [
    '#!/bin/sh',
    '[ "$1" = -n ] || { echo "fake sudo: preseal runs sudo -n" >&2; exit 2; }',
    'shift',
    `[ -e '${flag}' ] && exec "$@"`,
    refuse,
    'exit 1',
    '',
  ].join('\n');

/** preseal's stderr lines for a --format json run: the error and its hint, without --debug's. */
const said = (stderr: string) => stderr.split('\n').filter((l) => l && !l.startsWith('debug:'));
const user = userInfo().username;

const skipSsh = skipWithout(findSshd(), 'first hour over SSH (real sshd)');

describe.skipIf(skipSsh)('12. over SSH, an account that cannot run the probe gets a hint naming the account and the fix', () => {
  const daemons: Sshd[] = [];
  afterAll(async () => {
    for (const d of daemons) await d.stop();
  });
  async function sshd(extraConfig: string[]): Promise<{ url: string; where: string; lint: (...extra: string[]) => ReturnType<typeof runCli> }> {
    const d = await startSshd({ extraConfig });
    daemons.push(d);
    const url = `ssh://${d.user}@127.0.0.1:${d.port}`;
    return {
      url,
      where: `127.0.0.1:${d.port}`,
      lint: (...extra) => runCli(['lint', url, '--identity', d.userKeyPath, '--known-hosts', d.knownHostsPath, ...extra]),
    };
  }
  // nologin(8) and false(1) as the login shell: sshd runs `SHELL -c COMMAND`, they ignore it and exit 1.
  // The harness logs in as the user running the tests only, so a ForceCommand stands in for the shell.
  it('a login shell of nologin: exit 3, the account, that it has no shell, and what to do', async () => {
    const s = await sshd(['ForceCommand /usr/sbin/nologin']);
    const run = await s.lint('--format', 'json');
    expect(run.code, run.stderr).toBe(3);
    expect(said(run.stderr)).toEqual([
      `preseal: ${s.url}: probe: ${user} has no login shell on ${s.where} that runs commands: the probe never started ` +
        '(exit status 1; the server printed "This account is currently not available.", as nologin does)',
      `  hint: lint as an account that has a shell (ssh://admin@${s.where}, with --sudo when it is not root), ` +
        `or give ${user} one (usermod -s /bin/bash ${user}) and check sshd_config for a ForceCommand that applies to it`,
    ]);
    expect(JSON.parse(run.stdout).targets[0].error).toMatchObject({ step: 'probe' });
    // The pretty report says the same, and --sudo changes nothing: sudo never ran.
    const pretty = await s.lint('--sudo');
    expect(pretty.code).toBe(3);
    expect(pretty.stdout).toContain(`${user} has no login shell on ${s.where}`);
    expect(pretty.stdout).toContain(`hint: lint as an account that has a shell`);
  });

  it('a login shell of false, which prints nothing, is found by its structure alone', async () => {
    const s = await sshd(['ForceCommand /bin/false']);
    const run = await s.lint('--format', 'json');
    expect(run.code, run.stderr).toBe(3);
    expect(said(run.stderr)[0]).toBe(
      `preseal: ${s.url}: probe: ${user} has no login shell on ${s.where} that runs commands: the probe never started (exit status 1; the server printed nothing)`,
    );
  });

  it('a ForceCommand that is not a shell and exits 0: the hint says the command was not run, --debug shows what came back', async () => {
    const s = await sshd(['ForceCommand /bin/echo Welcome to the build menu']);
    const run = await s.lint('--format', 'json', '--debug');
    expect(run.code, run.stderr).toBe(3);
    expect(said(run.stderr)).toEqual([
      `preseal: ${s.url}: probe: the probe printed no facts (no begin marker in its output)`,
      `  hint: the server did not run preseal's command as ${user} (no "preseal-shell-started" line came back): ` +
        `check the login shell (getent passwd ${user}) and any sshd ForceCommand for it; --debug shows what came back`,
    ]);
    expect(run.stderr).toContain(`debug: ${s.url}: no facts came back; stdout: Welcome to the build menu\\n`);
  });

  it("the server's text in the message is display-safe", async () => {
    const script = join(tmp, 'hostile-nologin');
    writeFileSync(script, "#!/bin/sh\nprintf '\\033]0;pwned\\007\\033[2J::error::forged ##[error]x\\n'\nexit 1\n", { mode: 0o755 });
    const s = await sshd([`ForceCommand ${script}`]);
    for (const format of ['json', 'pretty']) {
      const run = await s.lint('--format', format);
      expect(run.code, run.stderr).toBe(3);
      const out = run.stdout + run.stderr;
      expect(out).toContain('the server printed "\\x1b]0;pwned\\x07\\x1b[2J::error::forged ##\\x5berror]x"');
      expect(out).not.toMatch(/[\u001b\u0007]/);
    }
  });

  it('--sudo where sudo wants a password: exit 3, the sudoers line to add; with NOPASSWD the same host lints', async () => {
    const flag = join(tmp, 'nopasswd');
    const bin = binDir('sudo-bin', fakeSudo(flag));
    const s = await sshd([`SetEnv PATH=${bin}:/usr/bin:/bin`]);
    const run = await s.lint('--sudo', '--format', 'json');
    expect(run.code, run.stderr).toBe(3);
    expect(said(run.stderr)).toEqual([
      `preseal: ${s.url}: probe: sudo -n on ${s.where} wants ${user}'s password before it starts the probe (exit status 1: "${SUDO_PASSWORD_REQUIRED}")`,
      `  hint: let ${user} run sh as root without a password: on the VM run \`visudo -f /etc/sudoers.d/preseal\` and add ` +
        `\`${user} ALL=(root) NOPASSWD: /bin/sh\`; or connect as root without --sudo. preseal never types a sudo password ($PRESEAL_PASSWORD is the SSH login's)`,
    ]);
    // The control: the same sudo, allowed without a password, runs the probe.
    writeFileSync(flag, '');
    const allowed = await s.lint('--sudo', '--format', 'json');
    expect([0, 1], allowed.stderr).toContain(allowed.code);
    expect(JSON.parse(allowed.stdout).targets[0]).toMatchObject({ platform: 'linux', error: null });
  });

  it('--sudo where sudo is not installed: exit 3, install it or connect as root', async () => {
    const s = await sshd([`SetEnv PATH=${binDir('no-sudo-bin')}`]);
    const run = await s.lint('--sudo', '--format', 'json');
    expect(run.code, run.stderr).toBe(3);
    const [error, hint] = said(run.stderr);
    expect(error).toMatch(
      new RegExp(
        `^preseal: ${s.url.replace(/[.]/g, '\\.')}: probe: sudo is not installed on ${s.where.replace(/[.]/g, '\\.')}: ${user}'s shell found no sudo command \\(exit status 127: ".*sudo.*not found"\\)$`,
      ),
    );
    expect(hint).toBe('  hint: install sudo on the VM (apt-get install sudo, or dnf install sudo), or connect as root without --sudo');
  });
});

describe('13. on this machine, --sudo that cannot run the probe gets the same hints as over SSH', () => {
  /** `preseal lint ARGS` on this machine with `bin` in front of PATH (or as the whole PATH). */
  const lintHere = (path: string, ...args: string[]) => runCli(['lint', ...args], { env: { PATH: path } });
  const sudoersHint =
    `  hint: let ${user} run sh as root without a password: as root run \`visudo -f /etc/sudoers.d/preseal\` and add ` +
    `\`${user} ALL=(root) NOPASSWD: /bin/sh\`; or run preseal as root without --sudo. preseal never types a sudo password`;

  it('sudo wants a password: exit 3, the account and the sudoers line; with NOPASSWD the same machine lints', async () => {
    const flag = join(tmp, 'local-nopasswd');
    const path = `${binDir('local-sudo-bin', fakeSudo(flag))}:${process.env.PATH}`;
    const run = await lintHere(path, '--sudo', '--format', 'json');
    expect(run.code, run.stderr).toBe(3);
    expect(said(run.stderr)).toEqual([
      `preseal: local: probe: sudo -n on this machine wants ${user}'s password before it starts the probe (exit status 1: "${SUDO_PASSWORD_REQUIRED}")`,
      sudoersHint,
    ]);
    expect(JSON.parse(run.stdout).targets[0]).toMatchObject({ target: 'local', platform: null, error: { step: 'probe' } });
    // `lint local` is the same transport; the pretty report carries the hint too.
    const pretty = await lintHere(path, 'local', '--sudo');
    expect(pretty.code, pretty.stderr).toBe(3);
    expect(pretty.stdout).toContain(`could not lint (probe): sudo -n on this machine wants ${user}'s password`);
    expect(pretty.stdout).toContain(sudoersHint.trim());
    expect(pretty.stdout.trimEnd().split('\n').at(-1)).toBe('✖ not linted: preseal could not check this target');
    // The control: the same sudo, allowed without a password, runs the probe.
    writeFileSync(flag, '');
    const allowed = await lintHere(path, '--sudo', '--format', 'json');
    expect([0, 1], allowed.stderr).toContain(allowed.code);
    expect(JSON.parse(allowed.stdout).targets[0]).toMatchObject({ target: 'local', platform: 'linux', error: null });
  });

  it('sudo is not installed (PATH without it): exit 3, install it or run preseal as root, not a bug', async () => {
    const path = binDir('local-no-sudo-bin');
    const run = await lintHere(path, '--sudo', '--format', 'json');
    expect(run.code, run.stderr).toBe(3);
    expect(said(run.stderr)).toEqual([
      `preseal: local: probe: sudo is not installed on this machine: there is no sudo command on ${user}'s PATH`,
      '  hint: install sudo (apt-get install sudo, or dnf install sudo), or run preseal as root without --sudo',
    ]);
    const pretty = await lintHere(path, '--sudo');
    expect(pretty.code).toBe(3);
    expect(pretty.stdout).toContain('sudo is not installed on this machine');
    expect(pretty.stdout).not.toContain('bug');
  });

  it("sudo's text in the message is display-safe", async () => {
    const refuse = "printf 'sudo: \\033]0;pwned\\007\\033[2J::error::forged ##[error]x\\n' >&2";
    const path = `${binDir('local-hostile-sudo-bin', fakeSudo(join(tmp, 'never'), refuse))}:${process.env.PATH}`;
    for (const format of ['json', 'pretty']) {
      const run = await lintHere(path, '--sudo', '--format', format);
      expect(run.code, run.stderr).toBe(3);
      const out = run.stdout + run.stderr;
      expect(out).toContain(
        `sudo -n on this machine refused to start the probe for ${user} (exit status 1: "sudo: \\x1b]0;pwned\\x07\\x1b[2J::error::forged ##\\x5berror]x")`,
      );
      expect(out).toContain(`add \`${user} ALL=(root) NOPASSWD: /bin/sh\``);
      expect(out).not.toMatch(/[\u001b\u0007]/);
    }
  });
});

describe('the first screen of `preseal lint` on this machine', () => {
  const tmux = spawnSync('sh', ['-c', 'command -v tmux']).status === 0;
  it.skipIf(!tmux)('a 120×40 terminal shows every gating failure and the verdict when the run ends', async () => {
    const json = JSON.parse((await runCli(['lint', '--format', 'json'])).stdout);
    const gating: string[] = json.targets[0].results
      .filter((r: { status: string; severity: string }) => (r.status === 'fail' && r.severity === 'error') || r.status === 'unknown')
      .map((r: { ruleId: string }) => r.ruleId);
    const socket = `preseal-test-${process.pid}`;
    const done = join(tmp, 'tmux-done');
    const tmuxRun = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    tmuxRun('new-session', '-d', '-x', '120', '-y', '40', `cd "${repoRoot}" && NO_COLOR=1 "${process.execPath}" "${binPath}" lint; touch "${done}"; sleep 60`);
    try {
      for (let i = 0; i < 120 && spawnSync('test', ['-e', done]).status !== 0; i++) await new Promise((r) => setTimeout(r, 250));
      const screen = tmuxRun('capture-pane', '-p').stdout;
      for (const id of gating) expect(screen, `${id} on the last screen`).toMatch(new RegExp(`^ {2}[✖?] ${id} `, 'm'));
      expect(screen).toMatch(/(ready|not ready) to generalize/);
    } finally {
      tmuxRun('kill-server');
    }
  });
});
