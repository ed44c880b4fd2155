import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away self-signed certificate for 127.0.0.1 / localhost, made with `openssl req`;
 * `pss` signs it with RSASSA-PSS and that hash (the parameters carry it, RFC 4055 §3.1).
 */
export function makeCertificate(o: { pss?: 'sha256' | 'sha384' | 'sha512' } = {}): { dir: string; key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'preseal-winrm-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      ...(o.pss ? ['-sigopt', 'rsa_padding_mode:pss', `-${o.pss}`] : ['-sha256']),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  return { dir, key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/**
 * The hash RFC 5929 §4.1 prescribes for a certificate, read by OpenSSL (`openssl x509 -text`),
 * independently of preseal's DER reader: the signature's hash, in the PSS parameters for
 * rsassaPss; MD5 and SHA-1 become SHA-256.
 */
export function endPointHashByOpenssl(certPem: string): string {
  const textOut = execFileSync('openssl', ['x509', '-noout', '-text'], { input: certPem, encoding: 'utf8' });
  const alg = /Signature Algorithm:\s*(\S+)/.exec(textOut)?.[1] ?? '';
  let hash: string;
  if (alg === 'rsassaPss') hash = /Hash Algorithm:\s*(\S+)/.exec(textOut)?.[1]?.toLowerCase() ?? 'sha1';
  else hash = /(md5|sha1|sha224|sha256|sha384|sha512)/i.exec(alg)?.[1]?.toLowerCase() ?? 'sha256';
  return hash === 'md5' || hash === 'sha1' ? 'sha256' : hash;
}

/**
 * MsvAvChannelBindings for a server certificate: MD5 of a gss_channel_bindings_struct (RFC 2744
 * §3.11: four zero address fields, then the application data length) and the application data
 * `tls-server-end-point:` + certificate hash (RFC 5929 §4).
 */
export function certificateBindings(certPem: string): Buffer {
  const der = new X509Certificate(certPem).raw;
  const app = Buffer.concat([Buffer.from('tls-server-end-point:', 'latin1'), createHash(endPointHashByOpenssl(certPem)).update(der).digest()]);
  const head = Buffer.alloc(20);
  head.writeUInt32LE(app.length, 16);
  return createHash('md5').update(head).update(app).digest();
}
