import type { RegValue } from './regf.js';

/** Registry value types (winnt.h REG_*), as stored in a key value's Data type field. */
export const REG = {
  NONE: 0,
  SZ: 1,
  EXPAND_SZ: 2,
  BINARY: 3,
  DWORD: 4,
  DWORD_BIG_ENDIAN: 5,
  LINK: 6,
  MULTI_SZ: 7,
  RESOURCE_LIST: 8,
  FULL_RESOURCE_DESCRIPTOR: 9,
  RESOURCE_REQUIREMENTS_LIST: 10,
  QWORD: 11,
} as const;

const TYPE_NAMES = Object.fromEntries(Object.entries(REG).map(([k, v]) => [v, `REG_${k}`])) as Record<number, string>;

/** 'REG_SZ', or the number for a type Windows does not predefine (devices use 0xFFFF0012...). */
export function regTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `0x${type.toString(16)}`;
}

function utf16(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength - (data.byteLength % 2)).toString('utf16le');
}

/**
 * A string value as RegGetValue returns it: REG_SZ, REG_EXPAND_SZ (not expanded) and REG_LINK
 * are UTF-16LE, ending at the first NUL when there is one. Other types: undefined.
 */
export function regString(v: RegValue): string | undefined {
  if (v.type !== REG.SZ && v.type !== REG.EXPAND_SZ && v.type !== REG.LINK) return undefined;
  const s = utf16(v.data);
  const nul = s.indexOf('\0');
  return nul === -1 ? s : s.slice(0, nul);
}

/** REG_MULTI_SZ: the strings up to the empty one that ends the list. */
export function regMultiString(v: RegValue): string[] | undefined {
  if (v.type !== REG.MULTI_SZ) return undefined;
  const parts = utf16(v.data).split('\0');
  const end = parts.indexOf('');
  return end === -1 ? parts : parts.slice(0, end);
}

/** REG_DWORD (little-endian) or REG_DWORD_BIG_ENDIAN of exactly 4 bytes. */
export function regDword(v: RegValue): number | undefined {
  if ((v.type !== REG.DWORD && v.type !== REG.DWORD_BIG_ENDIAN) || v.data.length !== 4) return undefined;
  const b = Buffer.from(v.data);
  return v.type === REG.DWORD ? b.readUInt32LE(0) : b.readUInt32BE(0);
}

/** REG_QWORD of exactly 8 bytes. */
export function regQword(v: RegValue): bigint | undefined {
  if (v.type !== REG.QWORD || v.data.length !== 8) return undefined;
  return Buffer.from(v.data).readBigUInt64LE(0);
}
