import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactsEnvelope } from '../../src/facts/envelope.js';
import { linuxFacts } from '../../src/facts/linux/index.js';
import { reportFromFacts } from '../../src/lint.js';
import { linuxProbeScript } from '../../src/probes/assemble.js';
import { envelopeFromRun } from '../../src/probes/run.js';
import type { AnyRule } from '../../src/engine/define.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { cleanTree, linuxRules, makeRoot, removeRoot, result } from './trees.js';

async function probe(root: string, command: string, args: string[]): Promise<FactsEnvelope> {
  const run = await spawnWithInput(command, [...args, '-s', '--', '--root', root], linuxProbeScript(), { timeoutMs: 60_000 });
  return envelopeFromRun(`root:${root}`, run, '2024-01-01T00:00:00Z');
}

let rules: AnyRule[];
const roots: string[] = [];
beforeAll(async () => {
  rules = await linuxRules();
});
afterAll(() => roots.forEach(removeRoot));

describe('busybox sh', () => {
  const busybox = ['/usr/bin/busybox', '/bin/busybox'].find((p) => existsSync(p));
  it.skipIf(!busybox)(
    'gives the same facts as dash',
    async () => {
      const root = makeRoot({ 'home/builder/.bash_history': 'x\n', 'etc/fstab': '/dev/sda1 / ext4 defaults 0 1\n', 'etc/hosts': '10.0.0.4 vm\n' });
      roots.push(root);
      const viaDash = await probe(root, 'dash', []);
      const viaBusybox = await probe(root, busybox as string, ['sh']);
      const pick = (e: FactsEnvelope) => Object.fromEntries(Object.keys(linuxFacts).map((k) => [k, e.facts[k] ?? e.errors[k] ?? e.notApplicable[k]]));
      expect(pick(viaBusybox)).toEqual(pick(viaDash));
      expect(Object.keys(linuxFacts).filter((k) => k in viaBusybox.errors)).toEqual([]);
    },
    60_000,
  );
});

describe('as a user that is not root', () => {
  // As root, drop to nobody with setpriv(1); as any other user, run as that user.
  const isRoot = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const skip = isRoot && !setpriv;
  if (skip) console.warn('skipping the non-root probe test: running as root without setpriv(1) to drop to nobody');
  it.skipIf(skip)(
    'reports what it could not read as needing root, and the rules go unknown, never pass',
    async () => {
      const root = makeRoot({
        'etc/shadow': { mode: 0o000, content: cleanTree['etc/shadow'] as string },
        'etc/sudoers': { mode: 0o000, content: cleanTree['etc/sudoers'] as string },
        'home/alice/.bash_history': 'ls\n',
        'etc/NetworkManager/system-connections/eth0.nmconnection': {
          mode: 0o000,
          content: '[connection]\nid=eth0\n[ipv4]\nmethod=manual\naddress1=10.0.0.9/24\n',
        },
      });
      chmodSync(join(root, 'home/alice'), 0o000);
      chmodSync(join(root, 'root'), 0o000);
      chmodSync(join(root, 'boot/efi'), 0o000);
      mkdirSync(join(root, 'var/log/private'));
      chmodSync(join(root, 'var/log/private'), 0o000);
      try {
        const envelope = isRoot
          ? await probe(root, setpriv as string, ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh'])
          : await probe(root, 'sh', []);
        expect(envelope.errors['passwordHashes']).toMatch(/\/etc\/shadow.*needs root/);
        expect(envelope.errors['sudoersEntries']).toMatch(/\/etc\/sudoers.*needs root/);
        const report = reportFromFacts(
          `root:${root}`,
          envelope,
          { rules, config: {}, selection: { only: [], skip: [] }, settings: { generalizer: 'none', cloud: 'azure' } },
          0,
        );
        for (const id of ['L041', 'L042', 'L043', 'L047']) expect(result(report, id).status, id).toBe('unknown');
        for (const id of ['L044', 'L045', 'L046'])
          expect(result(report, id)).toMatchObject({ status: 'unknown', reason: expect.stringContaining('/home/alice') });
        for (const id of ['L049', 'L050']) {
          expect(result(report, id)).toMatchObject({
            status: 'unknown',
            reason: expect.stringContaining('/etc/NetworkManager/system-connections/eth0.nmconnection'),
          });
        }
        expect(result(report, 'L079')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('/root') });
        expect(result(report, 'L067')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('/boot/efi') });
        expect(result(report, 'L068').status).toBe('pass');
        expect(result(report, 'L072')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('/var/log/private') });
      } finally {
        for (const d of ['var/log/private', 'root', 'boot/efi']) chmodSync(join(root, d), 0o755);
        chmodSync(join(root, 'home/alice'), 0o755);
        removeRoot(root);
      }
    },
    60_000,
  );
});

describe('live-only facts', () => {
  it.skipIf(process.platform !== 'linux')(
    'on this machine: the running kernel and /proc/cmdline are read; offline they are absent',
    async () => {
      const { release } = await import('node:os');
      const { readFileSync } = await import('node:fs');
      const run = await spawnWithInput('sh', ['-s', '--'], linuxProbeScript(), { timeoutMs: 120_000 });
      const live = envelopeFromRun('local', run, '2024-01-01T00:00:00Z');
      expect(live.facts['rebootState']).toMatchObject({ running: release() });
      expect((live.facts['kernelCmdline'] as { running?: string }).running).toBe(readFileSync('/proc/cmdline', 'utf8').trim());
      const root = makeRoot();
      roots.push(root);
      const offline = await probe(root, 'sh', []);
      expect(offline.notApplicable['rebootState']).toContain('running system');
      expect(offline.facts['kernelCmdline']).not.toHaveProperty('running');
    },
    120_000,
  );
});
