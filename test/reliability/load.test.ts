import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSsh, startSilentListener, type FakeSsh } from '../helpers/fake-ssh.js';
import { findSshd, skipWithout } from '../helpers/real.js';
import { startSshd, type Sshd } from '../helpers/sshd.js';
import { cleanSpec, makeTree, OS_RELEASE, removeTree } from '../linux/trees.js';
import { ensureBuilt, jsonReport, runTracked } from './helpers.js';

/**
 * Fifty targets at --concurrency 16: forty-five real ones (real sshd, each instance running the
 * real probe on its own root tree through ForceCommand, so every machine has facts of its own) and
 * five that fail in five ways. Each target must get its own status and its own facts.
 */
const MACHINES = 3;
const REAL = 45;

const skip = skipWithout(findSshd(), 'the 50-target load test');

describe.skipIf(skip)('fifty targets at --concurrency 16', () => {
  let tmp: string;
  const trees: string[] = [];
  const daemons: Sshd[] = [];
  const fakes: FakeSsh[] = [];

  afterAll(async () => {
    await Promise.all([...daemons.map((d) => d.stop()), ...fakes.map((f) => f.stop())]);
    for (const t of trees) removeTree(t);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'preseal-load-'));
    for (let m = 0; m < MACHINES; m++) {
      // Machine m: its own OS version and machine-id, so that a report cannot be mistaken.
      const tree = makeTree({
        ...cleanSpec(),
        'usr/lib/os-release': OS_RELEASE.replace('VERSION_ID="12"', `VERSION_ID="12.${m}"`),
        'etc/machine-id': m === 0 ? '' : `${String(m).repeat(32)}\n`,
      });
      trees.push(tree);
      daemons.push(await startSshd({ extraConfig: [`ForceCommand /bin/sh -s -- --root ${tree}`] }));
    }
  }, 300_000);

  it('gives every target its own correct status, nothing mixed, and exits 3', async () => {
    const hostKeyLines: string[] = daemons.map((d) => d.knownHostsLine);
    const hosts: string[] = [];
    const inventory: { target: string }[] = [];
    const expected = new Map<string, { machine: number } | { step: string }>();

    for (let i = 0; i < REAL; i++) {
      const m = i % MACHINES;
      const d = daemons[m] as Sshd;
      const name = `vm-${String(i).padStart(2, '0')}`;
      hosts.push(`Host ${name}\n  HostName 127.0.0.1\n  Port ${d.port}\n  User ${d.user}\n  IdentityFile ${d.userKeyPath}\n`);
      inventory.push({ target: name });
      expected.set(name, { machine: m });
    }

    const garbage = await startFakeSsh({ onExec: ({ reply }) => reply('Last login: Mon Nov 24 09:12:01 2026\n{"schemaVersion":1}\n', { code: 0 }) });
    const stall = await startFakeSsh({ onExec: () => {} });
    const auth = await startFakeSsh({ password: 'nobody-knows-it' });
    const badKey = await startFakeSsh({ onExec: ({ reply }) => reply('must never run\n') });
    fakes.push(garbage, stall, auth, badKey);
    hostKeyLines.push(garbage.knownHostsLine, stall.knownHostsLine, auth.knownHostsLine);
    hostKeyLines.push(`[127.0.0.1]:${badKey.port} ssh-ed25519 ${ssh2.utils.generateKeyPairSync('ed25519').public.trim().split(/\s+/)[1]}`);
    const key = (daemons[0] as Sshd).userKeyPath;
    const failing: [string, number, string, { identity?: string }][] = [
      ['bad-refused', 1, 'connect', {}],
      ['bad-hostkey', badKey.port, 'host-key', { identity: key }],
      ['bad-auth', auth.port, 'authenticate', {}],
      ['bad-garbage', garbage.port, 'probe', { identity: key }],
      ['bad-timeout', stall.port, 'probe', { identity: key }],
    ];
    for (const [name, port, step, extra] of failing) {
      hosts.push(`Host ${name}\n  HostName 127.0.0.1\n  Port ${port}\n  User root\n${extra.identity ? `  IdentityFile ${extra.identity}\n` : ''}`);
      expected.set(name, { step });
      // Spread among the real ones, so failures and successes run side by side.
      inventory.splice(Math.floor(((failing.findIndex((f) => f[0] === name) + 1) * inventory.length) / 6), 0, { target: name });
    }
    expect(inventory).toHaveLength(50);

    const config = join(tmp, 'ssh_config');
    writeFileSync(config, hosts.join('\n'));
    const knownHosts = join(tmp, 'known_hosts');
    writeFileSync(knownHosts, `${hostKeyLines.join('\n')}\n`);
    // Bare names that the ssh config resolves; one --timeout for all, which the stalled target meets.
    const run = await runTracked(
      [
        'lint',
        ...inventory.map((t) => t.target),
        '--timeout',
        '30',
        '--known-hosts',
        knownHosts,
        '--concurrency',
        '16',
        '--format',
        'json',
        '--allow-unknown',
        '--fail-on',
        'none',
      ],
      {
        env: { PRESEAL_SSH_CONFIG: config },
        killAfterMs: 280_000,
      },
    );
    expect(run.code, run.stderr.slice(0, 3000)).toBe(3);
    expect(run.leftovers).toEqual([]);
    const report = jsonReport(run);
    expect(report.targets.map((t) => t.target)).toEqual(inventory.map((t) => t.target));
    expect(report.summary['targets']).toBe(50);
    expect(report.summary['failedTargets']).toBe(5);

    const problems: string[] = [];
    for (const t of report.targets) {
      const want = expected.get(t.target);
      if (!want) problems.push(`${t.target}: not in the inventory`);
      else if ('step' in want) {
        if (t.error?.step !== want.step) problems.push(`${t.target}: expected a ${want.step} error, got ${JSON.stringify(t.error)}`);
        if (t.results.length) problems.push(`${t.target}: failed yet has results`);
      } else {
        if (t.error) problems.push(`${t.target}: ${t.error.step}: ${t.error.message}`);
        else if (t.os?.version !== `12.${want.machine}`) problems.push(`${t.target}: facts of machine ${t.os?.version}, expected 12.${want.machine}`);
        else {
          // Machine 0 has an empty machine-id, the others a leftover one: the L-rule on it tells them apart.
          const machineId = t.results.filter((r) => r.evidence?.some((e) => e.startsWith('/etc/machine-id')));
          if (want.machine === 0 && machineId.some((r) => r.status === 'fail')) problems.push(`${t.target}: machine-id rule failed on the clean machine`);
          if (want.machine !== 0 && !machineId.some((r) => r.status === 'fail'))
            problems.push(`${t.target}: machine-id rule did not fail on machine ${want.machine}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Each sshd ran exactly one probe per target it serves: none lost, none run twice.
    expect(badKey.execs).toEqual([]);
    expect(stall.execs).toHaveLength(1);
    expect(garbage.execs).toHaveLength(1);
    expect(daemons.map((d) => d.execRequests())).toEqual(daemons.map(() => REAL / MACHINES));
  }, 300_000);

  it('a preseal YAML inventory gives each target its own settings (a per-target timeout here)', async () => {
    const silent = await startSilentListener();
    try {
      const inventoryFile = join(tmp, 'inventory.yaml');
      writeFileSync(inventoryFile, `defaults:\n  timeout: 120\ntargets:\n  - target: ssh://root@127.0.0.1:${silent.port}\n    timeout: 3\n`);
      const kh = join(tmp, 'kh-yaml');
      writeFileSync(kh, '');
      const run = await runTracked(['lint', '--inventory', inventoryFile, '--known-hosts', kh, '--format', 'json'], { killAfterMs: 60_000 });
      expect(run.code, run.stderr).toBe(3);
      expect(jsonReport(run).targets[0]?.error?.message).toMatch(/within 3 s/);
    } finally {
      await silent.stop();
    }
  }, 90_000);
});
