import type { RegistryResult } from '../registry-source.js';
import { REG, regDword, regString } from '../values.js';

/** A string value (REG_SZ/REG_EXPAND_SZ), '' when absent; undefined when of another type. */
export function stringOf(r: RegistryResult): string | undefined {
  if (r.kind !== 'value') return r.kind === 'absent' ? '' : undefined;
  return regString({ name: '', type: r.type, data: r.data });
}

export function dwordOf(r: RegistryResult): number | undefined {
  return r.kind === 'value' ? regDword({ name: '', type: r.type, data: r.data }) : undefined;
}

export function isString(r: RegistryResult): boolean {
  return r.kind === 'value' && (r.type === REG.SZ || r.type === REG.EXPAND_SZ);
}

/**
 * The LSA stores policy names (SECURITY\Policy\PolPrDmN, PolDnDDN) as a self-relative
 * UNICODE_STRING: Length and MaximumLength (UInt16, bytes), then the offset of the UTF-16LE
 * buffer from the start of the data (8 in every hive seen). Undefined when it does not parse.
 */
export function lsaUnicodeString(r: RegistryResult): string | undefined {
  if (r.kind === 'absent') return '';
  if (r.kind !== 'value') return undefined;
  const d = Buffer.from(r.data);
  if (d.length === 0) return '';
  if (d.length < 8) return undefined;
  const length = d.readUInt16LE(0);
  const offset = d.readUInt32LE(4);
  if (length % 2 !== 0 || offset < 8 || offset + length > d.length) return undefined;
  return d.toString('utf16le', offset, offset + length);
}
