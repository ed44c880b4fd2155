import { parse as parseYaml } from 'yaml';
import type { Facts } from '../../../src/facts/catalog.js';
import { contentLines, iniEntries } from './text.js';

/** What the Linux network rules (L048–L051) need from each network configuration format. */
export interface NetFinding {
  path: string;
  /** The interface or connection the setting belongs to. */
  iface: string;
  /** The setting as written, e.g. `HWADDR=00:15:5d:01:02:03` or `addresses: 10.0.0.4/24`. */
  detail: string;
}

export interface NetModel {
  macPins: NetFinding[];
  staticAddresses: NetFinding[];
  /** Interface names the configs refer to. */
  names: NetFinding[];
}

type NetFile = Facts['networkConfig']['files'][number];

function netplan(file: NetFile, model: NetModel): void {
  let doc: unknown;
  try {
    doc = parseYaml(file.content);
  } catch {
    return;
  }
  const network = (doc as { network?: Record<string, unknown> } | null)?.network;
  if (!network || typeof network !== 'object') return;
  for (const kind of ['ethernets', 'bonds', 'bridges', 'vlans', 'wifis']) {
    const devices = network[kind];
    if (!devices || typeof devices !== 'object') continue;
    for (const [id, raw] of Object.entries(devices as Record<string, unknown>)) {
      if (id === 'lo') continue;
      const dev = (raw ?? {}) as Record<string, unknown>;
      const match = (dev['match'] ?? {}) as Record<string, unknown>;
      if (typeof match['macaddress'] === 'string') model.macPins.push({ path: file.path, iface: id, detail: `match: macaddress: ${match['macaddress']}` });
      if (typeof dev['macaddress'] === 'string') model.macPins.push({ path: file.path, iface: id, detail: `macaddress: ${dev['macaddress']}` });
      const addresses = dev['addresses'];
      if (Array.isArray(addresses) && addresses.length > 0) {
        model.staticAddresses.push({ path: file.path, iface: id, detail: `addresses: ${addresses.map(String).join(', ')}` });
      }
      model.names.push({ path: file.path, iface: id, detail: id });
      for (const n of [match['name'], dev['set-name']]) if (typeof n === 'string') model.names.push({ path: file.path, iface: id, detail: n });
    }
  }
}

function networkManager(file: NetFile, model: NetModel): void {
  const entries = iniEntries(file.content);
  const iface =
    entries.find((e) => e.section === 'connection' && e.key === 'interface-name')?.value ??
    entries.find((e) => e.section === 'connection' && e.key === 'id')?.value ??
    file.path;
  for (const e of entries) {
    if (
      /^(ethernet|802-3-ethernet|wifi|802-11-wireless)$/.test(e.section) &&
      /^(mac-address|cloned-mac-address)$/.test(e.key) &&
      /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(e.value)
    ) {
      model.macPins.push({ path: file.path, iface, detail: `${e.key}=${e.value}` });
    }
    if (/^ipv[46]$/.test(e.section) && e.key === 'method' && e.value === 'manual') {
      const addr = entries.find((a) => a.section === e.section && /^address(es)?\d*$/.test(a.key));
      model.staticAddresses.push({ path: file.path, iface, detail: `[${e.section}] method=manual${addr ? ` ${addr.key}=${addr.value}` : ''}` });
    }
    if (e.section === 'connection' && e.key === 'interface-name') model.names.push({ path: file.path, iface, detail: e.value });
  }
}

function ifupdown(file: NetFile, model: NetModel): void {
  let iface = '';
  for (const { text } of contentLines(file.content)) {
    const w = text.trim().split(/\s+/);
    if (w[0] === 'iface') {
      iface = w[1] ?? '';
      if (iface !== 'lo' && w[3] === 'static') model.staticAddresses.push({ path: file.path, iface, detail: text.trim() });
    }
    if (w[0] === 'hwaddress') model.macPins.push({ path: file.path, iface, detail: text.trim() });
    if (w[0] && /^(iface|auto|allow-hotplug|allow-auto)$/.test(w[0])) {
      for (const n of w[0] === 'iface' ? [w[1]] : w.slice(1)) if (n && n !== 'lo') model.names.push({ path: file.path, iface: n, detail: n });
    }
  }
}

function networkd(file: NetFile, model: NetModel): void {
  const entries = iniEntries(file.content);
  const iface = entries.find((e) => e.section === 'match' && e.key === 'Name')?.value ?? file.path.replace(/^.*\//, '');
  for (const e of entries) {
    if (e.key === 'MACAddress' || e.key === 'PermanentMACAddress')
      model.macPins.push({ path: file.path, iface, detail: `[${e.section === 'match' ? 'Match' : 'Link'}] ${e.key}=${e.value}` });
    if (e.key === 'Address' && (e.section === 'network' || e.section === 'address'))
      model.staticAddresses.push({ path: file.path, iface, detail: `Address=${e.value}` });
    if (e.section === 'match' && e.key === 'Name') for (const n of e.value.split(/\s+/)) model.names.push({ path: file.path, iface, detail: n });
    if (e.section === 'link' && e.key === 'Name') model.names.push({ path: file.path, iface, detail: e.value });
  }
}

function ifcfg(file: NetFile, model: NetModel): void {
  const vars = new Map<string, string>();
  for (const { text } of contentLines(file.content)) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(text);
    if (m) vars.set(m[1] as string, (m[2] as string).trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  const iface = vars.get('DEVICE') ?? vars.get('NAME') ?? file.path.replace(/^.*ifcfg-/, '');
  for (const key of ['HWADDR', 'MACADDR']) {
    const v = vars.get(key);
    if (v) model.macPins.push({ path: file.path, iface, detail: `${key}=${v}` });
  }
  const proto = (vars.get('BOOTPROTO') ?? '').toLowerCase();
  if (iface !== 'lo' && (proto === 'static' || ((proto === 'none' || proto === '') && vars.has('IPADDR')))) {
    model.staticAddresses.push({
      path: file.path,
      iface,
      detail: `BOOTPROTO=${proto || '(unset)'}${vars.has('IPADDR') ? ` IPADDR=${vars.get('IPADDR')}` : ''}`,
    });
  }
  if (iface !== 'lo') model.names.push({ path: file.path, iface, detail: iface });
}

/** Parses every network configuration file in its own format into one model. */
export function networkModel(files: readonly NetFile[]): NetModel {
  const model: NetModel = { macPins: [], staticAddresses: [], names: [] };
  const parsers: Partial<Record<NetFile['format'], (f: NetFile, m: NetModel) => void>> = { netplan, networkmanager: networkManager, ifupdown, networkd, ifcfg };
  for (const file of files) parsers[file.format]?.(file, model);
  return model;
}

/** Rules of a udev persistent-net file that pin a MAC address to a name: `ATTR{address}=="…", NAME="eth0"`. */
export function udevPins(file: NetFile): NetFinding[] {
  return contentLines(file.content).flatMap(({ text }) => {
    const mac = /ATTRS?\{address\}=="([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})"/.exec(text);
    const name = /NAME="([^"]+)"/.exec(text);
    return mac ? [{ path: file.path, iface: name?.[1] ?? '', detail: `${mac[1]} → ${name?.[1] ?? '?'}` }] : [];
  });
}
