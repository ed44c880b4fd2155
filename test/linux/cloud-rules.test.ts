import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, RuleResult } from '../../src/types.js';
import { reportFromFacts } from '../../src/lint.js';
import { linuxProbeScript } from '../../src/probes/assemble.js';
import { envelopeFromRun } from '../../src/probes/run.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import { ensureBuilt } from '../helpers/build.js';
import { runCli } from '../helpers/cli.js';
import { type Entry, linuxRules, makeRoot, removeRoot, result } from './trees.js';

/**
 * The --cloud aws and --cloud gcp Linux rules (L085–L090, L098) on root trees, through the built CLI.
 * Kernel module indexes are those of real Debian 12 kernels (fixtures/linux/kernels/README.md).
 */

const RULES = ['L085', 'L086', 'L087', 'L088', 'L089', 'L090', 'L098'].flatMap((id) => ['--rule', id]);
const kernels = join(import.meta.dirname, '..', '..', 'fixtures', 'linux', 'kernels');
const index = (version: string, file: 'modules.dep' | 'modules.builtin') => gunzipSync(readFileSync(join(kernels, version, `${file}.gz`))).toString('utf8');
const CLOUD = '6.1.0-56-cloud-amd64';
const GENERIC = '6.1.0-56-amd64';

/** The shipped /etc/initramfs-tools/initramfs.conf of initramfs-tools-core 0.142+deb12u3, its comments left out, MODULES as given. */
const initramfsConf = (modules: string) => `MODULES=${modules}\nBUSYBOX=auto\nKEYMAP=n\nCOMPRESS=zstd\nDEVICE=\nNFSROOT=auto\nRUNSIZE=10%\nFSTYPE=auto\n`;
/** The last lines of dracut's dracut.conf.d/fedora.conf.example, which Fedora installs as /usr/lib/dracut/dracut.conf.d/01-dist.conf. */
const FEDORA_DIST = '# dracut config file customized for RedHat/Fedora.\nhostonly="yes"\nhostonly_cmdline="no"\nearly_microcode="yes"\nreproducible="yes"\n';

/**
 * A kernel in /boot with its real module indexes below `/lib/modules` or, as on a merged-/usr system
 * seen without its /lib link, `/usr/lib/modules`; `without` drops the modules.dep lines of a driver
 * (a kernel built without it).
 */
function kernel(version: string, without?: string, dir = 'lib'): Record<string, Entry> {
  const dep = index(version, 'modules.dep')
    .split('\n')
    .filter((l) => !without || !l.includes(`/${without}.ko`))
    .join('\n');
  return {
    [`boot/vmlinuz-${version}`]: 'kernel',
    [`boot/initrd.img-${version}`]: 'initrd',
    [`${dir}/modules/${version}/modules.builtin`]: index(version, 'modules.builtin'),
    [`${dir}/modules/${version}/modules.dep`]: dep,
  };
}

/** cloud-init installed and enabled (the Debian package's binary and its Local stage unit). */
const cloudInit = (datasourceList: string): Record<string, Entry> => ({
  'usr/bin/cloud-init': { content: '#!/usr/bin/python3\n', mode: 0o755 },
  'lib/systemd/system/cloud-init-local.service': '[Unit]\nDescription=Cloud-init: Local Stage (pre-network)\n',
  'etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': { link: '/lib/systemd/system/cloud-init-local.service' },
  'etc/cloud/cloud.cfg': 'users:\n   - default\n',
  'etc/cloud/cloud.cfg.d/90_dpkg.cfg': `# to update this file, run dpkg-reconfigure cloud-init\ndatasource_list: ${datasourceList}\n`,
});

/** No Azure agent and no /boot kernel of the base tree: each case brings its own. */
const BASE: Record<string, Entry | null> = {
  'boot/vmlinuz-6.1.0-18-amd64': null,
  'boot/initrd.img-6.1.0-18-amd64': null,
};

const roots: string[] = [];
function root(overrides: Record<string, Entry | null>): string {
  const r = makeRoot({ ...BASE, ...overrides });
  roots.push(r);
  return r;
}

async function lint(dir: string, ...args: string[]): Promise<{ code: number | null; byId: Map<string, RuleResult>; cloud: string | undefined }> {
  const run = await runCli(['lint', `root:${dir}`, '--format', 'json', '--generalizer', 'none', ...RULES, ...args]);
  const report = JSON.parse(run.stdout) as Report;
  const target = report.targets[0];
  expect(target?.error ?? null, run.stderr).toBeNull();
  return {
    code: run.code,
    byId: new Map(target?.results.map((r) => [r.ruleId, r])),
    cloud: (target as { settings?: { cloud?: string } } | undefined)?.settings?.cloud,
  };
}

const failing = (r: RuleResult | undefined) => ({ status: r?.status, resources: r?.findings.map((f) => f.resource) });

beforeAll(() => ensureBuilt());
afterAll(() => roots.forEach(removeRoot));

describe('--cloud aws on Linux trees', () => {
  it('fails an image built on another cloud: Azure-only datasource, a hybrid SSM registration, a kernel without ENA and MODULES=dep', async () => {
    const dir = root({
      ...cloudInit('[ Azure ]'),
      'var/lib/amazon/ssm/registration': '{"ManagedInstanceID":"mi-0123456789abcdef0","Region":"eu-west-1"}',
      'var/lib/amazon/ssm/Vault/Manifest': '{"RegistrationKey":"/var/lib/amazon/ssm/Vault/Store/RegistrationKey"}',
      'var/lib/amazon/ssm/Vault/Store/RegistrationKey': { content: '{"instanceId":"mi-0123456789abcdef0","region":"eu-west-1","privateKey":"…"}', mode: 0o600 },
      ...kernel(GENERIC),
      ...kernel(CLOUD, 'ena'),
      'etc/initramfs-tools/initramfs.conf': initramfsConf('dep'),
    });
    const { code, byId } = await lint(dir, '--cloud', 'aws');
    expect(code).toBe(1);
    expect(failing(byId.get('L085'))).toEqual({ status: 'fail', resources: ['/etc/cloud/cloud.cfg.d/90_dpkg.cfg'] });
    expect(byId.get('L085')?.evidence[0]).toContain('[Azure]');
    expect(failing(byId.get('L087'))).toEqual({
      status: 'fail',
      resources: ['/var/lib/amazon/ssm/Vault/Store/RegistrationKey', '/var/lib/amazon/ssm/registration'],
    });
    // The generic kernel has nvme as a module and MODULES=dep leaves it to the build host; the cloud kernel without ena has no network.
    expect(failing(byId.get('L089'))).toEqual({ status: 'fail', resources: ['/etc/initramfs-tools/initramfs.conf', `/lib/modules/${CLOUD}`] });
    expect(byId.get('L089')?.evidence.join('\n')).toMatch(new RegExp(`MODULES=dep .*kernels: ${GENERIC}\\)`));
    expect(byId.get('L089')?.evidence.join('\n')).toContain(`kernel ${CLOUD} has no ena driver`);
    expect(byId.get('L086')?.status).toBe('not-applicable');
    expect(byId.get('L090')?.status).toBe('not-applicable');
    expect(byId.get('L098')?.status).toBe('not-applicable');
  });

  it('passes an AMI-ready tree: Ec2 allowed, no SSM identity, the cloud kernel (nvme built in) and the generic one with MODULES=most', async () => {
    const dir = root({
      ...cloudInit('[ Ec2, None ]'),
      'var/lib/amazon/ssm/Vault/Store': { dir: true },
      ...kernel(CLOUD),
      ...kernel(GENERIC),
      'etc/initramfs-tools/initramfs.conf': initramfsConf('most'),
    });
    const { code, byId } = await lint(dir, '--cloud', 'aws');
    for (const id of ['L085', 'L087', 'L088', 'L089']) expect(byId.get(id)?.status, `${id}: ${byId.get(id)?.message}`).toBe('pass');
    expect(code).toBe(0);
  });

  it('detects aws offline from the datasource cloud-init last ran with', async () => {
    const dir = root({
      ...cloudInit('[ Ec2, None ]'),
      ...kernel(CLOUD),
      'var/lib/cloud/instance': { link: '/var/lib/cloud/instances/i-0a1b2c3d4e5f60718' },
      'var/lib/cloud/instances/i-0a1b2c3d4e5f60718/datasource': 'DataSourceEc2Local: DataSourceEc2Local\n',
    });
    const { byId } = await lint(dir);
    expect(byId.get('L085')?.status).toBe('pass');
    expect(byId.get('L089')?.status).toBe('pass');
    expect(byId.get('L086')?.reason).toContain('cloud: aws');
  });

  it('reads dracut the way dracut does: Fedora\'s hostonly="yes" leaves nvme out unless add_drivers names it', async () => {
    const dracut = {
      'usr/bin/dracut': { content: '#!/bin/bash\n', mode: 0o755 },
      'usr/lib/dracut/dracut.conf.d/01-dist.conf': FEDORA_DIST,
      'etc/initramfs-tools/initramfs.conf': null,
      'usr/sbin/update-initramfs': null,
    };
    const without = await lint(root({ ...cloudInit('[ Ec2 ]'), ...kernel(GENERIC), ...dracut }), '--cloud', 'aws');
    expect(failing(without.byId.get('L089'))).toEqual({ status: 'fail', resources: ['/usr/lib/dracut/dracut.conf.d/01-dist.conf'] });
    const withNvme = await lint(
      root({ ...cloudInit('[ Ec2 ]'), ...kernel(GENERIC), ...dracut, 'etc/dracut.conf.d/nvme.conf': 'add_drivers+=" nvme "\n' }),
      '--cloud',
      'aws',
    );
    expect(withNvme.byId.get('L089')?.status).toBe('pass');
  });

  it('counts nvme listed in a package-shipped /usr/share/initramfs-tools/modules.d file, which mkinitramfs always adds', async () => {
    const dir = root({
      ...cloudInit('[ Ec2 ]'),
      ...kernel(GENERIC),
      'etc/initramfs-tools/initramfs.conf': initramfsConf('dep'),
      'usr/share/initramfs-tools/modules.d/cloud-nvme': '# NVMe for cloud instances\nnvme\n',
    });
    expect((await lint(dir, '--cloud', 'aws')).byId.get('L089')?.status).toBe('pass');
  });

  it('is unknown, not pass, for a kernel whose module indexes are missing', async () => {
    const { byId } = await lint(root({ ...cloudInit('[ Ec2 ]'), 'boot/vmlinuz-6.1.0-56-cloud-amd64': 'kernel' }), '--cloud', 'aws');
    expect(byId.get('L089')?.status).toBe('unknown');
    expect(byId.get('L089')?.reason).toContain(`whether kernel ${CLOUD} has nvme is unknown`);
  });
});

describe('--cloud gcp on Linux trees', () => {
  it('fails an image without the guest environment, with OS Login state and a kernel without gve', async () => {
    const dir = root({
      ...kernel(CLOUD, 'gve', 'usr/lib'),
      'var/lib/google/google_users': 'alice\n',
      'var/google-sudoers.d/alice_example_com': 'alice_example_com ALL=(ALL) NOPASSWD: ALL\n',
      'var/google-users.d/README': '# /var/google-users.d contains per-user sshd configuration for OS Login.\n',
      'etc/oslogin_passwd.cache': 'alice_example_com:*:1234567:1234567::/home/alice_example_com:/bin/bash\n',
    });
    const { code, byId } = await lint(dir, '--cloud', 'gcp');
    expect(code).toBe(1);
    expect(failing(byId.get('L086'))).toEqual({ status: 'fail', resources: ['/usr/bin/google_guest_agent'] });
    expect(failing(byId.get('L088'))).toEqual({
      status: 'fail',
      resources: ['/etc/oslogin_passwd.cache', '/var/google-sudoers.d/alice_example_com', '/var/lib/google/google_users'],
    });
    expect(failing(byId.get('L090'))).toEqual({ status: 'fail', resources: [`/usr/lib/modules/${CLOUD}`] });
    expect(byId.get('L085')?.status).toBe('not-applicable');
    expect(byId.get('L089')?.status).toBe('not-applicable');
  });

  it('fails a generic kernel whose initramfs leaves nvme to the build host, and names the legacy Python guest environment', async () => {
    const dir = root({
      ...kernel(GENERIC),
      'etc/initramfs-tools/initramfs.conf': initramfsConf('dep'),
      // compute-image-packages before 2020: setup.py entry points in /usr/bin, units from google-compute-engine.
      'usr/bin/google_accounts_daemon': { content: '#!/usr/bin/python3\n', mode: 0o755 },
      'usr/bin/google_clock_skew_daemon': { content: '#!/usr/bin/python3\n', mode: 0o755 },
      'lib/systemd/system/google-accounts-daemon.service': '[Service]\nExecStart=/usr/bin/google_accounts_daemon\n',
    });
    const { code, byId } = await lint(dir, '--cloud', 'gcp');
    expect(code).toBe(1);
    expect(failing(byId.get('L098'))).toEqual({ status: 'fail', resources: ['/etc/initramfs-tools/initramfs.conf'] });
    expect(byId.get('L098')?.evidence.join('\n')).toContain(`MODULES=dep and does not list nvme`);
    expect(failing(byId.get('L086'))).toEqual({ status: 'fail', resources: ['/usr/bin/google_accounts_daemon'] });
    expect(byId.get('L086')).toMatchObject({ severity: 'warning', evidence: [expect.stringContaining('legacy Python guest environment')] });
    const fixed = await lint(
      root({
        ...kernel(GENERIC),
        'etc/initramfs-tools/initramfs.conf': initramfsConf('dep'),
        'etc/initramfs-tools/modules': '# List of modules that you want to include in your initramfs.\nnvme\n',
      }),
      '--cloud',
      'gcp',
    );
    expect(fixed.byId.get('L098')?.status).toBe('pass');
  });

  it('passes with the guest agent manager enabled (the unit its package presets) and the cloud kernel', async () => {
    const dir = root({
      ...kernel(CLOUD),
      'usr/bin/google_guest_agent_manager': { content: 'ELF', mode: 0o755 },
      'usr/lib/systemd/system/google-guest-agent-manager.service': '[Service]\nType=notify\nExecStart=/usr/bin/google_guest_agent_manager\n',
      'etc/systemd/system/multi-user.target.wants/google-guest-agent-manager.service': { link: '/usr/lib/systemd/system/google-guest-agent-manager.service' },
      'var/google-users.d/README': '# /var/google-users.d contains per-user sshd configuration for OS Login.\n',
    });
    const { code, byId } = await lint(dir, '--cloud', 'gcp');
    for (const id of ['L086', 'L088', 'L090', 'L098']) expect(byId.get(id)?.status, `${id}: ${byId.get(id)?.message}`).toBe('pass');
    expect(code).toBe(0);
  });

  it('detects gcp offline from the datasource cloud-init last ran with, and names the agent that is installed but not enabled', async () => {
    const dir = root({
      ...kernel(CLOUD),
      'usr/bin/google_guest_agent': { content: 'ELF', mode: 0o755 },
      'lib/systemd/system/google-guest-agent.service': '[Service]\nExecStart=/usr/bin/google_guest_agent\n',
      'var/lib/cloud/instance': { link: '/var/lib/cloud/instances/5812093127465238716' },
      'var/lib/cloud/instances/5812093127465238716/datasource': 'DataSourceGCELocal: DataSourceGCELocal\n',
    });
    const { byId } = await lint(dir);
    expect(failing(byId.get('L086'))).toEqual({ status: 'fail', resources: ['/usr/bin/google_guest_agent'] });
    expect(byId.get('L086')?.evidence[0]).toContain('none of its units is enabled');
    expect(byId.get('L085')?.reason).toContain('cloud: gcp');
  });
});

describe('as a user that is not root', () => {
  // As root, drop to nobody with setpriv(1), as test/linux/probe-shells.test.ts does.
  const isRoot = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const skip = isRoot && !setpriv;
  it.skipIf(skip)(
    'goes unknown, never pass, where the agent folders and the module tree are root-only',
    async () => {
      const dir = root({
        ...kernel(CLOUD),
        // amazon-ssm-agent hardens its vault to root only (fsvault.go: fs.RecursivelyHarden); the guest agent makes /var/google-sudoers.d 0750 (oslogin.go).
        'var/lib/amazon/ssm/Vault/Store/RegistrationKey': 'x',
        'var/lib/amazon/ssm/Vault': { dir: true, mode: 0o700 },
        'var/google-sudoers.d': { dir: true, mode: 0o750 },
        [`lib/modules/${CLOUD}`]: { dir: true, mode: 0o700 },
      });
      const args = isRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh'] : [];
      const run = await spawnWithInput(isRoot ? (setpriv as string) : 'sh', [...args, '-s', '--', '--root', dir], linuxProbeScript(), { timeoutMs: 60_000 });
      const envelope = envelopeFromRun(`root:${dir}`, run, '2024-01-01T00:00:00Z');
      expect(envelope.errors['ssmAgentState']).toMatch(/\/var\/lib\/amazon\/ssm\/Vault\/Store.*needs root/);
      expect(envelope.errors['googleGuestState']).toMatch(/\/var\/google-sudoers.d.*needs root/);
      const rules = await linuxRules(85, 90);
      for (const cloud of ['aws', 'gcp']) {
        const report = reportFromFacts(
          `root:${dir}`,
          envelope,
          { rules, config: {}, selection: { only: [], skip: [] }, settings: { generalizer: 'none', cloud } },
          0,
        );
        expect(result(report, 'L087').status).toBe('unknown');
        expect(result(report, 'L088').status).toBe('unknown');
        const drivers = result(report, cloud === 'aws' ? 'L089' : 'L090');
        expect(drivers).toMatchObject({ status: 'unknown', reason: expect.stringContaining(`/lib/modules/${CLOUD}`) });
      }
    },
    60_000,
  );
});
