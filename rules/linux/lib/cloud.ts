import type { Facts } from '../../../src/facts/catalog.js';
import { cloudInitSetting } from './provisioning.js';

/**
 * The datasource_list that cloud-init uses, when a configuration file sets one, and whether it
 * allows `name`. cloud-init matches the names case-insensitively
 * (sources/__init__.py list_sources: importer.match_case_insensitive_module_name); without a
 * datasource_list its built-in list (settings.py CFG_BUILTIN) holds every datasource, Ec2 and GCE included.
 */
export function datasourceAllows(p: Facts['provisioning'], name: string): { path: string; list: string[] } | undefined {
  const ds = cloudInitSetting(p, 'datasource_list');
  if (!ds) return undefined;
  const list = Array.isArray(ds.value) ? ds.value.map(String) : [String(ds.value)];
  return list.some((d) => d.trim().toLowerCase() === name.toLowerCase()) ? undefined : { path: ds.path, list };
}
