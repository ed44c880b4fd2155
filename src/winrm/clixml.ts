// PowerShell writes its error stream as CLIXML when stderr is redirected (`#< CLIXML` then one
// or more <Objs> documents). People need the <S S="Error"> lines, decoded, as pywinrm's
// _clean_error_msg and Ansible's _parse_clixml do.

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A character reference's code point, or U+FFFD for one Unicode does not have (hostile input). */
function codePoint(cp: number): string {
  return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e.startsWith('#') ? codePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]!,
  );
}

/** XmlConvert escapes: `_xHHHH_` is one UTF-16 code unit, so surrogate pairs rejoin by themselves. */
function decodeEscapes(text: string): string {
  return text.replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Turns CLIXML stderr into the text of its error records; other text passes through unchanged. */
export function decodeClixml(stderr: string): string {
  if (!stderr.includes('#< CLIXML')) return stderr;
  const blocks: string[] = [];
  const rest = stderr.replace(/#< CLIXML\r?\n?/g, '').replace(/<Objs\b[^>]*>([\s\S]*?)<\/Objs>|<Objs\b[^>]*\/>/g, (_, inner: string | undefined) => {
    const lines = [...(inner ?? '').matchAll(/<S S="Error">([\s\S]*?)<\/S>/g)].map((m) => decodeEscapes(decodeEntities(m[1] ?? '')));
    const text = lines.join('');
    if (text) blocks.push(text);
    return '';
  });
  const decoded = blocks.join('\r\n').replace(/\r\n$/, '');
  const other = rest.trim();
  return other ? `${other}\r\n${decoded}` : decoded;
}
