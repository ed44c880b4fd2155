import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reframe, startFakeSsh, type ExecContext, type FakeSsh } from '../helpers/fake-ssh.js';
import { expectLinted, fakeSshSuite, expectNotLinted, runTracked } from '../reliability/helpers.js';

/**
 * A whole, valid envelope from a probe that did not end cleanly (issue 19, item 14): a non-zero
 * exit status, killed by a signal, or (SSH only) no exit status at all. The real probe exits 0 once
 * it printed its envelope, so such a run was cut short or was not the probe: the target is not
 * linted (exit 3, probe step, design.md "probe failure"), and `collect` writes no facts file.
 */
const PASSWORD = 'probe-exit-password';

let tmp: string;
let root: string;
let valid: Buffer;
const servers: FakeSsh[] = [];

fakeSshSuite('preseal-probe-exit-', servers, (s) => {
  ({ tmp, root, valid } = s);
});

describe.concurrent('over SSH: the envelope of this run, then a failed end', () => {
  async function fake(onExec: (ctx: ExecContext) => void): Promise<{ url: string; knownHosts: string }> {
    const server = await startFakeSsh({ password: PASSWORD, onExec });
    servers.push(server);
    const knownHosts = join(tmp, `known_hosts_${server.port}`);
    server.writeKnownHosts(knownHosts);
    return { url: `ssh://admin@127.0.0.1:${server.port}`, knownHosts };
  }
  const ends: { name: string; end: (ctx: ExecContext) => void; says: RegExp }[] = [
    { name: 'a non-zero exit status', end: ({ reply, stdin }) => reply(reframe(valid, stdin), { code: 2 }), says: /did not end cleanly \(exit status 2\)/ },
    {
      name: 'killed by a signal',
      end: ({ channel, stdin }) =>
        channel.write(reframe(valid, stdin), () => {
          channel.exit('TERM', false, 'terminated');
          channel.end();
        }),
      says: /did not end cleanly \(killed by SIGTERM\)/,
    },
    {
      name: 'no exit status at all',
      end: ({ channel, stdin }) => channel.write(reframe(valid, stdin), () => channel.end()),
      says: /did not end cleanly \(no exit status\)/,
    },
  ];
  for (const c of ends) {
    it(`${c.name}: lint exits 3 at the probe step, collect writes nothing`, async () => {
      const { url, knownHosts } = await fake(c.end);
      const env = { PRESEAL_PASSWORD: PASSWORD };
      expectNotLinted(await runTracked(['lint', url, '--known-hosts', knownHosts, '--format', 'json', '--timeout', '30'], { env }), url, 'probe', c.says);
      // --allow-unknown cannot let it through either: there are no results, only the target error.
      const allowing = await runTracked(
        ['lint', url, '--known-hosts', knownHosts, '--format', 'json', '--timeout', '30', '--allow-unknown', '--fail-on', 'none'],
        { env },
      );
      expect(allowing.code, allowing.stderr).toBe(3);
      const out = join(tmp, `facts-${url.replace(/\W/g, '_')}.json`);
      const collected = await runTracked(['collect', url, '--known-hosts', knownHosts, '--timeout', '30', '-o', out], { env });
      expect(collected.code, collected.stderr).toBe(3);
      expect(collected.stderr).toMatch(c.says);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('the same envelope with exit status 0 is linted (the control)', async () => {
    const { url, knownHosts } = await fake(({ reply, stdin }) => reply(reframe(valid, stdin), { code: 0 }));
    const t = expectLinted(
      await runTracked(['lint', url, '--known-hosts', knownHosts, '--format', 'json', '--timeout', '30'], { env: { PRESEAL_PASSWORD: PASSWORD } }),
      url,
    );
    expect(t.os?.name).toBe('Debian GNU/Linux');
  });
});

describe.concurrent('local (root:): the real probe runs, then its shell fails', () => {
  /** A folder with an `sh` that runs the real /bin/sh on the probe, then ends as `tail` says. */
  function fakeShell(name: string, tail: string): string {
    const bin = join(tmp, `bin-${name}`);
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'sh'), `#!/bin/sh\n/bin/sh "$@"\n${tail}\n`);
    chmodSync(join(bin, 'sh'), 0o755);
    return bin;
  }
  const ends: { name: string; tail: string; says: RegExp }[] = [
    { name: 'a non-zero exit status', tail: 'exit 1', says: /did not end cleanly \(exit status 1\)/ },
    { name: 'killed by a signal', tail: 'kill -KILL $$', says: /did not end cleanly \(killed by SIGKILL\)/ },
  ];
  for (const c of ends) {
    it(`${c.name}: exit 3 at the probe step`, async () => {
      const bin = fakeShell(c.name.replace(/\W/g, '_'), c.tail);
      const target = `root:${root}`;
      const run = await runTracked(['lint', target, '--format', 'json'], { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` } });
      expectNotLinted(run, target, 'probe', c.says);
    });
  }

  it('the same shell ending with exit 0 is linted (the control)', async () => {
    const bin = fakeShell('clean', 'exit 0');
    const target = `root:${root}`;
    const t = expectLinted(await runTracked(['lint', target, '--format', 'json'], { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` } }), target);
    expect(t.os?.name).toBe('Debian GNU/Linux');
  });
});
