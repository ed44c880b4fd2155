import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRule } from '../../src/engine/define.js';
import { linuxRules, lintRoot, makeRoot, removeRoot, result } from './trees.js';

const homeRules = ['L044', 'L045', 'L046'];
let rules: AnyRule[];
const roots: string[] = [];

beforeAll(async () => {
  rules = (await linuxRules()).filter((r) => homeRules.includes(r.id));
});
afterAll(() => roots.forEach(removeRoot));

function root(overrides: Parameters<typeof makeRoot>[0]): string {
  const r = makeRoot(overrides);
  roots.push(r);
  return r;
}

describe('the bounded home scan', () => {
  it('stops after PRESEAL_MAX_HOMES homes, says so, and the home rules become unknown with what was found', async () => {
    const dir = root({});
    for (let i = 0; i < 1100; i++) mkdirSync(join(dir, 'home', `user${String(i).padStart(4, '0')}`, '.ssh'), { recursive: true });
    writeFileSync(join(dir, 'home/user0003/.bash_history'), 'sudo -i\n');
    const report = await lintRoot(dir, rules);
    expect(report.error).toBeNull();
    const history = result(report, 'L044');
    expect(history.status).toBe('fail');
    expect(history.evidence).toEqual([expect.stringContaining('/home/user0003/.bash_history')]);
    expect(history.reason).toContain('stopped after 1000 home directories');
    for (const id of ['L045', 'L046']) {
      expect(result(report, id)).toMatchObject({ status: 'unknown', reason: expect.stringContaining('PRESEAL_MAX_HOMES=1000') });
    }
    expect(report.notes?.join('\n')).toContain('homeFiles was read only in part: stopped after 1000 home directories');
  }, 120_000);

  it('stops when PRESEAL_SCAN_SECONDS runs out', async () => {
    const dir = root({});
    for (let i = 0; i < 60; i++) mkdirSync(join(dir, 'home', `u${i}`), { recursive: true });
    process.env['PRESEAL_SCAN_SECONDS'] = '0';
    try {
      const report = await lintRoot(dir, rules);
      expect(result(report, 'L045')).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/stopped after 0 seconds and 2[56] home directories/) });
    } finally {
      delete process.env['PRESEAL_SCAN_SECONDS'];
    }
  }, 60_000);

  it('a home tree below the limit is read whole and passes', async () => {
    const dir = root({});
    for (let i = 0; i < 40; i++) mkdirSync(join(dir, 'home', `u${i}`, '.ssh'), { recursive: true });
    const report = await lintRoot(dir, rules);
    for (const id of homeRules) expect(result(report, id).status).toBe('pass');
    expect(report.notes ?? []).toEqual([]);
  }, 60_000);
});

describe('awkward names in home directories', () => {
  it('quotes, newlines, backslashes and non-UTF-8 bytes give valid JSON that names the file', async () => {
    const dir = root({});
    const names = ['we"ird', 'new\nline', 'back\\slash', 'tab\there'];
    for (const n of names) {
      mkdirSync(join(dir, 'home', n), { recursive: true });
      writeFileSync(join(dir, 'home', n, '.bash_history'), 'ls\n');
    }
    // A Latin-1 name: byte 0xE9 is not valid UTF-8 on its own.
    const latin1 = Buffer.concat([Buffer.from(`${join(dir, 'home')}/caf`), Buffer.from([0xe9])]);
    mkdirSync(latin1);
    writeFileSync(Buffer.concat([latin1, Buffer.from('/.bash_history')]), 'ls\n');
    const report = await lintRoot(dir, rules);
    expect(report.error).toBeNull();
    const r = result(report, 'L044');
    expect(r.status).toBe('fail');
    const resources = r.findings.map((f) => f.resource).sort();
    expect(resources).toEqual([...names.map((n) => `/home/${n}/.bash_history`), '/home/caf\udce9/.bash_history'].sort());
  }, 60_000);
});

describe('offline roots', () => {
  it('follows absolute symlinks inside the root, never on the host', async () => {
    const dir = root({
      'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nbob:x:1002:1002::/home/bob:/bin/bash\n',
      // /home/bob -> /srv/home/bob, an absolute link that only exists inside the image.
      'home/bob': { link: '/srv/home/bob' },
      'srv/home/bob/.ssh/authorized_keys': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample bob\n',
      // A link to a file the host has (/etc/group, full of non-comment lines) but the image does not.
      'root/.ssh/authorized_keys': { link: '/etc/group' },
      // A link to a file both have: the image's copy (comments only) is the one read.
      'home/carol/.ssh/authorized_keys': { link: '/etc/ssh/ssh_config' },
      'etc/ssh/ssh_config': '# Host *\n#   ForwardAgent no\n',
      // Symlinked history to /dev/null is the usual way to disable history: not a finding.
      'root/.bash_history': { link: '/dev/null' },
    });
    const report = await lintRoot(dir, rules);
    const keys = result(report, 'L045');
    expect(keys.status).toBe('fail');
    // carol's link resolves to the image's ssh_config (no key lines), bob's to /srv/home/bob inside the image.
    expect(keys.findings.map((f) => f.resource)).toEqual(['/home/bob/.ssh/authorized_keys']);
    expect(result(report, 'L044').status).toBe('pass');
  }, 60_000);
});
