import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ENVELOPE_BEGIN, ENVELOPE_END, envelopeMarkers } from '../../src/facts/envelope.js';
import { framedFor, probeNonce, reframe, startFakeSsh, startSilentListener, type ExecContext, type FakeSsh } from '../helpers/fake-ssh.js';
import { expectLinted, fakeSshSuite, expectNotLinted, runTracked, stderrLines, type TrackedRun } from './helpers.js';

/**
 * Faults of a remote end, injected with a scripted SSH server and checked through the built CLI:
 * each ends in exit 3 with one line naming the target and the step, a JSON report whose target has
 * its error set and no results, and no process left; or, where the facts are whole, in a lint.
 */
const PASSWORD = 'fault-injection-password';
const MiB = 1024 * 1024;

let tmp: string;
/** The real Linux probe's output for a clean root tree: what a healthy target prints. */
let valid: Buffer;
const servers: FakeSsh[] = [];

fakeSshSuite('preseal-faults-', servers, (s) => {
  ({ tmp, valid } = s);
});

async function fake(
  onExec: (ctx: ExecContext) => void,
  extra: Parameters<typeof startFakeSsh>[0] = {},
): Promise<{ server: FakeSsh; url: string; knownHosts: string }> {
  const server = await startFakeSsh({ password: PASSWORD, onExec, ...extra });
  servers.push(server);
  const knownHosts = join(tmp, `known_hosts_${server.port}`);
  server.writeKnownHosts(knownHosts);
  return { server, url: `ssh://admin@127.0.0.1:${server.port}`, knownHosts };
}

function lint(url: string, knownHosts: string, timeoutSeconds = 20, extra: string[] = []): Promise<TrackedRun> {
  return runTracked(['lint', url, '--known-hosts', knownHosts, '--format', 'json', '--timeout', String(timeoutSeconds), ...extra], {
    env: { PRESEAL_PASSWORD: PASSWORD },
  });
}

/** The valid envelope's JSON text, to be bent. */
function envelopeJson(): Record<string, unknown> {
  const text = valid.toString('utf8');
  return JSON.parse(text.slice(text.indexOf(ENVELOPE_BEGIN) + ENVELOPE_BEGIN.length, text.indexOf(ENVELOPE_END))) as Record<string, unknown>;
}

describe.concurrent('the connection drops', () => {
  it('during the SSH handshake, before authentication', async () => {
    // A listener that accepts and cuts at once: no identification line ever comes.
    const { createServer } = await import('node:net');
    const net = createServer((s) => s.destroy());
    const port = await new Promise<number>((r) => net.listen(0, '127.0.0.1', () => r((net.address() as { port: number }).port)));
    try {
      const knownHosts = join(tmp, 'kh-cut');
      writeFileSync(knownHosts, '');
      const url = `ssh://admin@127.0.0.1:${port}`;
      expectNotLinted(await lint(url, knownHosts), url, 'connect', /closed the connection/);
    } finally {
      net.close();
    }
  });

  it('after authentication, before the probe runs', async () => {
    const { server, url, knownHosts } = await fake(() => {}, { onReady: (_c, socket) => socket.destroy() });
    const run = await lint(url, knownHosts);
    expect(server.passwordAccepted).toBe(true);
    expect(server.execs).toEqual([]);
    expectNotLinted(run, url, 'probe', /connection (closed|was lost)/);
  });

  it('in the middle of the probe output', async () => {
    const { url, knownHosts } = await fake(({ channel, socket, stdin }) => {
      channel.write(reframe(valid, stdin).subarray(0, Math.floor(valid.length / 2)), () => socket.destroy());
    });
    expectNotLinted(await lint(url, knownHosts), url, 'probe', /connection (closed|was lost)/);
  });

  it('after the whole envelope was sent but before the channel closed', async () => {
    const { url, knownHosts } = await fake(({ channel, socket, stdin }) => {
      channel.write(reframe(valid, stdin), () => {
        channel.exit(0);
        setTimeout(() => socket.destroy(), 50);
      });
    });
    // Without the channel's close the client cannot know the output was whole: fail closed.
    expectNotLinted(await lint(url, knownHosts), url, 'probe', /connection (closed|was lost)/);
  });
});

describe.concurrent('the server stalls or floods', () => {
  it('a TCP listener that never speaks SSH: the --timeout fires and the run ends', async () => {
    const silent = await startSilentListener();
    try {
      const knownHosts = join(tmp, 'kh-silent');
      writeFileSync(knownHosts, '');
      const url = `ssh://admin@127.0.0.1:${silent.port}`;
      const run = await lint(url, knownHosts, 2);
      expectNotLinted(run, url, 'connect', /no SSH handshake .* within 2 s/);
      expect(silent.connections()).toBe(1);
      // Bounded, not benchmarked: the 2 s limit and process start-up, far from the 60 s a hang would reach.
      expect(run.elapsedMs).toBeLessThan(40_000);
    } finally {
      await silent.stop();
    }
  });

  it('a probe that never answers: the --timeout fires and the run ends', async () => {
    const { server, url, knownHosts } = await fake(() => {});
    // Long enough for the handshake on a loaded machine, so that the limit is met in the probe.
    const run = await lint(url, knownHosts, 8);
    expect(server.execs).toEqual(['echo preseal-shell-started; sh -s --']);
    expectNotLinted(run, url, 'probe', /no result within 8 s/);
    expect(run.elapsedMs).toBeLessThan(40_000);
  });

  it('output that never ends (a trickle that stays under the cap) is stopped by the --timeout', async () => {
    const { url, knownHosts } = await fake(({ channel }) => {
      const line = Buffer.from(`${'motd '.repeat(200)}\n`);
      const timer = setInterval(() => {
        if (channel.destroyed) clearInterval(timer);
        else channel.write(line);
      }, 10);
      channel.on('close', () => clearInterval(timer));
    });
    const run = await lint(url, knownHosts, 8);
    expectNotLinted(run, url, 'probe', /no result within 8 s/);
    expect(run.elapsedMs).toBeLessThan(40_000);
  });

  it('output far larger than any probe is capped with a clear error', async () => {
    const { url, knownHosts } = await fake(({ channel }) => {
      const chunk = Buffer.alloc(MiB, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && !channel.destroyed) {
          sent++;
          if (!channel.write(chunk)) return void channel.once('drain', pump);
        }
        if (!channel.destroyed) {
          channel.exit(0);
          channel.end();
        }
      };
      pump();
    });
    expectNotLinted(await lint(url, knownHosts, 60), url, 'probe', /printed more than \d+ bytes/);
  });

  it('a flood on stderr counts against the same cap', async () => {
    const { url, knownHosts } = await fake(({ channel }) => {
      const chunk = Buffer.alloc(MiB, 0x62);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && !channel.destroyed) {
          sent++;
          if (!channel.stderr.write(chunk)) return void channel.stderr.once('drain', pump);
        }
        if (!channel.destroyed) {
          channel.exit(0);
          channel.end();
        }
      };
      pump();
    });
    expectNotLinted(await lint(url, knownHosts, 60), url, 'probe', /printed more than \d+ bytes/);
  });
});

describe.concurrent('hostile or broken output', () => {
  const cutShort = (stdin: Buffer) => {
    const whole = reframe(valid, stdin);
    return whole.subarray(0, whole.indexOf(envelopeMarkers(probeNonce(stdin)).end) - 100);
  };
  const cases: { name: string; stdout: (stdin: Buffer) => Buffer | string; stderr?: string; code?: number; message: RegExp }[] = [
    {
      name: 'garbage with no envelope',
      stdout: () => 'Segmentation fault (core dumped)\n\x00\x01\x02 random text\n',
      code: 139,
      message: /printed no facts.*exit status 139/,
    },
    {
      name: 'nothing at all, with a shell error on stderr',
      stdout: () => '',
      stderr: 'sh: 1: cannot open /dev/null: Permission denied\n',
      code: 2,
      message: /printed no facts.*stderr: sh: 1: cannot open/,
    },
    {
      name: 'bytes that are not UTF-8, no envelope',
      stdout: () => Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0a]),
      message: /printed no facts/,
    },
    { name: 'an envelope cut short (no end marker)', stdout: cutShort, message: /cut short/ },
    { name: 'truncated JSON between whole markers', stdout: (i) => framedFor(i, JSON.stringify(envelopeJson()).slice(0, 500)), message: /invalid JSON/ },
    {
      name: 'JSON of another schema version',
      stdout: (i) => framedFor(i, JSON.stringify({ ...envelopeJson(), schemaVersion: 99 })),
      message: /written by a newer preseal \(schema 99\)/,
    },
    { name: 'JSON that is not an object', stdout: (i) => framedFor(i, '["schemaVersion", 1]'), message: /not a JSON object/ },
    {
      name: 'an envelope for an unknown platform',
      stdout: (i) => framedFor(i, JSON.stringify({ ...envelopeJson(), platform: 'solaris' })),
      message: /malformed/,
    },
    {
      name: 'facts that are not UTF-8 inside the JSON',
      stdout: (i) =>
        framedFor(
          i,
          Buffer.concat([
            Buffer.from('{"schemaVersion":2,"platform":"linux","facts":{"os":{"name":"'),
            Buffer.from([0xc3, 0x28]),
            Buffer.from('"}}'),
            Buffer.from([0xff]),
          ]),
        ),
      message: /invalid JSON/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: exit 3, probe step`, async () => {
      const { url, knownHosts } = await fake(({ reply, stdin }) => reply(c.stdout(stdin), { ...(c.stderr ? { stderr: c.stderr } : {}), code: c.code ?? 0 }));
      expectNotLinted(await lint(url, knownHosts), url, 'probe', c.message);
    });
  }

  it('banners, MOTD and noise that is not UTF-8 around the envelope do no harm', async () => {
    const motd = Buffer.concat([
      Buffer.from('Welcome to Ubuntu 22.04.4 LTS (GNU/Linux 6.5.0-1016-azure x86_64)\n\n * Documentation:  https://help.ubuntu.com\n'),
      Buffer.from([0xe9, 0x74, 0xe9, 0x0a, 0xff, 0x0a]),
      Buffer.from('{"schemaVersion": 1, "platform": "linux"} <- not facts\n'),
    ]);
    const { url, knownHosts } = await fake(({ reply, stdin }) =>
      reply(Buffer.concat([motd, reframe(valid, stdin), Buffer.from('logout\n'), Buffer.from([0xfe, 0x0a])]), { stderr: 'stdin: is not a tty\n' }),
    );
    const baseline = await fake(({ reply, stdin }) => reply(reframe(valid, stdin)));
    const noisy = expectLinted(await lint(url, knownHosts), url);
    const clean = expectLinted(await lint(baseline.url, baseline.knownHosts), baseline.url);
    // The noise changed nothing: the same results, rule for rule.
    expect(noisy.results.map((r) => [r.ruleId, r.status])).toEqual(clean.results.map((r) => [r.ruleId, r.status]));
  });

  // A probe that printed whole facts and then failed is not linted (test/hostile/ssh-probe-exit.test.ts has every case).
  it('a valid envelope with a non-zero exit: exit 3, probe step', async () => {
    const { url, knownHosts } = await fake(({ reply, stdin }) => reply(reframe(valid, stdin), { stderr: 'find: /proc/1/fd: Permission denied\n', code: 1 }));
    expectNotLinted(await lint(url, knownHosts), url, 'probe', /did not end cleanly \(exit status 1\).*stderr: find: \/proc\/1\/fd/);
  });

  it('a valid envelope from a probe killed by a signal: exit 3, probe step', async () => {
    const { url, knownHosts } = await fake(({ channel, stdin }) => {
      channel.write(reframe(valid, stdin), () => {
        channel.exit('KILL', false, 'killed');
        channel.end();
      });
    });
    expectNotLinted(await lint(url, knownHosts), url, 'probe', /did not end cleanly \(killed by SIGKILL\)/);
  });

  it('a group whose facts do not match their schema makes its rules unknown, never pass', async () => {
    const env = envelopeJson();
    const facts = env['facts'] as Record<string, unknown>;
    facts['machineId'] = { hostile: '"; rm -rf /' };
    const { url, knownHosts } = await fake(({ reply, stdin }) => reply(framedFor(stdin, JSON.stringify(env))));
    const run = await lint(url, knownHosts);
    expect(run.code, run.stderr).toBe(1);
    const t = expectLinted(run, url);
    const readers = new Set(rules.filter((r) => (r.facts as readonly string[]).includes('machineId')).map((r) => r.id));
    const fromMachineId = t.results.filter((r) => readers.has(r.ruleId));
    expect(fromMachineId.length).toBeGreaterThan(0);
    for (const r of fromMachineId) expect(r.status, r.ruleId).toBe('unknown');
  });

  const deepBody = () => {
    const depth = 100_000;
    return JSON.stringify(envelopeJson()).replace('"facts":{', `"facts":{"zzDeep":${'['.repeat(depth)}${']'.repeat(depth)},`);
  };

  it('deeply nested JSON in a group preseal does not know does not crash lint', async () => {
    const { url, knownHosts } = await fake(({ reply, stdin }) => reply(framedFor(stdin, deepBody())));
    const run = await lint(url, knownHosts);
    expect([0, 1, 3], run.stderr).toContain(run.code);
    expect(run.stderr).not.toMatch(/^\s+at .*[(:]\d+/m);
    expect(run.stderr).not.toMatch(/RangeError|Maximum call stack/);
  });

  it('deeply nested JSON in a group preseal does not know does not crash collect', async () => {
    const { url, knownHosts } = await fake(({ reply, stdin }) => reply(framedFor(stdin, deepBody())));
    const out = join(tmp, 'deep.json');
    const run = await runTracked(['collect', url, '--known-hosts', knownHosts, '--timeout', '20', '-o', out], { env: { PRESEAL_PASSWORD: PASSWORD } });
    expect([0, 3], run.stderr).toContain(run.code);
    expect(run.stderr).not.toMatch(/^\s+at .*[(:]\d+/m);
    expect(run.stderr).not.toMatch(/RangeError|Maximum call stack/);
  });
});

describe('preseal collect', () => {
  it('a target that cannot be read: exit 3, one line naming the target and the step, no file written', async () => {
    const { url, knownHosts } = await fake(({ reply }) => reply('no facts here\n'));
    const out = join(tmp, 'not-written.json');
    const run = await runTracked(['collect', url, '--known-hosts', knownHosts, '--timeout', '20', '-o', out], { env: { PRESEAL_PASSWORD: PASSWORD } });
    expect(run.code, run.stderr).toBe(3);
    const lines = stderrLines(run.stderr);
    expect(lines[0]).toMatch(new RegExp(`^preseal: ${url.replace(/[.]/g, '\\.')}: probe: the probe printed no facts`));
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(existsSync(out)).toBe(false);
  });
});
