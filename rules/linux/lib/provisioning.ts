import { parse } from 'yaml';
import type { Facts } from '../../../src/facts/catalog.js';
import type { Generalizer } from '../../../src/types.js';

type Provisioning = Facts['provisioning'];

/** Whether the chosen generalizer is `waagent -deprovision` (with or without +user). */
export function deprovisions(generalizer: Generalizer): boolean {
  return generalizer === 'waagent' || generalizer === 'waagent+user';
}

/**
 * The account `waagent -deprovision+user` deletes: the <UserName> of ovf-env.xml, only when that
 * is the chosen generalizer and the file was there (without it waagent deletes nobody).
 */
export function deprovisionedUser(waagentState: Facts['waagentState'], generalizer: Generalizer): string | undefined {
  if (generalizer !== 'waagent+user') return undefined;
  return waagentState.ovfEnv?.userName || undefined;
}

/**
 * Whether cloud-init will run at boot: the one definition every rule uses. Installed, not disabled
 * by /etc/cloud/cloud-init.disabled (every cloud-init unit has
 * ConditionPathExists=!/etc/cloud/cloud-init.disabled), and one of the units that search for a
 * datasource enabled: cloud-init-local.service (Local stage; the unit waagent's cloudinitdetect.py
 * asks systemd about) or cloud-init.service / cloud-init-network.service (Network stage, renamed in
 * 24.3). Either stage alone finds the datasource and provisions the clone.
 */
export function cloudInitOn(p: Provisioning): boolean {
  return p.cloudInit.installed && p.cloudInit.disabledBy.length === 0 && p.cloudInit.enabledUnits.length > 0;
}

/** cloud-init configuration files that exist but could not be read (their settings are unknown). */
export function cloudInitUnreadable(p: Provisioning): string[] {
  return p.cloudInit.config.filter((f) => !f.readable).map((f) => f.path);
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
    cloudInit: {
      installed: false,
      path: '',
      disabledBy: [],
      enabledUnits: [],
      config: [],
      leftovers: [],
      instanceCache: [],
      generated: [],
      userData: [],
      ...parts.cloudInit,
    },
  };
}

/** cloud-init installed and enabled, for rule examples. */
export const CLOUD_INIT_ON: Partial<Provisioning['cloudInit']> = {
  installed: true,
  path: '/usr/bin/cloud-init',
  enabledUnits: ['/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service'],
  config: [{ path: '/etc/cloud/cloud.cfg', readable: true, settings: {} }],
};

/** A `waagentState` fact value for rule examples: Lib.Dir present, ovf-env.xml naming `userName` (null: no ovf-env.xml). */
export function waagentStateExample(userName: string | null, parts: Partial<Facts['waagentState']> = {}): Facts['waagentState'] {
  return {
    libDir: '/var/lib/waagent',
    present: true,
    provisioned: true,
    ovfEnv: userName === null ? null : { path: '/var/lib/waagent/ovf-env.xml', userName, customData: false },
    secrets: [],
    ...parts,
  };
}

/**
 * The real generalizers the rules' models were checked against: the versions Debian 12 (bookworm)
 * ships, installed, run and linted by test/linux/generalizers-real.test.ts on the tree
 * scripts/build-debian-azure-tree.sh builds. A rule that says what a generalizer cleans or leaves
 * cites the one it was checked against in its references.
 */
export const CHECKED_WAAGENT = {
  title: 'Checked against WALinuxAgent 2.7.3.0 (Debian 12 package waagent 2.7.3.0-4.1): pa/deprovision/default.py, run for real',
  url: 'https://github.com/Azure/WALinuxAgent/blob/v2.7.3.0/azurelinuxagent/pa/deprovision/default.py',
} as const;

export const CHECKED_CLOUD_INIT = {
  title: 'Checked against cloud-init 22.4.2 (Debian 12 package cloud-init 22.4.2-1+deb12u4): cmd/clean.py, run for real',
  url: 'https://github.com/canonical/cloud-init/blob/22.4.2/cloudinit/cmd/clean.py',
} as const;
