import type { NtlmSecurity } from './ntlm.js';

// HTTP message encryption for WinRM over plain HTTP (MS-WSMV 2.2.9.1.1): the SOAP body travels
// sealed in a two-part multipart/encrypted body. Framing as in pywinrm winrm/encryption.py.

const BOUNDARY = 'Encrypted Boundary';
const PROTOCOL = 'application/HTTP-SPNEGO-session-encrypted';
export const ENCRYPTED_CONTENT_TYPE = `multipart/encrypted;protocol="${PROTOCOL}";boundary="${BOUNDARY}"`;
export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

export class EncryptionError extends Error {}

export function isEncryptedContentType(contentType: string | undefined): boolean {
  return !!contentType && contentType.toLowerCase().startsWith('multipart/encrypted') && contentType.includes(PROTOCOL);
}

export function encryptBody(security: NtlmSecurity, plaintext: Buffer): Buffer {
  const { sealed, signature } = security.wrap(plaintext);
  const sigLength = Buffer.alloc(4);
  sigLength.writeUInt32LE(signature.length, 0);
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\n\tContent-Type: ${PROTOCOL}\r\n\tOriginalContent: type=${SOAP_CONTENT_TYPE};Length=${plaintext.length}\r\n` +
        `--${BOUNDARY}\r\n\tContent-Type: application/octet-stream\r\n`,
      'latin1',
    ),
    sigLength,
    signature,
    sealed,
    Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1'),
  ]);
}

/** Unseals a multipart/encrypted body and checks its length against OriginalContent (pywinrm does the same). */
export function decryptBody(security: NtlmSecurity, body: Buffer): Buffer {
  const opening = Buffer.from(`--${BOUNDARY}\r\n`, 'latin1');
  if (!body.subarray(0, opening.length).equals(opening)) throw new EncryptionError('the encrypted body does not start with its boundary');
  const second = body.indexOf(opening, opening.length);
  if (second < 0) throw new EncryptionError('the encrypted body has no second part');
  const head = body.subarray(opening.length, second).toString('latin1');
  const length = /Length=(\d+)/i.exec(head);
  if (!length) throw new EncryptionError('the encrypted body gives no OriginalContent length');
  const marker = 'application/octet-stream\r\n';
  const at = body.indexOf(marker, second, 'latin1');
  if (at < 0) throw new EncryptionError('the encrypted body has no octet-stream part');
  let payload = body.subarray(at + marker.length);
  for (const end of [`--${BOUNDARY}--\r\n`, `--${BOUNDARY}\r\n`, `--${BOUNDARY}--`]) {
    const tail = Buffer.from(end, 'latin1');
    if (payload.length >= tail.length && payload.subarray(payload.length - tail.length).equals(tail)) {
      payload = payload.subarray(0, payload.length - tail.length);
      break;
    }
  }
  if (payload.length < 4) throw new EncryptionError('the encrypted part is empty');
  const sigLength = payload.readUInt32LE(0);
  if (sigLength !== 16 || payload.length < 4 + sigLength) throw new EncryptionError('the encrypted part has a bad signature length');
  const plaintext = security.unwrap(payload.subarray(4 + sigLength), payload.subarray(4, 4 + sigLength));
  if (plaintext.length !== Number(length[1])) throw new EncryptionError('the decrypted length does not match OriginalContent: the message was altered');
  return plaintext;
}
