import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  hostField,
  hostLookupName,
  parseKnownHosts,
  patternsMatch,
  readKnownHosts,
  recordHostKey,
  verifyHostKey,
  KnownHostsUnreadable,
} from '../../src/ssh/known-hosts.js';

const tmp = mkdtempSync(join(tmpdir(), 'preseal-kh-'));

function keypair(name: string, type = 'ed25519'): { blob: Buffer; b64: string; type: string; pubFile: string } {
  const path = join(tmp, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path], { stdio: 'ignore' });
  const [t, b64] = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/) as [string, string];
  return { blob: Buffer.from(b64, 'base64'), b64, type: t, pubFile: `${path}.pub` };
}

const a = keypair('a');
const b = keypair('b');

describe('known_hosts matching', () => {
  it('names a non-22 port as [host]:port', () => {
    expect(hostLookupName('10.0.0.4', 22)).toBe('10.0.0.4');
    expect(hostLookupName('10.0.0.4', 2222)).toBe('[10.0.0.4]:2222');
  });

  it('prints fingerprints exactly as ssh-keygen -lf does', () => {
    const out = execFileSync('ssh-keygen', ['-lf', a.pubFile], { encoding: 'utf8' });
    expect(out.split(/\s+/)[1]).toBe(fingerprint(a.blob));
  });

  it('matches globs, and a matching negation vetoes the line', () => {
    expect(patternsMatch('*.example.com', ['vm1.example.com'])).toBe(true);
    expect(patternsMatch('vm?.example.com', ['vm12.example.com'])).toBe(false);
    expect(patternsMatch('*.example.com,!bad.example.com', ['bad.example.com'])).toBe(false);
    expect(patternsMatch('*.example.com,!bad.example.com', ['good.example.com'])).toBe(true);
    expect(patternsMatch('[10.0.0.4]:2222', ['[10.0.0.4]:2222'])).toBe(true);
    expect(patternsMatch('10.0.0.4', ['[10.0.0.4]:2222'])).toBe(false);
    expect(patternsMatch('VM1.Example.com', ['vm1.example.com'])).toBe(true);
  });

  it('matches a line hashed by ssh-keygen -H, and our own hashed lines are found by ssh-keygen -F', () => {
    const file = join(tmp, 'hashed');
    writeFileSync(file, `[127.0.0.1]:2222 ${a.type} ${a.b64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|/);
    const entries = parseKnownHosts(text, file);
    expect(verifyHostKey(entries, ['[127.0.0.1]:2222'], a.blob).status).toBe('match');
    expect(verifyHostKey(entries, ['[127.0.0.1]:2223'], a.blob).status).toBe('unknown');

    const ours = join(tmp, 'ours');
    writeFileSync(ours, `${hostField('[10.1.2.3]:2200', true)} ${a.type} ${a.b64}\n`);
    const found = execFileSync('ssh-keygen', ['-F', '[10.1.2.3]:2200', '-f', ours], { encoding: 'utf8' });
    expect(found).toContain(a.b64);
  });

  it('tells match, changed, revoked and unknown apart; @cert-authority is no entry', () => {
    const text = [
      '# comment',
      `host1,host2 ${a.type} ${a.b64}`,
      `@revoked * ${b.type} ${b.b64}`,
      `@cert-authority host3 ${a.type} ${a.b64}`,
      'garbage line',
      '',
    ].join('\n');
    const entries = parseKnownHosts(text, 'kh');
    expect(entries).toHaveLength(3);
    expect(verifyHostKey(entries, ['host2'], a.blob)).toMatchObject({ status: 'match', entry: { line: 2 } });
    expect(verifyHostKey(entries, ['host1'], b.blob).status).toBe('revoked');
    const c = keypair('c');
    expect(verifyHostKey(entries, ['host1'], c.blob)).toMatchObject({ status: 'changed', known: [{ line: 2 }] });
    expect(verifyHostKey(entries, ['host3'], a.blob).status).toBe('unknown');
  });

  it('treats a missing file as empty and an unreadable one as a failure', () => {
    expect(readKnownHosts([join(tmp, 'does-not-exist')])).toEqual([]);
    expect(() => readKnownHosts([tmp])).toThrow(KnownHostsUnreadable);
  });
});

describe('recording a host key', () => {
  it('adds a newline before its line when the file lacks one', () => {
    const file = join(tmp, 'no-newline');
    writeFileSync(file, `host1 ${a.type} ${a.b64}`);
    recordHostKey(file, '[h]:2', b.blob, false);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toEqual([`host1 ${a.type} ${a.b64}`, `[h]:2 ${b.type} ${b.b64}`, '']);
  });

  it('terminates a last line without a newline exactly once when many processes record at once', async () => {
    // 100 files seeded without a final newline; six writers hit each one at the same moment.
    const rounds = 100;
    const files = Array.from({ length: rounds }, (_, r) => join(tmp, `unterminated-${r}`));
    for (const f of files) writeFileSync(f, `seed ${a.type} ${a.b64}`);
    const script = `
      import { recordHostKey } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'ssh', 'known-hosts.ts'))};
      const key = Buffer.from(process.argv[2], 'base64');
      const files = JSON.parse(process.argv[5]);
      files.forEach((f, r) => {
        while (Date.now() < Number(process.argv[4]) + r * 30) {}
        recordHostKey(f, '[w' + process.argv[3] + ']:22', key, false);
      });
    `;
    const scriptFile = join(tmp, 'unterminated-writer.mts');
    writeFileSync(scriptFile, script);
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const startAt = String(Date.now() + 4000);
    const runs = Array.from(
      { length: 6 },
      (_, n) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(tsx, [scriptFile, b.b64, String(n), startAt, JSON.stringify(files)], { stdio: 'ignore' });
          child.on('close', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0, 0, 0]);
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      expect(lines.pop(), f).toBe('');
      expect(
        lines.filter((l) => l === ''),
        `${f} holds an empty line`,
      ).toEqual([]);
      expect(lines).toHaveLength(7);
    }
  }, 60_000);

  it('keeps every line whole when many processes record at once', async () => {
    const file = join(tmp, 'concurrent');
    writeFileSync(file, `seed ${a.type} ${a.b64}\n`);
    const script = `
      import { recordHostKey } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'ssh', 'known-hosts.ts'))};
      const key = Buffer.from(process.argv[2], 'base64');
      // Start together, so the writers really overlap.
      while (Date.now() < Number(process.argv[5])) {}
      for (let i = 0; i < 300; i++) recordHostKey(process.argv[3], '[h' + process.argv[4] + ']:' + (1000 + i), key, i % 2 === 0);
    `;
    const scriptFile = join(tmp, 'writer.mts');
    writeFileSync(scriptFile, script);
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const startAt = String(Date.now() + 4000);
    const runs = Array.from(
      { length: 6 },
      (_, n) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(tsx, [scriptFile, b.b64, file, String(n), startAt], { stdio: 'ignore' });
          child.on('close', resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0, 0, 0]);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1 + 6 * 300);
    const entries = parseKnownHosts(lines.join('\n'), file);
    expect(entries).toHaveLength(1 + 6 * 300);
    for (let n = 0; n < 6; n++) {
      for (const i of [0, 1, 299]) expect(verifyHostKey(entries, [`[h${n}]:${1000 + i}`], b.blob).status).toBe('match');
    }
  });
});
