import { describe, expect, it } from 'vitest';
import { md4 } from '../../src/winrm/md4.js';
import { Rc4, rc4 } from '../../src/winrm/rc4.js';
import {
  CLIENT_FLAGS,
  NtlmFlag,
  NtlmSecurity,
  computeMic,
  computeV2,
  createAuthenticate,
  negotiateMessage,
  ntowfv2,
  parseAuthenticate,
  challengeMessage,
  encodeAvPairs,
  AvId,
  sealKey,
  signKey,
  splitUserName,
  utf16,
} from '../../src/winrm/ntlm.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('MD4 (RFC 1320 appendix A.5)', () => {
  const vectors: [string, string][] = [
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e33b4ddc9c38f2199c3e7b164fcc0536'],
  ];
  it.each(vectors)('MD4(%j)', (input, digest) => {
    expect(md4(Buffer.from(input, 'latin1')).toString('hex')).toBe(digest);
  });
  it('pads across a block boundary (55, 56 and 64 bytes)', () => {
    // Distinct lengths hit distinct padding paths; their digests must all differ and be stable.
    const d = [55, 56, 64].map((n) => md4(Buffer.alloc(n, 0x61)).toString('hex'));
    expect(new Set(d).size).toBe(3);
  });
});

describe('RC4 (RFC 6229 section 2)', () => {
  it('40-bit key 0x0102030405, offsets 0, 16 and 240', () => {
    const stream = rc4(hex('0102030405'), Buffer.alloc(256));
    expect(stream.subarray(0, 16).toString('hex')).toBe('b2396305f03dc027ccc3524a0a1118a8');
    expect(stream.subarray(16, 32).toString('hex')).toBe('6982944f18fc82d589c403a47a0d0919');
    expect(stream.subarray(240, 256).toString('hex')).toBe('28cb1132c96ce286421dcaadb8b69eae');
  });
  it('128-bit key 0x0102…10, offsets 0 and 16, fed in two calls (state persists)', () => {
    const r = new Rc4(hex('0102030405060708090a0b0c0d0e0f10'));
    expect(r.update(Buffer.alloc(16)).toString('hex')).toBe('9ac7cc9a609d1ef7b2932899cde41b97');
    expect(r.update(Buffer.alloc(16)).toString('hex')).toBe('5248c4959014126a6e8a84f11d1a9e1c');
  });
});

// MS-NLMP 4.2.1 common values and 4.2.4 NTLMv2 authentication.
describe('NTLMv2 (MS-NLMP 4.2.4)', () => {
  const user = 'User';
  const domain = 'Domain';
  const password = 'Password';
  const serverChallenge = hex('0123456789abcdef');
  const clientChallenge = hex('aaaaaaaaaaaaaaaa');
  const randomSessionKey = Buffer.alloc(16, 0x55);
  const time = Buffer.alloc(8);
  // 4.2.4.1.3: AV pairs MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL.
  const avPairs = hex('02000c0044006f006d00610069006e0001000c005300650072007600650072000000 0000');

  it('NTOWFv2', () => {
    expect(ntowfv2(password, user, domain).toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('NTProofStr, LMv2 response, session base key and encrypted session key', () => {
    const v2 = computeV2(ntowfv2(password, user, domain), serverChallenge, clientChallenge, time, avPairs);
    expect(v2.ntProofStr.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(v2.ntResponse.subarray(16).toString('hex')).toBe(`01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000${avPairs.toString('hex')}00000000`);
    expect(v2.lmResponse.toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(v2.sessionBaseKey.toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
    expect(rc4(v2.sessionBaseKey, randomSessionKey).toString('hex')).toBe('c5dad2544fc9799094ce1ce90bc9d03e');
  });

  it('sealing and signing keys (4.2.4.4 and 4.2.2.4 for the server side)', () => {
    const flags = NtlmFlag.KEY_128 | NtlmFlag.EXTENDED_SESSIONSECURITY;
    expect(sealKey(randomSessionKey, 'client-to-server', flags).toString('hex')).toBe('59f600973cc4960a25480a7c196e4c58');
    expect(sealKey(randomSessionKey, 'server-to-client', flags).toString('hex')).toBe('9355f3a957c1583d25c4c2f11e40390e');
    expect(signKey(randomSessionKey, 'client-to-server').toString('hex')).toBe('4788dc861b4782f35d43fd98fe1a2d39');
    expect(signKey(randomSessionKey, 'server-to-client').toString('hex')).toBe('d04d6f10741041d1d246d64188d7a8ad');
  });

  it('SEAL of "Plaintext" with sequence number 0 (4.2.4.4)', () => {
    const flags = NtlmFlag.SEAL | NtlmFlag.SIGN | NtlmFlag.EXTENDED_SESSIONSECURITY | NtlmFlag.KEY_EXCH | NtlmFlag.KEY_128;
    const client = new NtlmSecurity(randomSessionKey, flags, 'client');
    const { sealed, signature } = client.wrap(utf16('Plaintext'));
    expect(sealed.toString('hex')).toBe('54e50165bf1936dc996020c1811b0f06fb5f');
    expect(signature.toString('hex')).toBe('010000007fb38ec5c55d497600000000');
  });

  it('a server-side context unseals what the client sealed, in order, and refuses a replay', () => {
    const flags = CLIENT_FLAGS;
    const client = new NtlmSecurity(randomSessionKey, flags, 'client');
    const server = new NtlmSecurity(randomSessionKey, flags, 'server');
    const one = client.wrap(Buffer.from('first'));
    const two = client.wrap(Buffer.from('second'));
    expect(server.unwrap(one.sealed, one.signature).toString()).toBe('first');
    expect(server.unwrap(two.sealed, two.signature).toString()).toBe('second');
    expect(() => server.unwrap(two.sealed, two.signature)).toThrow(/signature/);
    const back = server.wrap(Buffer.from('reply'));
    expect(client.unwrap(back.sealed, back.signature).toString()).toBe('reply');
  });

  it('AUTHENTICATE carries user, domain, the key and a MIC that checks out', () => {
    const negotiate = negotiateMessage();
    const challenge = challengeMessage({
      flags: CLIENT_FLAGS,
      serverChallenge,
      targetName: 'Domain',
      targetInfo: encodeAvPairs([
        { id: AvId.NbDomainName, value: utf16('Domain') },
        { id: AvId.Timestamp, value: Buffer.alloc(8, 1) },
      ]),
    });
    const result = createAuthenticate({ negotiate, challenge, user, domain, password, exportedSessionKey: randomSessionKey, clientChallenge });
    const auth = parseAuthenticate(result.message);
    expect(auth.user).toBe('User');
    expect(auth.domain).toBe('Domain');
    expect(auth.lmResponse.equals(Buffer.alloc(24))).toBe(true);
    expect(auth.encryptedRandomSessionKey.length).toBe(16);
    expect(computeMic(result.exportedSessionKey, negotiate, challenge, auth.withoutMic).equals(auth.mic)).toBe(true);
  });

  it('splits the user name forms', () => {
    expect(splitUserName('CORP\\alice')).toEqual({ user: 'alice', domain: 'CORP' });
    expect(splitUserName('alice@corp.example')).toEqual({ user: 'alice@corp.example', domain: '' });
    expect(splitUserName('alice')).toEqual({ user: 'alice', domain: '' });
  });
});

describe('what the client requires of a CHALLENGE (issue 19 item 12)', () => {
  const negotiate = negotiateMessage();
  const challengeWith = (flags: number) =>
    challengeMessage({
      flags,
      serverChallenge: Buffer.alloc(8, 1),
      targetName: 'D',
      targetInfo: encodeAvPairs([{ id: AvId.Timestamp, value: Buffer.alloc(8, 1) }]),
    });
  it.each([
    ['SIGN', NtlmFlag.SIGN],
    ['SEAL', NtlmFlag.SEAL],
    ['KEY_128', NtlmFlag.KEY_128],
    ['KEY_EXCH', NtlmFlag.KEY_EXCH],
    ['extended session security', NtlmFlag.EXTENDED_SESSIONSECURITY],
  ])('refuses a challenge without %s', (name, flag) => {
    expect(() => createAuthenticate({ negotiate, challenge: challengeWith((CLIENT_FLAGS & ~flag) >>> 0), user: 'u', domain: '', password: 'p' })).toThrow(
      new RegExp(`does not grant ${name}; refused`),
    );
  });
  it('accepts one without KEY_56, and names the service in MsvAvTargetName', () => {
    const r = createAuthenticate({
      negotiate,
      challenge: challengeWith((CLIENT_FLAGS & ~NtlmFlag.KEY_56) >>> 0),
      user: 'u',
      domain: '',
      password: 'p',
      targetName: 'HTTP/vm.example',
    });
    expect(r.flags & NtlmFlag.KEY_56).toBe(0);
    const auth = parseAuthenticate(r.message);
    expect(auth.ntResponse.subarray(16).toString('hex')).toContain(Buffer.concat([Buffer.from([9, 0, 30, 0]), utf16('HTTP/vm.example')]).toString('hex'));
  });
});
