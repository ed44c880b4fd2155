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

/**
 * What the live probe's Get-RegInt yields for a value: PowerShell's registry provider hands over
 * the .NET value (REG_DWORD as Int32, REG_QWORD as Int64, REG_SZ/REG_EXPAND_SZ as a string
 * without its final NUL, REG_MULTI_SZ as string[], anything else as byte[]), ConvertTo-PresealInt
 * turns it into text ([string], arrays joined by spaces) and keeps it when [long]::TryParse
 * accepts it. Mirrored here so both sources give the same number; test/hive/live-parity.test.ts
 * runs the PowerShell collector on the same values to prove it.
 */
export function presealInt(r: RegistryResult): number | null | undefined {
  if (r.kind === 'unreadable') return undefined;
  if (r.kind === 'absent') return null;
  const d = Buffer.from(r.data);
  let text: string;
  if (r.type === REG.DWORD && d.length === 4) return d.readInt32LE(0);
  if (r.type === REG.QWORD && d.length === 8) return Number(d.readBigInt64LE(0));
  if (r.type === REG.SZ || r.type === REG.EXPAND_SZ) text = dotnetString(d);
  else if (r.type === REG.MULTI_SZ) text = dotnetMultiString(d).join(' ');
  else text = [...d].join(' ');
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return null;
  const n = BigInt(text.trim());
  return n >= -(2n ** 63n) && n < 2n ** 63n ? Number(n) : null;
}

function dotnetString(d: Buffer): string {
  const s = d.subarray(0, d.length - (d.length % 2)).toString('utf16le');
  return s.endsWith('\0') ? s.slice(0, -1) : s;
}

function dotnetMultiString(d: Buffer): string[] {
  const parts = d.subarray(0, d.length - (d.length % 2)).toString('utf16le').split('\0');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
