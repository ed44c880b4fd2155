import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endPointHash, signatureAlgorithmOid, tlsServerEndPoint } from '../../src/winrm/channel-binding.js';
import { decryptBody, encryptBody } from '../../src/winrm/encryption.js';
import { HttpResponseTooLargeError, parseResponse, ResponseReader } from '../../src/winrm/http.js';
import { CLIENT_FLAGS, NtlmSecurity } from '../../src/winrm/ntlm.js';
import { endPointHashByOpenssl, makeCertificate } from './helpers.js';

const key = Buffer.alloc(16, 0x55);
const pair = () => ({ client: new NtlmSecurity(key, CLIENT_FLAGS, 'client'), server: new NtlmSecurity(key, CLIENT_FLAGS, 'server') });

describe('multipart/encrypted framing (MS-WSMV 2.2.9.1.1)', () => {
  it('has the layout pywinrm test_encrypt_message expects, for a 19-byte body', () => {
    const body = encryptBody(pair().client, Buffer.from('unencrypted message'));
    const head =
      '--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n' +
      '\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=19\r\n' +
      '--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n';
    expect(body.subarray(0, head.length).toString('latin1')).toBe(head);
    expect(body.readUInt32LE(head.length)).toBe(16);
    // 4-byte length + 16-byte signature + 19 sealed bytes + closing boundary.
    expect(body.length).toBe(head.length + 4 + 16 + 19 + '--Encrypted Boundary--\r\n'.length);
  });

  it('round-trips in both directions over several messages', () => {
    const { client, server } = pair();
    for (const text of ['<a/>', 'é'.repeat(5000), '']) {
      expect(decryptBody(server, encryptBody(client, Buffer.from(text))).toString()).toBe(text);
      expect(decryptBody(client, encryptBody(server, Buffer.from(text))).toString()).toBe(text);
    }
  });

  it('refuses a tampered body and a wrong OriginalContent length', () => {
    const a = pair();
    const body = encryptBody(a.client, Buffer.from('<s:Envelope/>'));
    body[body.length - 30] = body[body.length - 30]! ^ 1;
    expect(() => decryptBody(a.server, body)).toThrow(/signature/);
    const b = pair();
    const lying = Buffer.from(encryptBody(b.client, Buffer.from('<s:Envelope/>')).toString('latin1').replace('Length=13', 'Length=14'), 'latin1');
    expect(() => decryptBody(b.server, lying)).toThrow(/altered/);
  });

  it('accepts the closing boundary with or without the trailing dashes', () => {
    const { client, server } = pair();
    const body = encryptBody(client, Buffer.from('x'));
    const old = Buffer.concat([body.subarray(0, body.length - '--Encrypted Boundary--\r\n'.length), Buffer.from('--Encrypted Boundary\r\n')]);
    expect(decryptBody(server, old).toString()).toBe('x');
  });
});

describe('HTTP response parsing', () => {
  it('reads Content-Length and chunked bodies, and waits for more bytes', () => {
    const cl = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: a\r\n\r\nhello');
    expect(parseResponse(cl, false)).toMatchObject({ status: 200, headers: { 'content-type': 'a' } });
    expect(parseResponse(cl.subarray(0, cl.length - 1), false)).toBeUndefined();
    const chunked = Buffer.from('HTTP/1.1 500 Internal\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    expect(parseResponse(chunked, false)?.body.toString()).toBe('abcde');
    expect(parseResponse(chunked.subarray(0, 50), false)).toBeUndefined();
    const auth = Buffer.from('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nWWW-Authenticate: Basic realm="WSMAN"\r\nContent-Length: 0\r\n\r\n');
    expect(parseResponse(auth, false)?.headers['www-authenticate']).toBe('Negotiate, Basic realm="WSMAN"');
  });
  it('refuses an answer that is not HTTP', () => {
    expect(() => parseResponse(Buffer.from('\u0015\u0003\u0001\u0000\u0002\u0002\n\r\n\r\n', 'latin1'), false)).toThrow(/did not answer in HTTP/);
  });
});

describe('ResponseReader: answers bounded as they arrive (issue 19 item 9)', () => {
  const feed = (reader: ResponseReader, data: Buffer, size: number) => {
    for (let off = 0; off < data.length; off += size) {
      const r = reader.push(data.subarray(off, off + size));
      if (r) return { r, at: off + size };
    }
    return { r: reader.end(), at: data.length };
  };

  it('reads Content-Length and chunked bodies fed a few bytes at a time', () => {
    const body = Buffer.alloc(100_000, 0x61);
    const cl = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    expect(feed(new ResponseReader(200_000), cl, 7).r?.body.equals(body)).toBe(true);
    const chunked = Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
      ...[0, 1, 2, 3].map((i) => Buffer.concat([Buffer.from('61a8;x=y\r\n'), body.subarray(i * 25_000, (i + 1) * 25_000), Buffer.from('\r\n')])),
      Buffer.from('0\r\nX-T: 1\r\n\r\n'),
    ]);
    expect(feed(new ResponseReader(200_000), chunked, 5).r?.body.equals(body)).toBe(true);
  });

  it('refuses at the chunk that passes the limit: a declared length at once, a chunked or unbounded body as it grows', () => {
    expect(() => new ResponseReader(1000).push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n'))).toThrow(HttpResponseTooLargeError);
    for (const head of ['HTTP/1.1 200 OK\r\n\r\n', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n']) {
      const reader = new ResponseReader(1000);
      reader.push(Buffer.from(head));
      const piece = head.includes('chunked') ? Buffer.from(`64\r\n${'a'.repeat(100)}\r\n`) : Buffer.alloc(100, 0x61);
      let pushed = 0;
      expect(() => {
        for (;;) {
          reader.push(piece);
          pushed++;
        }
      }).toThrow(/larger than 1000 bytes/);
      expect(pushed).toBe(10);
    }
  });

  it('refuses headers that never end, and a bad Content-Length', () => {
    const reader = new ResponseReader(1000);
    reader.push(Buffer.from('HTTP/1.1 200 OK\r\n'));
    expect(() => reader.push(Buffer.alloc(70_000, 0x61))).toThrow(/headers/);
    expect(() => parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'), false)).toThrow(/bad Content-Length/);
  });
});

describe('tls-server-end-point (RFC 5929 section 4.1)', () => {
  it('hashes a SHA-256-signed certificate with SHA-256 and a SHA-384-signed one with SHA-384', () => {
    const c256 = makeCertificate();
    const der256 = new X509Certificate(c256.cert).raw;
    expect(signatureAlgorithmOid(der256)).toBe('1.2.840.113549.1.1.11');
    expect(tlsServerEndPoint(der256).toString('latin1')).toBe(`tls-server-end-point:${createHash('sha256').update(der256).digest().toString('latin1')}`);
    const keyFile = join(c256.dir, 'key.pem');
    const cert384 = execFileSync('openssl', ['req', '-x509', '-new', '-key', keyFile, '-sha384', '-days', '1', '-subj', '/CN=x'], { encoding: 'utf8' });
    const der384 = new X509Certificate(cert384).raw;
    expect(signatureAlgorithmOid(der384)).toBe('1.2.840.113549.1.1.12');
    expect(tlsServerEndPoint(der384).subarray(21).equals(createHash('sha384').update(der384).digest())).toBe(true);
    expect(readFileSync(keyFile, 'utf8')).toContain('PRIVATE KEY');
  });

  it.each(['sha256', 'sha384', 'sha512'] as const)(
    'an RSASSA-PSS certificate with %s hashes with the hash of its parameters, as OpenSSL reads them',
    (hash) => {
      const c = makeCertificate({ pss: hash });
      const der = new X509Certificate(c.cert).raw;
      expect(signatureAlgorithmOid(der)).toBe('1.2.840.113549.1.1.10');
      expect(endPointHashByOpenssl(c.cert)).toBe(hash);
      expect(endPointHash(der)).toBe(hash);
      expect(tlsServerEndPoint(der).subarray(21).equals(createHash(hash).update(der).digest())).toBe(true);
    },
  );
});
