import { createHash, createHmac, randomBytes } from 'node:crypto';
import { md4 } from './md4.js';
import { Rc4, rc4 } from './rc4.js';

// NTLMv2 with extended session security, key exchange and a MIC, as MS-NLMP describes it
// (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/). Section numbers below
// refer to that document.

/** NEGOTIATE flags (MS-NLMP 2.2.2.5). */
export const NtlmFlag = {
  UNICODE: 0x00000001,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  KEY_128: 0x20000000,
  KEY_EXCH: 0x40000000,
  KEY_56: 0x80000000,
} as const;

export const CLIENT_FLAGS =
  (NtlmFlag.UNICODE |
    NtlmFlag.REQUEST_TARGET |
    NtlmFlag.SIGN |
    NtlmFlag.SEAL |
    NtlmFlag.NTLM |
    NtlmFlag.ALWAYS_SIGN |
    NtlmFlag.EXTENDED_SESSIONSECURITY |
    NtlmFlag.TARGET_INFO |
    NtlmFlag.VERSION |
    NtlmFlag.KEY_128 |
    NtlmFlag.KEY_EXCH |
    NtlmFlag.KEY_56) >>>
  0;

/** AV_PAIR ids (MS-NLMP 2.2.2.1). */
export const AvId = {
  EOL: 0,
  NbComputerName: 1,
  NbDomainName: 2,
  DnsComputerName: 3,
  DnsDomainName: 4,
  Flags: 6,
  Timestamp: 7,
  TargetName: 9,
  ChannelBindings: 10,
} as const;

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** Windows 10 / NTLM revision 15; servers only log it. */
const VERSION = Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 0x0f]);

export class NtlmError extends Error {}

export const utf16 = (s: string) => Buffer.from(s, 'utf16le');
const hmacMd5 = (key: Uint8Array, ...data: Uint8Array[]) => {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
};
const md5 = (...data: Uint8Array[]) => {
  const h = createHash('md5');
  for (const d of data) h.update(d);
  return h.digest();
};

/** `DOMAIN\user` splits in two; `user@domain` (a UPN) and a bare `user` go whole, with no domain (MS-NLMP 3.1.5.1.2). */
export function splitUserName(name: string): { user: string; domain: string } {
  const slash = name.indexOf('\\');
  if (slash >= 0) return { domain: name.slice(0, slash), user: name.slice(slash + 1) };
  return { user: name, domain: '' };
}

/** NTOWFv2 (MS-NLMP 3.3.2). */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(md4(utf16(password)), utf16(user.toUpperCase() + domain));
}

export interface AvPair {
  id: number;
  value: Buffer;
}

export function parseAvPairs(buf: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  let off = 0;
  while (off + 4 <= buf.length) {
    const id = buf.readUInt16LE(off);
    const len = buf.readUInt16LE(off + 2);
    if (id === AvId.EOL) return pairs;
    if (off + 4 + len > buf.length) throw new NtlmError('target info is cut short');
    pairs.push({ id, value: buf.subarray(off + 4, off + 4 + len) });
    off += 4 + len;
  }
  throw new NtlmError('target info has no end marker');
}

export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const p of pairs) {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(p.id, 0);
    head.writeUInt16LE(p.value.length, 2);
    parts.push(head, p.value);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

/** Builds a message: fixed header fields, then the payloads that the 8-byte fields point at. */
function buildMessage(type: number, fixed: (Buffer | { payload: Buffer })[], headerExtra: Buffer[]): Buffer {
  const fixedLength = 12 + fixed.reduce((n, f) => n + (Buffer.isBuffer(f) ? f.length : 8), 0) + headerExtra.reduce((n, b) => n + b.length, 0);
  const head: Buffer[] = [SIGNATURE, u32(type)];
  const payloads: Buffer[] = [];
  let offset = fixedLength;
  for (const f of fixed) {
    if (Buffer.isBuffer(f)) {
      head.push(f);
      continue;
    }
    const field = Buffer.alloc(8);
    field.writeUInt16LE(f.payload.length, 0);
    field.writeUInt16LE(f.payload.length, 2);
    field.writeUInt32LE(offset, 4);
    head.push(field);
    payloads.push(f.payload);
    offset += f.payload.length;
  }
  return Buffer.concat([...head, ...headerExtra, ...payloads]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

function readField(msg: Buffer, at: number): Buffer {
  if (at + 8 > msg.length) throw new NtlmError('message is cut short');
  const len = msg.readUInt16LE(at);
  const off = msg.readUInt32LE(at + 4);
  if (off + len > msg.length) throw new NtlmError('a field points past the end of the message');
  return msg.subarray(off, off + len);
}

function checkHeader(msg: Buffer, type: number): void {
  if (msg.length < 12 || !msg.subarray(0, 8).equals(SIGNATURE)) throw new NtlmError('not an NTLM message');
  const got = msg.readUInt32LE(8);
  if (got !== type) throw new NtlmError(`expected NTLM message type ${type}, got ${got}`);
}

/** NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1), with empty domain and workstation. */
export function negotiateMessage(flags = CLIENT_FLAGS): Buffer {
  return buildMessage(1, [u32(flags), { payload: Buffer.alloc(0) }, { payload: Buffer.alloc(0) }], [VERSION]);
}

export interface ChallengeMessage {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  targetInfo: Buffer;
}

/** CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2). */
export function parseChallenge(msg: Buffer): ChallengeMessage {
  checkHeader(msg, 2);
  if (msg.length < 48) throw new NtlmError('challenge message is cut short');
  const flags = msg.readUInt32LE(20);
  return {
    flags,
    serverChallenge: Buffer.from(msg.subarray(24, 32)),
    targetName: readField(msg, 12).toString(flags & NtlmFlag.UNICODE ? 'utf16le' : 'latin1'),
    targetInfo: Buffer.from(readField(msg, 40)),
  };
}

export function challengeMessage(c: ChallengeMessage): Buffer {
  // Field order in the header: TargetName (12), flags (20), challenge (24), reserved (32), TargetInfo (40), Version (48).
  const targetName = utf16(c.targetName);
  const fixedLength = 56;
  const name = Buffer.alloc(8);
  name.writeUInt16LE(targetName.length, 0);
  name.writeUInt16LE(targetName.length, 2);
  name.writeUInt32LE(fixedLength, 4);
  const info = Buffer.alloc(8);
  info.writeUInt16LE(c.targetInfo.length, 0);
  info.writeUInt16LE(c.targetInfo.length, 2);
  info.writeUInt32LE(fixedLength + targetName.length, 4);
  return Buffer.concat([SIGNATURE, u32(2), name, u32(c.flags), c.serverChallenge, Buffer.alloc(8), info, VERSION, targetName, c.targetInfo]);
}

export interface AuthenticateMessage {
  flags: number;
  lmResponse: Buffer;
  ntResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  encryptedRandomSessionKey: Buffer;
  mic: Buffer;
  /** The message with the MIC zeroed, for checking it. */
  withoutMic: Buffer;
}

const MIC_OFFSET = 72;

/** AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3), as sent with a Version and a MIC. */
export function parseAuthenticate(msg: Buffer): AuthenticateMessage {
  checkHeader(msg, 3);
  if (msg.length < MIC_OFFSET + 16) throw new NtlmError('authenticate message is cut short');
  const flags = msg.readUInt32LE(60);
  const text = (b: Buffer) => b.toString(flags & NtlmFlag.UNICODE ? 'utf16le' : 'latin1');
  const withoutMic = Buffer.from(msg);
  withoutMic.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
  return {
    flags,
    lmResponse: Buffer.from(readField(msg, 12)),
    ntResponse: Buffer.from(readField(msg, 20)),
    domain: text(readField(msg, 28)),
    user: text(readField(msg, 36)),
    workstation: text(readField(msg, 44)),
    encryptedRandomSessionKey: Buffer.from(readField(msg, 52)),
    mic: Buffer.from(msg.subarray(MIC_OFFSET, MIC_OFFSET + 16)),
    withoutMic,
  };
}

export interface V2Responses {
  ntResponse: Buffer;
  lmResponse: Buffer;
  ntProofStr: Buffer;
  sessionBaseKey: Buffer;
}

/** The NTLMv2 responses and session base key (MS-NLMP 3.3.2). `targetInfo` is the AV list as sent, with its end marker. */
export function computeV2(ntowf: Buffer, serverChallenge: Buffer, clientChallenge: Buffer, timestamp: Buffer, targetInfo: Buffer): V2Responses {
  const temp = Buffer.concat([Buffer.from([1, 1]), Buffer.alloc(6), timestamp, clientChallenge, Buffer.alloc(4), targetInfo, Buffer.alloc(4)]);
  const ntProofStr = hmacMd5(ntowf, serverChallenge, temp);
  return {
    ntProofStr,
    ntResponse: Buffer.concat([ntProofStr, temp]),
    lmResponse: Buffer.concat([hmacMd5(ntowf, serverChallenge, clientChallenge), clientChallenge]),
    sessionBaseKey: hmacMd5(ntowf, ntProofStr),
  };
}

/**
 * MsvAvChannelBindings: MD5 of a gss_channel_bindings_struct with no addresses and the
 * application data (RFC 5929 `tls-server-end-point:` + certificate hash).
 */
export function channelBindingsHash(applicationData: Buffer): Buffer {
  const struct = Buffer.alloc(20);
  struct.writeUInt32LE(applicationData.length, 16);
  return md5(struct, applicationData);
}

export interface AuthenticateInput {
  negotiate: Buffer;
  challenge: Buffer;
  user: string;
  domain: string;
  password: string;
  /** MsvAvChannelBindings value over TLS. */
  channelBindings?: Buffer;
  /** MsvAvTargetName, the SPN of the service (`HTTP/host`), as pyspnego sends it (MS-NLMP 2.2.2.1). */
  targetName?: string;
  /** Fixed values for tests; random otherwise. */
  clientChallenge?: Buffer;
  exportedSessionKey?: Buffer;
  timestamp?: Buffer;
}

export interface AuthenticateResult {
  message: Buffer;
  flags: number;
  exportedSessionKey: Buffer;
}

function fileTimeNow(): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
  return b;
}

/**
 * Flags the server's CHALLENGE must grant. Without SIGN and SEAL there is no message integrity or
 * encryption; without KEY_128 the seal key is 40 or 56 bits; without KEY_EXCH the session key is
 * the one derived from the password hash, which whoever cracks the response also has.
 */
export const REQUIRED_FLAGS: readonly [string, number][] = [
  ['Unicode', NtlmFlag.UNICODE],
  ['extended session security', NtlmFlag.EXTENDED_SESSIONSECURITY],
  ['SIGN', NtlmFlag.SIGN],
  ['SEAL', NtlmFlag.SEAL],
  ['KEY_128', NtlmFlag.KEY_128],
  ['KEY_EXCH', NtlmFlag.KEY_EXCH],
];

/** Answers a CHALLENGE with an AUTHENTICATE message and derives the exported session key. */
export function createAuthenticate(input: AuthenticateInput): AuthenticateResult {
  const challenge = parseChallenge(input.challenge);
  const flags = (CLIENT_FLAGS & challenge.flags) >>> 0;
  const missing = REQUIRED_FLAGS.filter(([, f]) => !(flags & f)).map(([name]) => name);
  if (missing.length) throw new NtlmError(`the server's challenge does not grant ${missing.join(', ')}; refused`);
  const pairs = parseAvPairs(challenge.targetInfo);
  const serverTime = pairs.find((p) => p.id === AvId.Timestamp)?.value;
  const timestamp = input.timestamp ?? serverTime ?? fileTimeNow();
  const others = pairs.filter((p) => p.id !== AvId.Flags && p.id !== AvId.ChannelBindings && p.id !== AvId.TargetName);
  const avFlags = pairs.find((p) => p.id === AvId.Flags)?.value.readUInt32LE(0) ?? 0;
  // Bit 0x2: the message carries a MIC (MS-NLMP 2.2.2.1).
  const targetInfo = encodeAvPairs([
    ...others,
    { id: AvId.Flags, value: u32(avFlags | 0x2) },
    ...(input.channelBindings ? [{ id: AvId.ChannelBindings, value: input.channelBindings }] : []),
    ...(input.targetName ? [{ id: AvId.TargetName, value: utf16(input.targetName) }] : []),
  ]);
  const clientChallenge = input.clientChallenge ?? randomBytes(8);
  const ntowf = ntowfv2(input.password, input.user, input.domain);
  const v2 = computeV2(ntowf, challenge.serverChallenge, clientChallenge, timestamp, targetInfo);
  // With a server timestamp the LMv2 response is all zeros (MS-NLMP 3.1.5.1.2).
  const lmResponse = serverTime ? Buffer.alloc(24) : v2.lmResponse;
  const keyExchangeKey = v2.sessionBaseKey;
  let exportedSessionKey = keyExchangeKey;
  let encryptedKey: Buffer = Buffer.alloc(0);
  if (flags & NtlmFlag.KEY_EXCH) {
    exportedSessionKey = input.exportedSessionKey ?? randomBytes(16);
    encryptedKey = rc4(keyExchangeKey, exportedSessionKey);
  }
  const message = buildMessage(
    3,
    [
      { payload: lmResponse },
      { payload: v2.ntResponse },
      { payload: utf16(input.domain) },
      { payload: utf16(input.user) },
      { payload: Buffer.alloc(0) },
      { payload: encryptedKey },
      u32(flags),
    ],
    [VERSION, Buffer.alloc(16)],
  );
  hmacMd5(exportedSessionKey, input.negotiate, input.challenge, message).copy(message, MIC_OFFSET);
  return { message, flags, exportedSessionKey };
}

/** MIC over the three messages, with the AUTHENTICATE's MIC field zeroed. */
export function computeMic(exportedSessionKey: Buffer, negotiate: Buffer, challenge: Buffer, authenticateWithoutMic: Buffer): Buffer {
  return hmacMd5(exportedSessionKey, negotiate, challenge, authenticateWithoutMic);
}

type Direction = 'client-to-server' | 'server-to-client';

/** SIGNKEY (MS-NLMP 3.4.5.2), with extended session security. */
export function signKey(exportedSessionKey: Buffer, direction: Direction): Buffer {
  return md5(exportedSessionKey, Buffer.from(`session key to ${direction} signing key magic constant\0`, 'latin1'));
}

/** SEALKEY (MS-NLMP 3.4.5.3), with extended session security. */
export function sealKey(exportedSessionKey: Buffer, direction: Direction, flags: number): Buffer {
  const key = flags & NtlmFlag.KEY_128 ? exportedSessionKey : flags & NtlmFlag.KEY_56 ? exportedSessionKey.subarray(0, 7) : exportedSessionKey.subarray(0, 5);
  return md5(key, Buffer.from(`session key to ${direction} sealing key magic constant\0`, 'latin1'));
}

/**
 * NTLM session security (MS-NLMP 3.4.3, 3.4.4.2): one RC4 stream and one sequence number per
 * direction, kept for the life of the security context.
 */
export class NtlmSecurity {
  private readonly out: { sign: Buffer; seal: Rc4; seq: number };
  private readonly in: { sign: Buffer; seal: Rc4; seq: number };
  private readonly keyExch: boolean;

  constructor(exportedSessionKey: Buffer, flags: number, role: 'client' | 'server') {
    const [mine, theirs]: [Direction, Direction] = role === 'client' ? ['client-to-server', 'server-to-client'] : ['server-to-client', 'client-to-server'];
    this.keyExch = (flags & NtlmFlag.KEY_EXCH) !== 0;
    this.out = { sign: signKey(exportedSessionKey, mine), seal: new Rc4(sealKey(exportedSessionKey, mine, flags)), seq: 0 };
    this.in = { sign: signKey(exportedSessionKey, theirs), seal: new Rc4(sealKey(exportedSessionKey, theirs, flags)), seq: 0 };
  }

  private signature(side: { sign: Buffer; seal: Rc4; seq: number }, message: Buffer): Buffer {
    const seq = u32(side.seq);
    let checksum: Buffer = hmacMd5(side.sign, seq, message).subarray(0, 8);
    if (this.keyExch) checksum = side.seal.update(checksum);
    side.seq++;
    return Buffer.concat([u32(1), checksum, seq]);
  }

  /** Seals a message: the RC4 stream encrypts the message first, then the checksum. */
  wrap(message: Buffer): { sealed: Buffer; signature: Buffer } {
    const sealed = this.out.seal.update(message);
    return { sealed, signature: this.signature(this.out, message) };
  }

  unwrap(sealed: Buffer, signature: Buffer): Buffer {
    const message = this.in.seal.update(sealed);
    const expected = this.signature(this.in, message);
    if (signature.length !== 16 || !expected.equals(signature)) throw new NtlmError('the message signature does not match');
    return message;
  }
}
