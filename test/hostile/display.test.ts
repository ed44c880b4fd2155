import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFakeSsh } from '../helpers/fake-ssh.js';
import { makeTree, dirtySpec, removeTree } from '../linux/trees.js';

/**
 * The target is hostile (design.md "Trust"): whatever its file names, user names, os-release and
 * log lines hold, no control sequence, bidi override, line separator or pipeline command from it
 * may reach the admin's terminal or CI log live, and no Markdown from it may render. Machine formats
 * keep the exact strings.
 */

const HOSTILE = [
  'title\x1b]0;pwned\x07',
  'clear\x1b[2J\x1b[H',
  'clip\x1b]52;c;cm0gLXJmIH4=\x07',
  'hide\x1b[8m',
  'cr\r✔ ready to generalize',
  'rlo\u202egpj.exe',
  'ls\u2028ps\u2029end',
  'c1\x85nel\x9bcsi',
  'nl\n::add-mask::secret',
  'nl\n::stop-commands::tok',
  'nl\n::error::fake failure',
  'gh##[error]fake',
  'ado##vso[task.setvariable variable=ok]true',
  'adocr\r##vso[task.complete result=Succeeded]',
  'md[click](https://evil.example/a)',
  'img![x](https://evil.example/x.png)',
  'auto<https://evil.example/b> www.evil.example',
  'mention @octocat',
  'pipe | | fake cell',
  'heading\r\n## ✅ ready to generalize',
  '`tick`` and ```',
];

const tmp = mkdtempSync(join(tmpdir(), 'preseal-hostile-'));
const trees: string[] = [];
afterAll(() => {
  for (const t of trees) removeTree(t);
});

/** A facts file as `preseal collect` writes it, with hostile text in file names, accounts, os-release, errors and notes. */
function hostileFacts(): string {
  const envelope = JSON.parse(readFileSync('fixtures/linux/dirty-tree.json', 'utf8'));
  const entries = HOSTILE.map((h) => `/tmp/${h}`);
  envelope.facts.tmpFiles = { entries, count: entries.length + 1000 };
  envelope.facts.os.name = `Debian${HOSTILE[4]}${HOSTILE[2]}`;
  envelope.facts.localAccounts.users.push(
    ...HOSTILE.slice(0, 6).map((h, i) => ({ name: h, uid: 2000 + i, gid: 2000 + i, home: `/home/${h}`, shell: '/bin/sh' })),
  );
  envelope.errors.bootFiles = `cannot read /boot: ${HOSTILE.join(' ')}`;
  envelope.probe.partial = { tmpFiles: HOSTILE[9], logFiles: HOSTILE[11] };
  const file = join(tmp, 'hostile.json');
  writeFileSync(file, JSON.stringify(envelope));
  return file;
}

/** What no human or CI output may hold, wherever it came from. */
function expectInert(text: string, what: string): void {
  // C0 controls other than newline and tab, DEL, C1 controls.
  expect(text, `${what}: control character`).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/);
  expect(text, `${what}: bidi control`).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  expect(text, `${what}: line or paragraph separator`).not.toMatch(/[\u2028\u2029]/);
  expect(text, `${what}: Azure DevOps or GitHub log command`).not.toMatch(/##(vso)?\[/i);
  for (const line of text.split('\n')) {
    // The github format's own annotations are the only workflow commands allowed at a line start.
    if (line.startsWith('::')) expect(line, `${what}: workflow command`).toMatch(/^::(error|warning|notice) title=[^:\n]*::/);
    expect(line, `${what}: target text at a line start`).not.toMatch(/^::(add-mask|stop-commands|error::fake)/);
  }
}

/** Markdown with its code spans removed: what renders as Markdown. */
function outsideCodeSpans(md: string): string {
  return md.replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, '');
}

function expectInertMarkdown(md: string, what: string): void {
  expectInert(md, what);
  const live = outsideCodeSpans(md);
  expect(live, `${what}: link or image`).not.toContain('evil.example');
  expect(live, `${what}: @mention`).not.toContain('@octocat');
  expect(live, `${what}: fake heading`).not.toMatch(/^#+ .*✅/m);
  // Every row of a table has as many cells as its header: nothing from the target ends a cell.
  let columns = 0;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      columns = 0;
      continue;
    }
    const cells = outsideCodeSpans(line).split(/(?<!\\)\|/).length;
    if (columns === 0) columns = cells;
    expect(cells, `${what}: table row ${line.slice(0, 80)}`).toBe(columns);
  }
}

describe('hostile facts file', () => {
  const facts = hostileFacts();

  it('pretty: every target string is inert and readable, lists are capped with a true count', async () => {
    const brief = await runCli(['lint', `facts:${facts}`]);
    expect(brief.code).toBe(1);
    expectInert(brief.stdout, 'pretty stdout');
    expectInert(brief.stderr, 'pretty stderr');
    const run = await runCli(['lint', `facts:${facts}`, '--verbose']);
    expectInert(run.stdout, 'pretty --verbose stdout');
    // Readable: the escapes are visible, the text around them kept.
    expect(run.stdout).toContain('clip\\x1b]52;c;cm0gLXJmIH4=\\x07');
    expect(run.stdout).toContain('rlo\\u202egpj.exe');
    expect(run.stdout).toContain('nl\\n::add-mask::secret');
    expect(run.stdout).toContain('ado##vso\\x5btask.setvariable');
    // 21 listed, 1021 counted: 5 shown, and 1016 more, 16 of them in the JSON report.
    expect(run.stdout).toContain('… and 1016 more (--format json lists 16 of them; the rest were counted, not listed)');
    // The verdict is the last line and nothing from the target can overwrite it.
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('✖ not ready to generalize');
  });

  it('github: annotations and the step summary carry no live command, control or Markdown from the target', async () => {
    const summary = join(tmp, 'summary.md');
    writeFileSync(summary, '');
    const run = await runCli(['lint', `facts:${facts}`, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(1);
    expectInert(run.stdout, 'github stdout');
    expect(run.stdout).toMatch(/^::error title=/m);
    expectInertMarkdown(readFileSync(summary, 'utf8'), 'step summary');
  });

  it('markdown: target text renders as literal text, the table holds, trusted fixes show && and <user> as written', async () => {
    const run = await runCli(['lint', `facts:${facts}`, '--format', 'markdown']);
    expect(run.code).toBe(1);
    expectInertMarkdown(run.stdout, 'markdown');
    expect(run.stdout).not.toMatch(/`[^`]*&amp;[^`]*`|`[^`]*&lt;[^`]*`/);
    expect(run.stdout).toContain('`rm -f /var/lib/dbus/machine-id && ln -s /etc/machine-id /var/lib/dbus/machine-id`');
  });

  it('json and sarif keep the exact strings; junit keeps every one XML can hold', async () => {
    const json = JSON.parse((await runCli(['lint', `facts:${facts}`, '--format', 'json'])).stdout);
    const tmpRule = json.targets[0].results.find((r: { slug: string }) => r.slug === 'tmp-files');
    expect(tmpRule.evidence).toEqual(expect.arrayContaining(HOSTILE.map((h) => expect.stringContaining(`/tmp/${h}`))));
    expect(tmpRule.unlisted).toBe(1000);
    expect(json.targets[0].os.name).toBe(`Debian${HOSTILE[4]}${HOSTILE[2]}`);
    const sarif = (await runCli(['lint', `facts:${facts}`, '--format', 'sarif'])).stdout;
    const messages = JSON.stringify(JSON.parse(sarif));
    for (const h of HOSTILE) expect(messages).toContain(JSON.stringify(`/tmp/${h}`).slice(1, -1));
    const junit = (await runCli(['lint', `facts:${facts}`, '--format', 'junit'])).stdout;
    expect(junit).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
    expect(junit).toContain('/tmp/md[click](https://evil.example/a)');
  });

  it('one-line errors about a target quote its text inertly', async () => {
    const broken = join(tmp, 'broken.json');
    // Unquoted, so that the parser's message quotes the hostile bytes.
    writeFileSync(broken, `{"schemaVersion": 1, "x": \x1b]52;c;QQ==\x07 ##vso[task.complete]\u202e}`);
    const run = await runCli(['lint', `facts:${broken}`]);
    expect(run.code).toBe(2);
    expectInert(run.stderr, 'stderr');
    expect(run.stderr).toMatch(/^preseal: facts:.*is not JSON/);
    expect(run.stderr).toContain("'\\x1b', ");
  });
});

describe('huge lists', () => {
  it('a facts file with 50,000 entries gives a few kilobytes of human output; the JSON keeps them all', async () => {
    const envelope = JSON.parse(readFileSync('fixtures/linux/dirty-tree.json', 'utf8'));
    const entries = Array.from({ length: 50_000 }, (_, i) => `/tmp/f${i}`);
    envelope.facts.tmpFiles = { entries, count: entries.length };
    envelope.facts.localAccounts.users.push(
      ...Array.from({ length: 5_000 }, (_, i) => ({ name: `u${i}`, uid: 5000 + i, gid: 5000 + i, home: `/home/u${i}`, shell: '/bin/sh' })),
    );
    envelope.probe.partial = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`group${i}`, 'cut short']));
    const file = join(tmp, 'huge.json');
    writeFileSync(file, JSON.stringify(envelope));
    for (const format of ['pretty', 'github', 'markdown']) {
      for (const extra of [[], ['--verbose']]) {
        const run = await runCli(['lint', `facts:${file}`, '--format', format, ...extra], { env: { GITHUB_STEP_SUMMARY: '' } });
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout.length, `${format} ${extra}`).toBeLessThan(60_000);
      }
    }
    const json = JSON.parse((await runCli(['lint', `facts:${file}`, '--format', 'json'])).stdout);
    expect(json.targets[0].results.find((r: { slug: string }) => r.slug === 'tmp-files').evidence).toHaveLength(50_000);
  }, 120_000);
});

describe('hostile root: tree', () => {
  it('file names and os-release under root: reach the report inert', async () => {
    const spec = dirtySpec();
    for (const h of HOSTILE.filter((x) => !x.includes('/'))) spec[`tmp/${h.replace(/\n/g, '\\n')}`] = 'x';
    spec['tmp/nl\n::add-mask::secret'] = 'x';
    spec['usr/lib/os-release'] = `NAME="Debian\x1b]0;pwned\x07"\nVERSION_ID="12\u202e"\nID=debian\n`;
    const root = makeTree(spec);
    trees.push(root);
    for (const format of ['pretty', 'github', 'markdown']) {
      const run = await runCli(['lint', `root:${root}`, '--format', format, '--verbose'], { env: { GITHUB_STEP_SUMMARY: '' } });
      expect(run.code, run.stderr).toBe(1);
      if (format === 'markdown') expectInertMarkdown(run.stdout, `root: ${format}`);
      else expectInert(run.stdout, `root: ${format}`);
      expectInert(run.stderr, `root: ${format} stderr`);
    }
    const json = JSON.parse((await runCli(['lint', `root:${root}`, '--format', 'json'])).stdout);
    const evidence: string[] = json.targets[0].results.find((r: { slug: string }) => r.slug === 'tmp-files').evidence;
    expect(evidence.some((e) => e.includes('nl\n::add-mask::secret'))).toBe(true);
  });
});

describe('hostile Panther log', () => {
  it('diagnose prints log lines and file names inert', async () => {
    const dir = join(tmp, 'Panther\x1b]0;t\x07');
    mkdirSync(dir, { recursive: true });
    const lines = HOSTILE.map(
      (h, i) => `2024-01-05 10:12:${String(10 + i).padStart(2, '0')}, Error                 SYSPRP ${h.replace(/[\r\n\u2028\u2029\x85]/g, ' ')}`,
    );
    // A provider DLL path carrying an escape sequence: diagnose names the provider in its title and cause.
    lines.push("2024-01-05 10:12:59, Error      [0x0f0082] SYSPRP Contoso: 'Evil_Cleanup' in C:\\x\x1b[8mhidden.dll gave up; dwRet = 0x5");
    lines.push(
      '2024-01-05 10:13:00, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs ##vso[task.complete result=Succeeded] \x1b[8m',
    );
    writeFileSync(join(dir, 'setupact.log'), `${lines.join('\r\n')}\r\n`);
    const run = await runCli(['diagnose', dir]);
    expect(run.code, run.stderr).toBe(1);
    expectInert(run.stdout, 'diagnose');
    expect(run.stdout).toContain('clip\\x1b]52;c;cm0gLXJmIH4=\\x07');
  });
});

describe('hostile SSH server', () => {
  it('its stderr reaches the one-line error and every human format inert', async () => {
    const password = 'hostile-display-password';
    const server = await startFakeSsh({
      password,
      onExec: (ctx) => ctx.reply('no facts here\n', { stderr: `sh: 1: ${HOSTILE.join(' ')}\n`, code: 2 }),
    });
    try {
      const knownHosts = join(tmp, 'known_hosts');
      server.writeKnownHosts(knownHosts);
      const url = `ssh://admin@127.0.0.1:${server.port}`;
      for (const format of ['pretty', 'github', 'markdown', 'json']) {
        const run = await runCli(['lint', url, '--known-hosts', knownHosts, '--timeout', '20', '--format', format], {
          env: { PRESEAL_PASSWORD: password, GITHUB_STEP_SUMMARY: '' },
        });
        expect(run.code, run.stderr).toBe(3);
        expectInert(run.stderr, `ssh ${format} stderr`);
        // The remote stderr is quoted, readable and inert.
        if (format !== 'json') expect(run.stdout + run.stderr).toContain('ado##vso\\x5btask.setvariable');
        if (format === 'markdown') expectInertMarkdown(run.stdout, 'ssh markdown');
        else if (format !== 'json') expectInert(run.stdout, `ssh ${format}`);
      }
    } finally {
      await server.stop();
    }
  });
});
