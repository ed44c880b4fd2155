import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../facts/catalog.js';
import type { FactGroup } from '../facts/define.js';
import { packageRoot } from '../paths.js';
import { FACTS_SCHEMA_VERSION } from '../facts/envelope.js';
import { version } from '../version.js';
import { LIVE_RAW_FILES, LIVE_READ_PLAN } from '../platforms/windows/live.js';
import { portablePatternError, type Read } from '../windows-offline/registry-source.js';

const dir = join(packageRoot, 'src', 'probes', 'windows');
let probe: string | undefined;
/** Groups main.ps1 runs before all others. */
const FIRST = ['Servicing'];

/**
 * Registry data that is a secret and must never be in the live plan (design.md "Trust"): the SAM
 * and SECURITY hives (password hashes, LSA secrets), Winlogon's DefaultPassword, product keys.
 * A tree read returns every value below its key, so one at or above such a key needs a value filter.
 */
const SECRET_HIVES = ['SAM', 'SECURITY'];
/**
 * Keys holding secret values among their own values; a tree read at or above one would return them.
 * `prefix`: every key whose name starts so ("Source OS (Updated on …)" keys hold DigitalProductId).
 */
const SECRET_KEYS: readonly { hive: string; key: string; prefix?: true }[] = [
  { hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion' },
  { hive: 'SOFTWARE', key: 'Microsoft\\Windows NT\\CurrentVersion\\Winlogon' },
  { hive: 'SYSTEM', key: 'Setup\\Source OS', prefix: true },
];
const SECRET_VALUES = /^(DefaultPassword|AltDefaultPassword|DigitalProductId\d*|ProductId|BackupProductKeyDefault)$/i;

/** Why a read may not be in the live plan, or undefined when it may. */
export function secretRead(r: Read): string | undefined {
  if (!('hive' in r)) return undefined;
  if (SECRET_HIVES.includes(r.hive)) return `the ${r.hive} hive holds secrets`;
  if ('value' in r) return r.value !== null && SECRET_VALUES.test(r.value) ? `${r.key}\\${r.value} is a secret` : undefined;
  if (r.values !== undefined) {
    const secret = r.values.find((v) => SECRET_VALUES.test(v));
    return secret === undefined ? undefined : `a tree read of ${r.key} names ${secret}, a secret`;
  }
  const key = r.key.toUpperCase();
  const reaches = SECRET_KEYS.some((s) => {
    const secret = s.key.toUpperCase();
    return s.hive === r.hive && (key === '' || secret === key || secret.startsWith(`${key}\\`) || (s.prefix === true && key.startsWith(secret)));
  });
  return reaches ? `an unfiltered tree read of ${r.hive}\\${r.key} would return the secret values at or below it` : undefined;
}

/**
 * The read plan as a PowerShell statement: the registry reads (and secret-free files) of the groups
 * preseal derives in TypeScript (src/platforms/windows/live.ts), which the probe returns raw.
 */
export function readPlanStatement(plan: readonly Read[] = LIVE_READ_PLAN): string {
  for (const r of plan) {
    const secret = secretRead(r);
    if (secret !== undefined) throw new Error(`the live read plan may not hold this read: ${secret}`);
    // The probe's .NET regex and RawReadsSource's JavaScript RegExp must select the same values.
    const pattern = 'tree' in r && r.match !== undefined ? portablePatternError(r.match) : undefined;
    if (pattern !== undefined) throw new Error(`the live read plan's pattern for ${'key' in r ? r.key : ''} has ${pattern}`);
    const file = 'windowsFile' in r ? r.windowsFile : 'volumeFile' in r ? r.volumeFile : undefined;
    // A presence read returns only whether the path exists; any other file read returns its bytes.
    const presence = ('windowsFile' in r || 'volumeFile' in r) && r.presence === true;
    if (file !== undefined && !presence && !LIVE_RAW_FILES.includes(file))
      throw new Error(`the live read plan names ${file}, which is not a file the probe may return raw`);
  }
  const json = JSON.stringify({ reads: plan });
  // A single-quoted PowerShell string: only ' (doubled) is special, and the plan is ASCII.
  if (!/^[\x20-\x7e]*$/.test(json)) throw new Error('the live read plan is not printable ASCII');
  return `$PresealReadPlan = (ConvertFrom-Json '${json.replace(/'/g, "''")}').reads`;
}

/**
 * The Windows probe as one PowerShell script: helpers, every collector (functions named
 * `Get-Preseal<Group>`), then the main loop over the groups found in them.
 */
export function windowsProbeScript(): string {
  if (probe !== undefined) return probe;
  const cdir = join(dir, 'collectors');
  const collectors = readdirSync(cdir)
    .filter((f) => f.endsWith('.ps1'))
    .sort()
    .map((f) => readFileSync(join(cdir, f), 'utf8'));
  const found = collectors.flatMap((text) => [...text.matchAll(/^function Get-Preseal(\w+)\b/gm)].map((m) => m[1] as string));
  // Servicing first: later collectors (Win32_ServerFeature) can start TrustedInstaller, which W027
  // must not mistake for a servicing operation of the machine's own.
  const groups = [...found.filter((g) => FIRST.includes(g)), ...found.filter((g) => !FIRST.includes(g))];
  const adminGroups = Object.entries(catalog as Record<string, FactGroup>)
    .filter(([, g]) => g.needsAdmin && g.platforms.includes('windows'))
    .map(([key]) => key.charAt(0).toUpperCase() + key.slice(1));
  probe = [
    `$PresealProbeVersion = '${version}'`,
    `$PresealSchemaVersion = ${FACTS_SCHEMA_VERSION}`,
    `$PresealGroups = @(${groups.map((g) => `'${g}'`).join(', ')})`,
    `$PresealAdminGroups = @(${adminGroups.map((g) => `'${g}'`).join(', ')})`,
    readPlanStatement(),
    readFileSync(join(dir, 'lib.ps1'), 'utf8'),
    ...collectors,
    readFileSync(join(dir, 'main.ps1'), 'utf8'),
  ].join('\n');
  return probe;
}

/**
 * A short bootstrap that reads the base64 probe from stdin and runs it: the 8191-character
 * command line of cmd.exe cannot hold the probe itself (Ansible's pattern). Returned as the
 * UTF-16LE base64 argument of -EncodedCommand.
 */
export function encodedBootstrap(): string {
  const script =
    "$ProgressPreference='SilentlyContinue';" +
    '$b=[Console]::In.ReadToEnd();' +
    '& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b.Trim()))))';
  return Buffer.from(script, 'utf16le').toString('base64');
}

export interface WindowsProbeOptions {
  /** The whole target's time limit: the EFS scan (W006) takes at most a third of it, and 90 s at most. */
  timeoutMs?: number;
  /** The run's nonce for the envelope markers (src/probes/run.ts newProbeNonce). */
  nonce?: string;
}

/** The EFS scan's time budget for a run limited to `timeoutMs`, leaving room for PowerShell start-up and the other collectors. */
export function efsBudgetSeconds(timeoutMs: number): number {
  return Math.max(1, Math.min(90, Math.floor(timeoutMs / 3000)));
}

/** What the bootstrap expects on stdin: the probe, UTF-8, base64. */
export function probePayload(options: WindowsProbeOptions = {}): string {
  const budget = options.timeoutMs !== undefined ? `$PresealEfsMaxSeconds = ${efsBudgetSeconds(options.timeoutMs)}\n` : '';
  const nonce = options.nonce !== undefined ? `$PresealNonce = '${options.nonce.replace(/[^0-9a-f]/g, '')}'\n` : '';
  return `${Buffer.from(nonce + budget + windowsProbeScript(), 'utf8').toString('base64')}\n`;
}

/** The command line that starts the bootstrap with a given PowerShell executable. */
export function bootstrapCommand(exe = 'powershell.exe'): string {
  return `${exe} -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encodedBootstrap()}`;
}
