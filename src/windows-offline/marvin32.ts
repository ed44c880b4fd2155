/**
 * Marvin32, the keyed hash that checks log entries of new-format (HvLE) transaction logs
 * (msuhanov/regf, "Log entries", notes 1-3). Algorithm as published with the .NET runtime
 * (System.Marvin): two 32-bit lanes mixed per little-endian 32-bit block, then a 0x80 pad.
 */

/**
 * The seed of HvLE hashes. The specification lists it as "82 EF 4D 88 7A 4E 55 C5"; read as one
 * 64-bit number (low lane 0x7A4E55C5) it is the seed that verifies real Windows 10 logs
 * (test/hive/recovery.test.ts); read as little-endian bytes it verifies none.
 */
export const HVLE_SEED = 0x82ef4d887a4e55c5n;

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

export function marvin32(data: Uint8Array, seed: bigint = HVLE_SEED): bigint {
  let p0 = Number(seed & 0xffffffffn);
  let p1 = Number((seed >> 32n) & 0xffffffffn);
  const mix = (): void => {
    p1 = (p1 ^ p0) >>> 0;
    p0 = rotl(p0, 20);
    p0 = (p0 + p1) >>> 0;
    p1 = rotl(p1, 9);
    p1 = (p1 ^ p0) >>> 0;
    p0 = rotl(p0, 27);
    p0 = (p0 + p1) >>> 0;
    p1 = rotl(p1, 19);
  };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const whole = data.length - (data.length % 4);
  for (let i = 0; i < whole; i += 4) {
    p0 = (p0 + view.getUint32(i, true)) >>> 0;
    mix();
  }
  let tail = 0x80;
  for (let i = data.length - 1; i >= whole; i--) tail = (tail << 8) | data[i]!;
  p0 = (p0 + (tail >>> 0)) >>> 0;
  mix();
  mix();
  return (BigInt(p1) << 32n) | BigInt(p0);
}
