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

/**
 * A value as the live probe's PowerShell sees it after `[string]`: the registry provider hands
 * over the .NET value (REG_DWORD Int32, REG_QWORD Int64, REG_SZ/REG_EXPAND_SZ a string without
 * its final NUL, REG_MULTI_SZ string[], anything else byte[]); arrays are unrolled and joined by
 * spaces, and an empty one is $null. Mirrored here so both sources give the same facts;
 * test/hive/live-parity.test.ts runs the PowerShell collectors on the same values to prove it.
 */
export function presealText(r: RegistryResult): string | null {
  if (r.kind !== 'value') return null;
  const d = Buffer.from(r.data);
  const even = d.subarray(0, d.length - (d.length % 2)).toString('utf16le');
  if (r.type === REG.DWORD && d.length === 4) return String(d.readInt32LE(0));
  if (r.type === REG.QWORD && d.length === 8) return String(d.readBigInt64LE(0));
  if (r.type === REG.SZ || r.type === REG.EXPAND_SZ) return even.endsWith('\0') ? even.slice(0, -1) : even;
  if (r.type === REG.MULTI_SZ) {
    const parts = even.split('\0');
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts.length === 0 ? null : parts.join(' ');
  }
  return d.length === 0 ? null : [...d].join(' ');
}

/** Get-RegInt: ConvertTo-PresealInt keeps what [long]::TryParse accepts. Undefined when unreadable. */
export function presealInt(r: RegistryResult): number | null | undefined {
  if (r.kind === 'unreadable') return undefined;
  const text = presealText(r);
  if (text === null || !/^\s*[+-]?\d+\s*$/.test(text)) return null;
  const n = BigInt(text.trim());
  return n >= -(2n ** 63n) && n < 2n ** 63n ? Number(n) : null;
}

/**
 * ConvertTo-PresealStringArray (Get-RegValue ...): the .NET value unrolled by the pipeline (a
 * REG_MULTI_SZ's strings, a byte[]'s bytes, a number or string as itself), each as [string],
 * without empty ones. Undefined when unreadable.
 */
export function presealStringArray(r: RegistryResult): string[] | undefined {
  if (r.kind === 'unreadable') return undefined;
  if (r.kind !== 'value') return [];
  const d = Buffer.from(r.data);
  if (r.type === REG.MULTI_SZ)
    return d
      .subarray(0, d.length - (d.length % 2))
      .toString('utf16le')
      .split('\0')
      .filter((s) => s !== '');
  const isNumber = (r.type === REG.DWORD && d.length === 4) || (r.type === REG.QWORD && d.length === 8);
  if (r.type === REG.SZ || r.type === REG.EXPAND_SZ || isNumber) {
    const text = presealText(r);
    return text === null || text === '' ? [] : [text];
  }
  return [...d].map(String);
}
