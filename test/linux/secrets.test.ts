import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactsEnvelope } from '../../src/facts/envelope.js';
import { ensureBuilt } from '../helpers/build.js';
import { runCli } from '../helpers/cli.js';
import { cleanTree, makeRoot, removeRoot } from './trees.js';

/*
 * Secrets the probe meets in configuration files it reads (issue 19, item 4): each is a canary
 * value in the syntax that carries it, and none may reach the facts file (`preseal collect`) or
 * any report. The files are still read (the redacted setting is there), so the test cannot pass
 * by reading nothing.
 */
const MARK = `CANARY${randomBytes(5).toString('hex')}`;
const c = (n: string) => `${MARK}-${n}`;
const dirs: string[] = [];
let root = '';

beforeAll(() => {
  ensureBuilt();
  root = makeRoot({
    // ifupdown: a bare keyword and its value, also in a comment.
    'etc/network/interfaces': `auto lo\niface lo inet loopback\n\niface wlan0 inet dhcp\n    wpa-ssid home\n    wpa-psk ${c('wpa-psk')}\n    wireless-key s:${c('wireless-key')}\n# wpa-psk ${c('comment')}\n`,
    // NetworkManager keyfile: WEP key, and a value with an escaped quote.
    'etc/NetworkManager/system-connections/wifi.nmconnection': {
      content: `[connection]\nid=wifi\ninterface-name=wlan0\n[wifi-security]\nkey-mgmt=none\nwep-key0=${c('wep-key0')}\n[802-1x]\npassword="ab\\"${c('escaped')}"\n`,
      mode: 0o600,
    },
    // ifcfg (initscripts): a WEP key as KEY1=s:… and a password with ,, the way cifs escapes a comma.
    'etc/sysconfig/network-scripts/ifcfg-wlan0': `DEVICE=wlan0\nBOOTPROTO=dhcp\nKEY1=s:${c('key1')}\nKEY_MGMT=WPA-PSK\n`,
    // netplan: a YAML block scalar and a JSON-style quoted key.
    'etc/netplan/02-wifi.yaml': `network:\n  version: 2\n  wifis:\n    wlan0:\n      dhcp4: true\n      access-points:\n        "home":\n          password: |\n            ${c('block1')}\n            ${c('block2')}\n        "office":\n          auth:\n            "password": "${c('json')}"\n`,
    // cloud-init: chpasswd list entries.
    'etc/cloud/cloud.cfg.d/99-users.cfg': `chpasswd:\n  list: |\n    root:${c('chpasswd1')}\n    builder:${c('chpasswd2')}\n  expire: false\npreserve_hostname: false\n`,
    // fstab: a cifs password with ,, (a literal comma) in it.
    'etc/fstab': `${cleanTree['etc/fstab'] as string}//files/share /mnt/share cifs username=builder,password=ab,,${c('cifs')},uid=0,nofail 0 0\n`,
    // waagent.conf: proxy credentials are not among the settings the rules read.
    'etc/waagent.conf': `Provisioning.Agent=auto\nHttpProxy.Host=http://builder:${c('proxy')}@proxy.example.com\n`,
    // sshd_config: a JSON-style line in a comment and a password= option.
    'etc/ssh/sshd_config': `${cleanTree['etc/ssh/sshd_config'] as string}# {"password": "${c('sshd-json')}"}\n`,
  });
  dirs.push(root);
}, 300_000);
afterAll(() => {
  for (const d of dirs) d === root ? removeRoot(d) : rmSync(d, { recursive: true, force: true });
});

describe('secret values in the files the Linux probe reads', () => {
  it('reach no facts file, and the settings are still seen (redacted, not dropped)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'preseal-secrets-')), 'facts.json');
    dirs.push(join(out, '..'));
    const run = await runCli(['collect', `root:${root}`, '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    const leaked = [...text.matchAll(new RegExp(`${MARK}-[a-z0-9-]+`, 'g'))].map((m) => m[0]);
    expect(leaked).toEqual([]);
    const facts = JSON.parse(text) as FactsEnvelope;
    const files = (facts.facts['networkConfig'] as { files: { path: string; content: string }[] }).files;
    const content = (path: string) => files.find((f) => f.path === path)?.content ?? `(${path} not read)`;
    expect(content('/etc/network/interfaces')).toContain('wpa-psk "***"');
    expect(content('/etc/network/interfaces')).toContain('wireless-key "***"');
    // Keyfile sections and ifcfg variables no rule reads do not leave the target at all.
    const nm = content('/etc/NetworkManager/system-connections/wifi.nmconnection');
    expect(nm).toContain('[wifi-security]');
    expect(nm).toContain('interface-name=wlan0');
    expect(nm).not.toMatch(/wep-key0|password/);
    const ifcfg = content('/etc/sysconfig/network-scripts/ifcfg-wlan0');
    expect(ifcfg).toContain('DEVICE=wlan0');
    expect(ifcfg).not.toMatch(/KEY1|KEY_MGMT/);
    expect(content('/etc/netplan/02-wifi.yaml')).toContain('password: "***"');
    expect(content('/etc/netplan/02-wifi.yaml')).toContain('"password": "***"');
    const fstab = (facts.facts['storage'] as { fstab: { entries: { fields: string[] }[] } }).fstab.entries.flatMap((e) => e.fields);
    expect(fstab).toContain('username=builder,password="***",uid=0,nofail');
    expect(facts.facts['provisioning']).toMatchObject({ waagent: { config: { settings: { 'Provisioning.Agent': 'auto' } } } });
  }, 120_000);

  it('reach no report, in any format', async () => {
    for (const format of ['json', 'pretty', 'markdown', 'sarif', 'junit', 'github']) {
      const run = await runCli(['lint', `root:${root}`, '--format', format, '--cloud', 'azure', '--debug']);
      expect(run.code === 0 || run.code === 1, `${format}: ${run.stderr}`).toBe(true);
      expect(`${run.stdout}${run.stderr}`, format).not.toContain(MARK);
    }
  }, 180_000);
});

describe('the target-side redactor (REDACT_AWK in lib.sh), on generated lines', () => {
  const lib = join(import.meta.dirname, '..', '..', 'src', 'probes', 'linux', 'lib.sh');
  const redact = (text: string): string => {
    const run = spawnSync('sh', ['-c', '. "$1"; LC_ALL=C awk "$REDACT_AWK"', 'sh', lib], { input: text, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return run.stdout;
  };

  it('never lets the value of a secret key through, whatever the key spelling, separator and quoting', () => {
    const key = fc.constantFrom(
      'password',
      'Password',
      'db_password',
      'PASSWD',
      'psk',
      'token',
      'client_secret',
      'credentials',
      'wep-key0',
      'wep_key1',
      'KEY1',
      'key3',
    );
    const sep = fc.constantFrom('=', ' = ', ': ', ':', '" : ', '":');
    const value = fc.stringMatching(/^[A-Za-z0-9!@%^*_+./-]{6,20}$/).map((v) => `Sx${v}`);
    const quote = fc.constantFrom('', '"', "'");
    const line = fc
      .tuple(fc.constantFrom('', '  ', '- ', '{"', 'opts x,'), key, sep, quote, value, fc.constantFrom('', ',uid=0', ' # note', '}'))
      .map(([lead, k, s, q, v, tail]) => ({ text: `${lead}${k}${s}${q}${v}${q}${tail}`, value: v }));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
        const out = redact(`${lines.map((l) => l.text).join('\n')}\n`);
        for (const l of lines) expect(out, l.text).not.toContain(l.value);
        expect(out.split('\n').length).toBe(lines.length + 1);
      }),
      { numRuns: 60 },
    );
  });
});
