import { createHash } from 'node:crypto';

// RFC 5929 §4.1 tls-server-end-point: a hash of the server certificate with the hash function of
// the certificate's signature algorithm, MD5 and SHA-1 upgraded to SHA-256.

const HASH_BY_OID: Record<string, string> = {
  '1.2.840.113549.1.1.12': 'sha384', // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13': 'sha512', // sha512WithRSAEncryption
  '1.2.840.113549.1.1.14': 'sha224', // sha224WithRSAEncryption
  '1.2.840.10045.4.3.1': 'sha224', // ecdsa-with-SHA224
  '1.2.840.10045.4.3.3': 'sha384', // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4': 'sha512', // ecdsa-with-SHA512
};

/** RSASSA-PSS (RFC 4055 §3.1, RFC 8017 A.2.3): its hash is in the parameters, SHA-1 when absent. */
const RSASSA_PSS = '1.2.840.113549.1.1.10';

/** Hash algorithm OIDs (NIST, RFC 5754 §2) that a PSS signature may name. */
const HASH_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
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

/** The certificate's signatureAlgorithm: AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
function signatureAlgorithm(der: Buffer): { oid: string; params?: { tag: number; start: number; end: number } } {
  const cert = readTlv(der, 0);
  const tbs = readTlv(der, cert.start);
  const alg = readTlv(der, tbs.end);
  const oid = readTlv(der, alg.start);
  if (oid.tag !== 0x06) throw new Error('certificate has no signature algorithm');
  const text = oidText(der.subarray(oid.start, oid.end));
  return oid.end < alg.end ? { oid: text, params: readTlv(der, oid.end) } : { oid: text };
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature } */
export function signatureAlgorithmOid(der: Buffer): string {
  return signatureAlgorithm(der).oid;
}

/** RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] HashAlgorithm DEFAULT sha1, ... } */
function pssHash(der: Buffer, params: { tag: number; start: number; end: number } | undefined): string {
  if (params?.tag !== 0x30 || params.start >= params.end) return 'sha1';
  const first = readTlv(der, params.start);
  if (first.tag !== 0xa0) return 'sha1';
  const alg = readTlv(der, first.start);
  const oid = readTlv(der, alg.start);
  if (oid.tag !== 0x06) throw new Error('RSASSA-PSS parameters have no hash algorithm');
  const name = HASH_OID[oidText(der.subarray(oid.start, oid.end))];
  if (!name) throw new Error('RSASSA-PSS parameters name an unknown hash');
  return name;
}

/** The hash RFC 5929 §4.1 prescribes for this certificate. */
export function endPointHash(der: Buffer): string {
  const alg = signatureAlgorithm(der);
  const hash = alg.oid === RSASSA_PSS ? pssHash(der, alg.params) : (HASH_BY_OID[alg.oid] ?? 'sha256');
  return hash === 'sha1' || hash === 'md5' ? 'sha256' : hash;
}

/** The application data of the channel bindings: `tls-server-end-point:` + certificate hash. */
export function tlsServerEndPoint(der: Buffer): Buffer {
  let hash = 'sha256';
  try {
    hash = endPointHash(der);
  } catch {
    // An unreadable certificate still gets the default hash; the server then decides.
  }
  return Buffer.concat([Buffer.from('tls-server-end-point:', 'latin1'), createHash(hash).update(der).digest()]);
}
