import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { FACTS_SCHEMA_VERSION } from '../facts/envelope.js';
import { version } from '../version.js';

const dir = (platform: string) => join(packageRoot, 'src', 'probes', platform);

function collectorFiles(platform: string, ext: string): string[] {
  const d = join(dir(platform), 'collectors');
  return readdirSync(d)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(d, f));
}

let linuxProbe: string | undefined;

/**
 * The Linux probe as one POSIX sh script: helpers, every collector, then the main loop, which
 * runs the collectors named in PRESEAL_GROUPS (derived from their `c_<group>()` definitions).
 */
export function linuxProbeScript(): string {
  if (linuxProbe !== undefined) return linuxProbe;
  const collectors = collectorFiles('linux', '.sh').map((f) => readFileSync(f, 'utf8'));
  const groups = collectors.flatMap((text) => [...text.matchAll(/^c_(\w+)\(\)/gm)].map((m) => m[1] as string));
  linuxProbe = [
    `PRESEAL_PROBE_VERSION='${version}'`,
    `PRESEAL_SCHEMA_VERSION=${FACTS_SCHEMA_VERSION}`,
    `PRESEAL_GROUPS='${groups.join(' ')}'`,
    readFileSync(join(dir('linux'), 'lib.sh'), 'utf8'),
    ...collectors,
    readFileSync(join(dir('linux'), 'main.sh'), 'utf8'),
  ].join('\n');
  return linuxProbe;
}
