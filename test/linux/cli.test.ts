import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { cleanSpec, dirtySpec, makeTree, removeTree } from './trees.js';
import { ensureBuilt } from '../helpers/build.js';

const MY_RULES = Array.from({ length: 40 }, (_, i) => ['--rule', `L${String(i + 1).padStart(3, '0')}`]).flat();
const roots: string[] = [];

beforeAll(async () => {
  // The CLI runs from dist/; build it from the current sources (a teammate's type error still emits).
  ensureBuilt();
}, 300_000);
afterAll(() => roots.forEach(removeTree));

describe('preseal lint root:DIR through the built CLI', () => {
  it('fails a dirty tree (exit 1) and names the offending files in the JSON report', async () => {
    const root = makeTree(dirtySpec());
    roots.push(root);
    const run = await runCli(['lint', `root:${root}`, '--format', 'json', ...MY_RULES]);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const target = report.targets[0];
    expect(target?.platform).toBe('linux');
    expect(target?.os).toEqual({ name: 'Debian GNU/Linux', version: '12' });
    const byId = new Map(target?.results.map((r) => [r.ruleId, r]));
    expect(byId.get('L002')?.evidence).toEqual([
      "/etc/krb5.keytab holds Kerberos keys (2 entries: host/web01.corp.example.com@CORP.EXAMPLE.COM, WEB01$@CORP.EXAMPLE.COM); every clone would carry this host's machine secret",
    ]);
    expect(byId.get('L036')?.evidence[0]).toContain('/etc/machine-id holds machine ID 4c4c4544004d3510804bb4c04f4e3432');
    expect(byId.get('L019')).toMatchObject({ status: 'fail', severity: 'info', cleanedBy: 'waagent+user' });
  });

  it('passes a clean tree (exit 0)', async () => {
    const root = makeTree(cleanSpec());
    roots.push(root);
    const run = await runCli(['lint', `root:${root}`, '--format', 'json', '--generalizer', 'waagent', '--cloud', 'azure', ...MY_RULES]);
    const report = JSON.parse(run.stdout) as Report;
    const failing = report.targets[0]?.results.filter((r) => r.status === 'fail' || r.status === 'unknown').map((r) => `${r.ruleId}: ${r.message}`);
    expect(failing).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('refuses a facts file of the previous schema (exit 2) and says to collect it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preseal-old-facts-'));
    roots.push(dir);
    // A recorded facts file stamped with the previous schema version.
    const current = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'linux', 'baseline.json'), 'utf8')) as Record<string, unknown>;
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...current, schemaVersion: 1 }));
    const run = await runCli(['lint', `facts:${old}`, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the facts file was written by an older preseal (schema 1); collect it again with this version (schema 2)');
    const collected = join(dir, 'new.json');
    const tree = makeTree(cleanSpec());
    roots.push(tree);
    const fresh = await runCli(['collect', `root:${tree}`, '-o', collected]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect((JSON.parse(readFileSync(collected, 'utf8')) as { schemaVersion: number }).schemaVersion).toBe(2);
  });
});
