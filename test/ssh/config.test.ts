import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProxyJump, resolveSshHost, SshConfigError } from '../../src/ssh/config.js';

const tmp = mkdtempSync(join(tmpdir(), 'preseal-sshcfg-'));
const config = join(tmp, 'config');
writeFileSync(
  config,
  [
    'Host build-vm',
    '  HostName 10.9.8.7',
    '  Port 2200',
    '  User imager',
    '  IdentityFile ~/keys/build',
    '  ProxyJump ops@bastion:2022,[fd00::1]:22',
    '  HashKnownHosts yes',
    'Host *',
    '  User fallback',
    '',
  ].join('\n'),
);

function hasSsh(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v ssh'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

afterEach(() => {
  delete process.env['PRESEAL_SSH_CONFIG'];
  delete process.env['PRESEAL_SSH_NO_CLIENT'];
});

describe('ProxyJump values', () => {
  it('parses user@host:port hops, IPv6 and none', () => {
    expect(parseProxyJump('ops@bastion:2022,[fd00::1]:22,plain')).toEqual([
      { host: 'bastion', user: 'ops', port: 2022 },
      { host: 'fd00::1', port: 22 },
      { host: 'plain' },
    ]);
    expect(parseProxyJump('none')).toEqual([]);
  });
});

for (const via of ['ssh -G', 'ssh-config package'] as const) {
  describe(`resolving a host through ${via}`, () => {
    const skip = via === 'ssh -G' && !hasSsh();
    it.skipIf(skip)('applies HostName, Port, User, IdentityFile, ProxyJump and HashKnownHosts of an alias', async () => {
      process.env['PRESEAL_SSH_CONFIG'] = config;
      if (via !== 'ssh -G') process.env['PRESEAL_SSH_NO_CLIENT'] = '1';
      const c = await resolveSshHost('build-vm');
      expect(c.source).toContain(via);
      expect(c).toMatchObject({ hostName: '10.9.8.7', port: 2200, user: 'imager', hashKnownHosts: true });
      expect(c.identityFiles[0]).toBe(join(homedir(), 'keys', 'build'));
      expect(c.proxyJump).toEqual([
        { host: 'bastion', user: 'ops', port: 2022 },
        { host: 'fd00::1', port: 22 },
      ]);
    });

    it.skipIf(skip)('lets the target URL win over the config, and applies Host * defaults', async () => {
      process.env['PRESEAL_SSH_CONFIG'] = config;
      if (via !== 'ssh -G') process.env['PRESEAL_SSH_NO_CLIENT'] = '1';
      const c = await resolveSshHost('build-vm', { user: 'root', port: 22 });
      expect(c).toMatchObject({ user: 'root', port: 22, hostName: '10.9.8.7' });
      const other = await resolveSshHost('10.0.0.5');
      expect(other).toMatchObject({ hostName: '10.0.0.5', port: 22, user: 'fallback', proxyJump: [] });
    });
  });
}

describe.skipIf(!hasSsh())('a config OpenSSH rejects', () => {
  it('is an error naming the line, not a silent fallback', async () => {
    const bad = join(tmp, 'bad-config');
    writeFileSync(bad, 'Host x\n  NoSuchOption yes\n');
    process.env['PRESEAL_SSH_CONFIG'] = bad;
    const e = await resolveSshHost('x').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SshConfigError);
    expect((e as Error).message).toMatch(/^ssh -G x: .*line 2: Bad configuration option: nosuchoption/);
  });
});
