import type { Facts } from '../../../src/facts/catalog.js';

type Tab = Facts['storage']['fstab'];

export interface FstabEntry {
  line: number;
  spec: string;
  file: string;
  type: string;
  options: string[];
}

/** fstab(5) entries from the probe's fields: `\040`-style octal escapes decoded, options split at commas. */
export function fstabEntries(tab: Tab): FstabEntry[] {
  const unescapeOctal = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return tab.entries.flatMap(({ line, fields }) => {
    const [spec, file, type = '', options = 'defaults'] = fields;
    if (!spec || !file) return [];
    return [{ line, spec: unescapeOctal(spec), file: unescapeOctal(file), type, options: options.split(',') }];
  });
}

/** An fstab-like file's text split into entries as the probe does (for rule examples). */
export function tabExample(path: string, text: string | null): Tab {
  const entries = (text ?? '').split('\n').flatMap((raw, i) => {
    if (/^\s*(#|$)/.test(raw)) return [];
    return [{ line: i + 1, fields: raw.trim().split(/\s+/) }];
  });
  return { path, present: text !== null, entries };
}

/** A `storage` fact value for rule examples: fstab text, optional crypttab text and swap units. */
export function storageExample(parts: { fstab?: string | null; crypttab?: string | null; swapUnits?: string[]; osTrees?: string[] }): Facts['storage'] {
  return {
    fstab: tabExample('/etc/fstab', parts.fstab === undefined ? '' : parts.fstab),
    crypttab: tabExample('/etc/crypttab', parts.crypttab ?? null),
    swapUnits: parts.swapUnits ?? [],
    lvmDevices: null,
    osTrees: parts.osTrees ?? [],
  };
}
