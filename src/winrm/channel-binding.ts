import { createHash } from 'node:crypto';

// RFC 5929 tls-server-end-point: a hash of the server certificate, with SHA-256 unless the
// certificate's own signature uses a stronger hash (MD5 and SHA-1 are upgraded to SHA-256).

const HASH_BY_OID: Record<string, string> = {
  '1.2.840.113549.1.1.12': 'sha384', // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13': 'sha512', // sha512WithRSAEncryption
  '1.2.840.10045.4.3.3': 'sha384', // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4': 'sha512', // ecdsa-with-SHA512
};

function readTlv(der: Buffer, off: number): { tag: number; start: number; end: number } {
  const tag = der[off]!;
  let len = der[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  if (start + len > der.length) throw new Error('certificate DER is cut short');
  return { tag, start, end: start + len };
}

function oidText(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature } */
export function signatureAlgorithmOid(der: Buffer): string {
  const cert = readTlv(der, 0);
  const tbs = readTlv(der, cert.start);
  const alg = readTlv(der, tbs.end);
  const oid = readTlv(der, alg.start);
  if (oid.tag !== 0x06) throw new Error('certificate has no signature algorithm');
  return oidText(der.subarray(oid.start, oid.end));
}

/** The application data of the channel bindings: `tls-server-end-point:` + certificate hash. */
export function tlsServerEndPoint(der: Buffer): Buffer {
  let hash = 'sha256';
  try {
    hash = HASH_BY_OID[signatureAlgorithmOid(der)] ?? 'sha256';
  } catch {
    // An unreadable certificate still gets the default hash; the server then decides.
  }
  return Buffer.concat([Buffer.from('tls-server-end-point:', 'latin1'), createHash(hash).update(der).digest()]);
}
