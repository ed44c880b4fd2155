/*
 * Strings from the Linux probe are the target's bytes. Valid UTF-8 arrives as text; every byte that
 * is not part of valid UTF-8 arrives as the lone surrogate U+DC80–U+DCFF (0x80–0xFF), as Python's
 * "surrogateescape" does (PEP 383). Valid text never holds a lone surrogate, so a path stays
 * unambiguous; decodeProbeBytes gives the bytes back.
 */

/** The target's bytes behind a probe string (see the surrogate-escape note above). */
export function decodeProbeBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let plain = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xdc80 && code <= 0xdcff) {
      parts.push(Buffer.from(plain, 'utf8'), Buffer.from([code - 0xdc00]));
      plain = '';
    } else plain += ch;
  }
  parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}
