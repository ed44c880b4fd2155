import { parse } from 'yaml';
import type { Facts } from '../facts/catalog.js';
import type { RuleContext } from './define.js';

type Provisioning = Facts['provisioning'];
type FileRef = { path: string; size: number | null };

/**
 * A target path as evidence: plain paths as they are; paths with control characters, quotes,
 * backslashes or bytes that are not UTF-8 (lone surrogates, see src/facts/linux.ts) as a bash
 * $'…' string, which names the file unambiguously and can be pasted into a command.
 */
export function shownPath(path: string): string {
  if (/^[\w./@%+=:,~ -]*$/u.test(path) && !/[\ud800-\udfff]/u.test(path)) return path;
  let out = '';
  for (const ch of path) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xdc80 && code <= 0xdcff) out += `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}`;
    else if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `$'${out}'`;
}

/** Files that exist and hold something (an unknown size counts: the file is there). */
export function nonEmpty(files: readonly FileRef[]): FileRef[] {
  return files.filter((f) => f.size === null || f.size > 0);
}

/** Reports one finding per file, naming it. */
export function reportFiles(context: RuleContext, files: readonly FileRef[], messageId: string): void {
  for (const f of files) context.report({ messageId, resource: shownPath(f.path), data: { size: f.size ?? '?' } });
}

/** cloud-init is installed and enabled the way waagent tests it (cloudinitdetect.py): not disabled, cloud-init-local enabled. */
export function cloudInitEnabled(p: Provisioning): boolean {
  return p.cloudInit.installed && p.cloudInit.disabledBy.length === 0 && p.cloudInit.enabledUnits.length > 0;
}

/** The effective value of a top-level cloud-init setting: the last file that sets it wins. */
export function cloudInitSetting(p: Provisioning, key: string): { value: unknown; path: string } | undefined {
  let found: { value: unknown; path: string } | undefined;
  for (const file of p.cloudInit.config) {
    const text = file.settings[key];
    if (text === undefined) continue;
    try {
      found = { value: parse(text) as unknown, path: file.path };
    } catch {
      found = { value: text, path: file.path };
    }
  }
  return found;
}

/** YAML's and cloud-init's notion of true (util.is_true also takes "yes", "on", "1"). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|yes|on|1)$/i.test(value.trim()));
}

export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(false|no|off|0)$/i.test(value.trim()));
}

/** A waagent.conf setting, or the agent's code default (azurelinuxagent/common/conf.py). */
export function waagentSetting(p: Provisioning, key: string, fallback: string): string {
  return p.waagent.config.settings[key] ?? fallback;
}

/** waagent's boolean parse (conf.py get_switch: "y" / "n"). */
export function waagentSwitch(p: Provisioning, key: string, fallback: boolean): boolean {
  const v = p.waagent.config.settings[key];
  if (v === undefined || v === '') return fallback;
  return /^y(es)?$/i.test(v) || /^true$/i.test(v);
}

/** Whether the chosen generalizer is `waagent -deprovision` (with or without +user). */
export function deprovisions(generalizer: string): boolean {
  return generalizer === 'waagent' || generalizer === 'waagent+user';
}

/** A `provisioning` fact value for rule examples: nothing installed, with the given parts set. */
export function provisioningExample(parts: {
  waagent?: Partial<Provisioning['waagent']>;
  settings?: Record<string, string>;
  cloudInit?: Partial<Provisioning['cloudInit']>;
}): Provisioning {
  const installed = parts.waagent?.installed ?? parts.settings !== undefined;
  return {
    waagent: {
      installed,
      path: installed ? '/usr/sbin/waagent' : '',
      version: installed ? '2.9.1.1' : '',
      versionSource: installed ? '/var/lib/dpkg/status' : '',
      config: { path: '/etc/waagent.conf', present: parts.settings !== undefined, settings: parts.settings ?? {} },
      ...parts.waagent,
    },
    cloudInit: { installed: false, path: '', disabledBy: [], enabledUnits: [], config: [], leftovers: [], instanceCache: [], ...parts.cloudInit },
  };
}

/** cloud-init installed and enabled, for rule examples. */
export const CLOUD_INIT_ON: Partial<Provisioning['cloudInit']> = {
  installed: true,
  path: '/usr/bin/cloud-init',
  enabledUnits: ['/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service'],
  config: [{ path: '/etc/cloud/cloud.cfg', readable: true, settings: {} }],
};
