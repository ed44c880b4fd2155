import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { findSshd, skipWithout } from '../helpers/real.js';
import { startSshd, type Sshd } from '../helpers/sshd.js';

const skip = skipWithout(findSshd(), 'fleet tests over real sshd');

describe.skipIf(skip)('a fleet of real loopback sshd targets, one of them down', () => {
  const servers: Sshd[] = [];
  let knownHosts = '';
  let identity = '';

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) servers.push(await startSshd({ extraConfig: ['MaxStartups 100', 'MaxSessions 100'] }));
    // One key in every authorized_keys and every host key in one known_hosts, as a real fleet has.
    const first = servers[0] as Sshd;
    identity = first.userKeyPath;
    for (const s of servers.slice(1)) writeFileSync(`${s.dir}/authorized_keys`, `${first.userPublicKey}\n`);
    knownHosts = first.file('known_hosts', `${servers.map((s) => s.knownHostsLine).join('\n')}\n`);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('lints every target from an inventory, reports the down one as not linted, exits 3', async () => {
    const [a, b, c] = servers as [Sshd, Sshd, Sshd];
    const inventory = a.file(
      'hosts.ini',
      [
        '[images]',
        `vm-a ansible_host=127.0.0.1 ansible_port=${a.port} ansible_user=${a.user}`,
        `vm-b ansible_host=127.0.0.1 ansible_port=${b.port} ansible_user=${b.user}`,
        '[broken]',
        `vm-down ansible_host=127.0.0.1 ansible_port=1 ansible_user=${a.user}`,
        '',
      ].join('\n'),
    );
    const run = await runCli([
      'lint',
      '--inventory',
      inventory,
      `ssh://${c.user}@127.0.0.1:${c.port}`,
      '--identity',
      identity,
      '--known-hosts',
      knownHosts,
      '--format',
      'json',
      '--concurrency',
      '2',
      '--timeout',
      '60',
    ]);
    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout);
    // Command-line targets first, then the inventory's, in the order given, whatever finished first.
    expect(report.targets.map((t: { target: string }) => t.target)).toEqual([
      `ssh://${c.user}@127.0.0.1:${c.port}`,
      `ssh://${a.user}@127.0.0.1:${a.port}`,
      `ssh://${b.user}@127.0.0.1:${b.port}`,
      `ssh://${a.user}@127.0.0.1:1`,
    ]);
    const [tc, ta, tb, down] = report.targets;
    for (const t of [tc, ta, tb]) {
      expect(t.error, JSON.stringify(t.error)).toBeNull();
      expect(t.platform).toBe('linux');
      expect(t.results.length).toBeGreaterThan(10);
    }
    expect(down.error.step).toBe('connect');
    expect(down.results).toEqual([]);
    expect(report.summary.targets).toBe(4);
    // One probe round trip per target: exactly one exec channel on each server.
    expect(servers.map((s) => s.execRequests())).toEqual([1, 1, 1]);
  });

  it('--limit picks a group; pretty output streams each target and ends with a table', async () => {
    const [a, b] = servers as [Sshd, Sshd];
    const inventory = a.file(
      'inv.yaml',
      [
        'targets:',
        `  - { host: 127.0.0.1, port: ${a.port}, user: ${a.user}, groups: [web] }`,
        `  - { host: 127.0.0.1, port: ${b.port}, user: ${b.user}, groups: [db] }`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['lint', '--inventory', inventory, '--limit', 'db', '--identity', identity, '--known-hosts', knownHosts, '--fail-on', 'none']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`ssh://${b.user}@127.0.0.1:${b.port}`);
    expect(run.stdout).not.toContain(`:${a.port}`);
    const many = await runCli(['lint', '--inventory', inventory, '--identity', identity, '--known-hosts', knownHosts, '--fail-on', 'none']);
    expect(many.stdout).toMatch(/^ {2}target +platform +failed +unknown +passed +time +status$/m);
    // Nothing on stderr when it is not a terminal: no progress line in pipeline logs.
    expect(many.stderr).toBe('');
  });
});
