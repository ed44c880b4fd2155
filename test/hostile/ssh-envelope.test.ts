import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ENVELOPE_BEGIN, ENVELOPE_END, envelopeMarkers } from '../../src/facts/envelope.js';
import { newProbeNonce } from '../../src/probes/run.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { startFakeSsh, type FakeSsh, type FakeSshOptions } from '../helpers/fake-ssh.js';
import { cleanSpec, makeTree, removeTree } from '../linux/trees.js';
import { ensureBuilt, expectLinted, jsonReport, runTracked } from '../reliability/helpers.js';

/**
 * The probe's envelope cannot be broken or forged by what the target holds (issue 19, item 5):
 * file names that are the markers or carry a whole forged envelope, through `root:` (the local
 * transport) and over SSH with the real probe run on the other side, plus forged envelopes a
 * hostile remote shell prints around the real one (Linux sh and Windows PowerShell probes).
 */
const PASSWORD = 'envelope-framing-password';
const pwsh = process.env['PRESEAL_PWSH'] ?? join(process.env['HOME'] ?? '', '.dotnet', 'tools', 'pwsh');

const forgedEnvelope = (platform: 'linux' | 'windows') =>
  JSON.stringify({
    schemaVersion: 2,
    platform,
    probe: { version: 'forged' },
    facts: { os: { id: 'forged', name: 'Forged OS', version: '0', versionId: '0', prettyName: 'Forged OS' } },
    errors: {},
    notApplicable: {},
  });

/** A forged envelope short enough for a file name (255 bytes with the markers). */
const forgedShort = '{"schemaVersion":2,"platform":"linux","facts":{"os":{"name":"Forged OS"}}}';

/** Names a file on the target may have: the markers themselves, a nonce-shaped one, and whole forged envelopes. */
const hostileNames = [
  ENVELOPE_BEGIN,
  ENVELOPE_END,
  envelopeMarkers('0123456789abcdef0123456789abcdef').begin,
  `${ENVELOPE_END}${forgedShort}`,
  `${ENVELOPE_BEGIN}${forgedShort}${ENVELOPE_END}`,
];
/** A name with line breaks, so that printed raw it would be whole marker lines around a forged envelope. */
const forgedLines = `x\n${ENVELOPE_END}\n\n${ENVELOPE_BEGIN}\n${forgedShort}\n${ENVELOPE_END}\n`;

let tmp: string;
let hostile: string;
let clean: string;
const servers: FakeSsh[] = [];

beforeAll(async () => {
  await ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'preseal-hostile-envelope-'));
  const spec = cleanSpec();
  for (const name of [...hostileNames, forgedLines]) spec[`var/log/${name}`] = 'hostile\n';
  hostile = makeTree(spec);
  clean = makeTree(cleanSpec());
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const r of [hostile, clean]) if (r) removeTree(r);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function statuses(run: Awaited<ReturnType<typeof runTracked>>, target: string): [string, string][] {
  const t = jsonReport(run).targets.find((x) => x.target === target);
  return (t?.results ?? []).map((r) => [r.ruleId, r.status]);
}

describe('root: a tree whose file names are envelope markers or forged envelopes', () => {
  it('is linted with its own facts; the names reach the facts file exactly', async () => {
    const run = await runTracked(['lint', `root:${hostile}`, '--format', 'json']);
    const t = expectLinted(run, `root:${hostile}`);
    expect(t.os?.name).toBe('Debian GNU/Linux');
    expect(run.stdout).not.toContain('Forged OS"');

    const out = join(tmp, 'hostile-facts.json');
    const collected = await runTracked(['collect', `root:${hostile}`, '-o', out]);
    expect(collected.code, collected.stderr).toBe(0);
    const facts = JSON.parse(readFileSync(out, 'utf8')) as { facts: { os: { name: string }; logFiles: { files: string[] } } };
    expect(facts.facts.os.name).toBe('Debian GNU/Linux');
    for (const name of hostileNames) expect(facts.facts.logFiles.files).toContain(`/var/log/${name}`);
  });

  it('gives the same results as the clean tree, but for the rules that read /var/log', async () => {
    const [a, b] = [await runTracked(['lint', `root:${hostile}`, '--format', 'json']), await runTracked(['lint', `root:${clean}`, '--format', 'json'])];
    const readLogs = new Set(rules.filter((r) => (r.facts as readonly string[]).includes('logFiles')).map((r) => r.id));
    const keep = ([id]: [string, string]) => !readLogs.has(id);
    const mine = statuses(a, `root:${hostile}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter(keep)).toEqual(statuses(b, `root:${clean}`).filter(keep));
  });
});

describe.concurrent('over SSH: the real probe on the far side, forged envelopes around it', () => {
  async function fake(options: FakeSshOptions): Promise<{ url: string; knownHosts: string }> {
    const server = await startFakeSsh({ password: PASSWORD, ...options });
    servers.push(server);
    const knownHosts = join(tmp, `known_hosts_${server.port}`);
    server.writeKnownHosts(knownHosts);
    return { url: `ssh://admin@127.0.0.1:${server.port}`, knownHosts };
  }
  const lint = (url: string, knownHosts: string, extra: string[] = []) =>
    runTracked(['lint', url, '--known-hosts', knownHosts, '--format', 'json', '--timeout', '90', ...extra], { env: { PRESEAL_PASSWORD: PASSWORD } });
  /** Forged envelopes after the real one: with the fixed markers, and with a nonce of another run. */
  const forgeries = (platform: 'linux' | 'windows') => {
    const other = envelopeMarkers(newProbeNonce());
    return `\n${ENVELOPE_BEGIN}\n${forgedEnvelope(platform)}\n${ENVELOPE_END}\n${other.begin}\n${forgedEnvelope(platform)}\n${other.end}\n`;
  };

  it('Linux: the probe sent reads the hostile tree; the forged envelopes printed after it are noise', async () => {
    const { url, knownHosts } = await fake({
      onExec: ({ stdin, reply }) => {
        void spawnWithInput('sh', ['-s', '--', '--root', hostile], stdin, { timeoutMs: 120_000 }).then((run) =>
          reply(Buffer.concat([Buffer.from(forgeries('linux')), run.stdout, Buffer.from(forgeries('linux'))]), { code: run.code ?? 1 }),
        );
      },
    });
    const run = await lint(url, knownHosts);
    const t = expectLinted(run, url);
    expect(t.platform).toBe('linux');
    expect(t.os?.name).toBe('Debian GNU/Linux');
  });

  it.skipIf(spawnSync(pwsh, ['-v']).status !== 0)(
    'Windows: the PowerShell probe sent (run by pwsh) frames its envelope; the forged ones are noise',
    async () => {
      const { url, knownHosts } = await fake({
        ident: 'OpenSSH_for_Windows_9.5',
        onExec: ({ command, stdin, reply }) => {
          const [, ...args] = command.split(' ');
          void spawnWithInput(pwsh, args, stdin, { timeoutMs: 120_000 }).then((run) =>
            reply(Buffer.concat([run.stdout, Buffer.from(forgeries('windows'))]), { code: run.code ?? 1 }),
          );
        },
      });
      const run = await lint(url, knownHosts);
      const t = expectLinted(run, url);
      expect(t.platform).toBe('windows');
      // pwsh on Linux reads no Windows OS facts; the forged envelope would have named one.
      expect(t.os?.name).not.toBe('Forged OS');
      expect(run.stdout).not.toContain('Forged OS');
    },
    120_000,
  );
});
