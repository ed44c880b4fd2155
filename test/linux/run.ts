import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FactsEnvelope } from '../../src/facts/envelope.js';
import { lintTarget } from '../../src/lint.js';
import { linuxProbeScript } from '../../src/probes/assemble.js';
import { envelopeFromRun } from '../../src/probes/run.js';
import type { AnyRule } from '../../src/engine/define.js';
import { parseTarget } from '../../src/targets.js';
import { spawnWithInput } from '../../src/transports/spawn.js';
import type { ExecResult } from '../../src/transports/options.js';
import type { Settings, TargetReport } from '../../src/types.js';

const repo = join(import.meta.dirname, '..', '..');

/** The rules L001–L040, loaded from their files (not the generated index, which may lag behind). */
export async function loadRules(): Promise<AnyRule[]> {
  const dir = join(repo, 'rules', 'linux');
  const rules: AnyRule[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default?: AnyRule };
    const rule = mod.default;
    if (rule && /^L0([0-3]\d|40)$/.test(rule.id)) rules.push(rule);
  }
  return rules;
}

/** Runs the probe script with a given shell: `dash`, `sh`, or a path to busybox (run as `busybox sh`). */
export async function runProbe(shell: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ExecResult> {
  const [command, argv] = shell.endsWith('busybox') ? [shell, ['sh', '-s', '--', ...args]] : [shell, ['-s', '--', ...args]];
  return spawnWithInput(command, argv, linuxProbeScript(), { timeoutMs: 120_000, env });
}

export async function probeRoot(root: string, shell = 'dash', env?: NodeJS.ProcessEnv): Promise<FactsEnvelope> {
  const run = await runProbe(shell, ['--root', root], env);
  return envelopeFromRun(`root:${root}`, run, new Date(0).toISOString());
}

export async function lintRoot(root: string, rules: readonly AnyRule[], settings: Partial<Settings> = {}): Promise<TargetReport> {
  return lintTarget(parseTarget(`root:${root}`), {
    rules,
    config: {},
    selection: { only: [], skip: [] },
    settings: { generalizer: 'auto', cloud: 'auto', ...settings },
    connect: { timeoutMs: 120_000 },
  });
}

export function result(report: TargetReport, id: string) {
  const r = report.results.find((x) => x.ruleId === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}
