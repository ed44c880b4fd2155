import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { UsageError } from './errors.js';
import { parseTarget, type TargetSpec } from './targets.js';
import { parseYaml } from './yaml.js';
import type { ConnectOptions } from './transports/options.js';

/** One target of an inventory, with the connection settings that are its own. */
export interface InventoryEntry {
  spec: TargetSpec;
  /** The inventory's name for the host (Ansible's inventory_hostname), when it has one. */
  name?: string;
  options: Partial<ConnectOptions>;
  groups: string[];
}

type Vars = Record<string, unknown>;

function expandHome(path: string): string {
  return path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/** Ansible's host patterns with ranges: web[01:03].example.com, db-[a:c]. */
export function expandHostPattern(pattern: string): string[] {
  const m = /^(.*?)\[([0-9a-z]+):([0-9a-z]+)\](.*)$/i.exec(pattern);
  if (!m) return [pattern];
  const [, head, from, to, tail] = m as unknown as [string, string, string, string, string];
  const out: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const width = from.length;
    for (let i = Number(from); i <= Number(to) && out.length <= 10_000; i++) out.push(...expandHostPattern(`${head}${String(i).padStart(width, '0')}${tail}`));
  } else if (from.length === 1 && to.length === 1) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out.push(...expandHostPattern(`${head}${String.fromCharCode(c)}${tail}`));
  } else {
    throw new UsageError(`inventory: host range [${from}:${to}] in "${pattern}" is not a number or letter range`);
  }
  return out;
}

/** Turns Ansible connection variables into a preseal target. */
function fromAnsible(name: string, vars: Vars, groups: string[], file: string): InventoryEntry {
  const host = str(vars['ansible_host']) ?? name;
  const user = str(vars['ansible_user'] ?? vars['ansible_ssh_user']);
  const connection = str(vars['ansible_connection']) ?? 'ssh';
  const options: Partial<ConnectOptions> = {};
  let spec: TargetSpec;
  const userPart = user ? `${encodeURIComponent(user)}@` : '';
  const hostPart = host.includes(':') ? `[${host}]` : host;
  if (connection === 'winrm' || connection === 'psrp') {
    const scheme = str(vars['ansible_winrm_scheme']);
    const port = str(vars['ansible_port']) ?? (scheme === 'http' ? '5985' : '5986');
    const tls = scheme ? scheme === 'https' : port !== '5985';
    spec = parseTarget(`${tls ? 'winrms' : 'winrm'}://${userPart}${hostPart}:${port}`);
    const transport = str(vars['ansible_winrm_transport'])?.toLowerCase();
    if (transport === 'basic' || transport === 'ntlm') options.auth = transport;
    if (str(vars['ansible_winrm_server_cert_validation']) === 'ignore') options.insecureSkipTlsVerify = true;
    const ca = str(vars['ansible_winrm_ca_trust_path']);
    if (ca) options.ca = expandHome(ca);
  } else if (connection === 'ssh' || connection === 'paramiko' || connection === 'smart') {
    const port = str(vars['ansible_port'] ?? vars['ansible_ssh_port']);
    spec = parseTarget(`ssh://${userPart}${hostPart}${port ? `:${port}` : ''}`);
    const key = str(vars['ansible_ssh_private_key_file'] ?? vars['ansible_private_key_file']);
    if (key) options.identity = expandHome(key);
    const shell = str(vars['ansible_shell_type']);
    if (shell === 'powershell' || shell === 'cmd') options.platform = 'windows';
    if (vars['ansible_become'] === true || str(vars['ansible_become']) === 'true' || str(vars['ansible_become']) === 'yes') options.sudo = true;
  } else if (connection === 'local') {
    spec = parseTarget('local');
  } else {
    throw new UsageError(`${file}: host ${name}: ansible_connection "${connection}" is not one preseal speaks`, 'use ssh, winrm or local');
  }
  return { spec, name, options, groups };
}

/** INI value: an Ansible literal (quoted string, number, true/false) or a bare word. */
function iniValue(raw: string): unknown {
  const t = raw.trim();
  if (/^".*"$|^'.*'$/.test(t)) return t.slice(1, -1);
  if (/^(true|yes)$/i.test(t)) return true;
  if (/^(false|no)$/i.test(t)) return false;
  return t;
}

function splitIniHostLine(line: string): { name: string; vars: Vars } {
  const parts = line.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const [name, ...rest] = parts;
  const vars: Vars = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) vars[p.slice(0, eq)] = iniValue(p.slice(eq + 1));
  }
  return { name: name ?? '', vars };
}

/** Ansible INI inventory: [group], [group:vars], [group:children], host lines with key=value vars. */
export function parseAnsibleIni(text: string, file: string): InventoryEntry[] {
  const hosts = new Map<string, { vars: Vars; groups: Set<string> }>();
  const groupVars = new Map<string, Vars>();
  const children = new Map<string, Set<string>>();
  let section = 'ungrouped';
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]:]+)(?::(vars|children))?\]$/.exec(line);
    if (header) {
      section = header[1] as string;
      kind = (header[2] as 'vars' | 'children' | undefined) ?? 'hosts';
      return;
    }
    if (line.startsWith('[')) throw new UsageError(`${file}:${index + 1}: section header "${line}" is not [group], [group:vars] or [group:children]`);
    if (kind === 'vars') {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new UsageError(`${file}:${index + 1}: expected key=value in [${section}:vars]`);
      const vars = groupVars.get(section) ?? {};
      vars[line.slice(0, eq).trim()] = iniValue(line.slice(eq + 1));
      groupVars.set(section, vars);
    } else if (kind === 'children') {
      const set = children.get(section) ?? new Set<string>();
      set.add(line);
      children.set(section, set);
    } else {
      const { name, vars } = splitIniHostLine(line);
      for (const host of expandHostPattern(name)) {
        const entry = hosts.get(host) ?? { vars: {}, groups: new Set<string>() };
        Object.assign(entry.vars, vars);
        entry.groups.add(section);
        hosts.set(host, entry);
      }
    }
  });
  // A host is also in every group whose children include one of its groups.
  const parentsOf = (group: string, seen = new Set<string>()): string[] => {
    const out: string[] = [];
    for (const [parent, kids] of children) {
      if (kids.has(group) && !seen.has(parent)) {
        seen.add(parent);
        out.push(parent, ...parentsOf(parent, seen));
      }
    }
    return out;
  };
  const entries: InventoryEntry[] = [];
  for (const [name, { vars, groups }] of hosts) {
    const all = new Set<string>();
    for (const g of groups) for (const x of [g, ...parentsOf(g)]) all.add(x);
    // Precedence as Ansible: all:vars, then group vars, then host vars.
    const merged: Vars = { ...groupVars.get('all') };
    for (const g of all) Object.assign(merged, groupVars.get(g));
    Object.assign(merged, vars);
    entries.push(fromAnsible(name, merged, [...all].filter((g) => g !== 'ungrouped').sort(), file));
  }
  return entries;
}

/** Ansible YAML inventory: all: { hosts, vars, children: { group: { hosts, vars, children } } }. */
export function parseAnsibleYaml(doc: Vars, file: string): InventoryEntry[] {
  const hosts = new Map<string, { vars: Vars; groups: Set<string> }>();
  const walk = (group: string, node: unknown, inherited: Vars, path: string[]) => {
    if (node === null || node === undefined) return;
    if (typeof node !== 'object' || Array.isArray(node)) throw new UsageError(`${file}: group ${group} is not a mapping`);
    const n = node as Vars;
    const vars = { ...inherited, ...(n['vars'] as Vars | undefined) };
    const groups = [...path, group];
    const hostMap = (n['hosts'] ?? {}) as Vars;
    if (typeof hostMap !== 'object' || Array.isArray(hostMap)) throw new UsageError(`${file}: hosts of group ${group} is not a mapping`);
    for (const [pattern, hv] of Object.entries(hostMap)) {
      for (const host of expandHostPattern(pattern)) {
        const entry = hosts.get(host) ?? { vars: {}, groups: new Set<string>() };
        Object.assign(entry.vars, vars, (hv ?? {}) as Vars);
        for (const g of groups) entry.groups.add(g);
        hosts.set(host, entry);
      }
    }
    for (const [child, sub] of Object.entries((n['children'] ?? {}) as Vars)) walk(child, sub, vars, groups);
  };
  for (const [group, node] of Object.entries(doc)) walk(group, node, {}, []);
  return [...hosts].map(([name, { vars, groups }]) => fromAnsible(name, vars, [...groups].filter((g) => g !== 'all' && g !== 'ungrouped').sort(), file));
}

const PRESEAL_KEYS = new Set([
  'name',
  'target',
  'host',
  'transport',
  'user',
  'port',
  'identity',
  'auth',
  'sudo',
  'platform',
  'timeout',
  'groups',
  'ca',
  'insecureSkipTlsVerify',
]);

/** preseal's own inventory: `defaults:` and `targets:`, each a target string or a mapping. */
export function parsePresealInventory(doc: Vars, file: string): InventoryEntry[] {
  const defaults = (doc['defaults'] ?? {}) as Vars;
  const targets = doc['targets'];
  if (!Array.isArray(targets)) throw new UsageError(`${file}: targets: expected a list of targets`);
  return targets.map((item, i) => {
    const where = `${file}: targets[${i}]`;
    const t: Vars = typeof item === 'string' ? { target: item } : (item as Vars);
    if (typeof t !== 'object' || t === null) throw new UsageError(`${where}: expected a target string or a mapping`);
    for (const key of Object.keys(t))
      if (!PRESEAL_KEYS.has(key)) throw new UsageError(`${where}: unknown key "${key}"`, `keys: ${[...PRESEAL_KEYS].join(', ')}`);
    const v = { ...defaults, ...t };
    let spec: TargetSpec;
    if (typeof v['target'] === 'string') spec = parseTarget(v['target']);
    else if (typeof v['host'] === 'string') {
      const transport = str(v['transport']) ?? 'ssh';
      if (!['ssh', 'winrm', 'winrms'].includes(transport)) throw new UsageError(`${where}: transport "${transport}" is not ssh, winrm or winrms`);
      const user = str(v['user']);
      spec = parseTarget(`${transport}://${user ? `${encodeURIComponent(user)}@` : ''}${v['host']}${v['port'] !== undefined ? `:${v['port']}` : ''}`);
    } else throw new UsageError(`${where}: needs "target" or "host"`);
    if (spec.kind === 'ssh' && spec.user === undefined && typeof v['user'] === 'string') spec = { ...spec, user: v['user'] };
    if (spec.kind === 'winrm' && spec.user === undefined && typeof v['user'] === 'string') spec = { ...spec, user: v['user'] };
    const options: Partial<ConnectOptions> = {};
    if (typeof v['identity'] === 'string') options.identity = expandHome(v['identity']);
    if (v['auth'] === 'basic' || v['auth'] === 'ntlm') options.auth = v['auth'];
    if (typeof v['sudo'] === 'boolean') options.sudo = v['sudo'];
    if (v['platform'] === 'linux' || v['platform'] === 'windows') options.platform = v['platform'];
    if (typeof v['timeout'] === 'number') options.timeoutMs = v['timeout'] * 1000;
    if (typeof v['ca'] === 'string') options.ca = expandHome(v['ca']);
    if (typeof v['insecureSkipTlsVerify'] === 'boolean') options.insecureSkipTlsVerify = v['insecureSkipTlsVerify'];
    const groups = Array.isArray(v['groups']) ? v['groups'].map(String) : [];
    return typeof t['name'] === 'string' ? { spec, name: t['name'], options, groups } : { spec, options, groups };
  });
}

/** Parses inventory text: preseal YAML, Ansible YAML or Ansible INI, told apart by content. */
export async function parseInventory(text: string, file: string): Promise<InventoryEntry[]> {
  const trimmed = text.trimStart();
  const looksIni = /^\[[^\]]+\]\s*$/m.test(text) || (!/^[\w-]+\s*:/m.test(trimmed) && !trimmed.startsWith('{'));
  if (looksIni && !/^(targets|defaults|all)\s*:/m.test(text)) return parseAnsibleIni(text, file);
  let doc: unknown;
  try {
    doc = await parseYaml(text);
  } catch (e) {
    throw new UsageError(`${file}: cannot parse: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new UsageError(`${file}: expected a mapping with "targets:" or an Ansible inventory`);
  return 'targets' in doc ? parsePresealInventory(doc as Vars, file) : parseAnsibleYaml(doc as Vars, file);
}

export async function loadInventory(file: string): Promise<InventoryEntry[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read inventory ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const entries = await parseInventory(text, file);
  if (entries.length === 0) throw new UsageError(`inventory ${file} names no targets`);
  return entries;
}

/**
 * --limit: the entries in one of the groups, or whose name or target is given. A limit that
 * matches nothing is a usage error that lists the groups and names there are.
 */
export function limitEntries(entries: readonly InventoryEntry[], limit: readonly string[]): InventoryEntry[] {
  if (limit.length === 0) return [...entries];
  const selected = entries.filter(
    (e) => e.groups.some((g) => limit.includes(g)) || limit.includes(e.spec.raw) || (e.name !== undefined && limit.includes(e.name)),
  );
  if (selected.length === 0) {
    const groups = [...new Set(entries.flatMap((e) => e.groups))].sort();
    const names = entries.map((e) => e.name ?? e.spec.raw);
    const list = (xs: string[]) => (xs.length > 20 ? `${xs.slice(0, 20).join(', ')} and ${xs.length - 20} more` : xs.join(', '));
    throw new UsageError(
      `--limit ${limit.join(',')} matches no target of the inventory`,
      entries.length === 0 ? 'no inventory targets were given (--inventory FILE)' : `groups: ${list(groups) || '(none)'}; hosts: ${list(names)}`,
    );
  }
  return selected;
}
