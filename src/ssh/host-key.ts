import { TargetError } from '../errors.js';
import {
  fingerprint,
  hostLookupName,
  keyTypeOf,
  KnownHostsUnreadable,
  patternsMatch,
  readKnownHosts,
  recordHostKey,
  verifyHostKey,
  type KnownHostEntry,
} from './known-hosts.js';

export interface HostKeyPolicy {
  target: string;
  /** '' for the target, `jump host NAME: ` for a ProxyJump hop. */
  prefix: string;
  /** The host name the key is filed under (HostKeyAlias, else HostName) and its port. */
  host: string;
  port: number;
  /** Files to check, in order. */
  files: readonly string[];
  /** Where a newly accepted key is written. */
  recordFile: string;
  acceptNew: boolean;
  hashed: boolean;
  debug: ((message: string) => void) | undefined;
}

// ssh2 1.17's default host key list (lib/protocol/constants.js), used to put known types first,
// without `ssh-rsa`: RSA signatures over SHA-1, which OpenSSH 8.8+ no longer accepts by default
// (release notes of OpenSSH 8.8, "Potentially-incompatible changes"). RSA host keys still work
// with rsa-sha2-256/512 signatures.
export const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'];

/**
 * Checks one server's host key against known_hosts, like StrictHostKeyChecking=yes, or
 * =accept-new with `acceptNew`. Reads the files up front so that an unreadable file stops the
 * run before any connection (fail closed).
 */
export class HostKeyCheck {
  readonly name: string;
  private readonly entries: KnownHostEntry[];
  /** Why the key was refused; ssh2 itself only says "Host denied". */
  refusal: TargetError | undefined;
  private pending: Buffer | undefined;
  serverKey: Buffer | undefined;

  constructor(private readonly policy: HostKeyPolicy) {
    this.name = hostLookupName(policy.host, policy.port);
    try {
      this.entries = readKnownHosts(policy.files);
    } catch (e) {
      if (e instanceof KnownHostsUnreadable) {
        throw new TargetError(
          policy.target,
          'host-key',
          `${policy.prefix}${e.message}, so the host key of ${this.name} cannot be checked`,
          'fix the file permissions or pass --known-hosts FILE',
        );
      }
      throw e;
    }
  }

  /**
   * Host key algorithms with the types already known for this host first, as OpenSSH orders
   * them, so a host with several keys offers the one on file.
   */
  algorithms(): string[] {
    const known = new Set<string>();
    for (const e of this.entries) {
      if (e.marker !== '' || !patternsMatch(e.patterns, [this.name])) continue;
      const type = keyTypeOf(e.key);
      for (const algo of type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256'] : [type]) {
        if (HOST_KEY_ALGORITHMS.includes(algo)) known.add(algo);
      }
    }
    return [...known, ...HOST_KEY_ALGORITHMS.filter((a) => !known.has(a))];
  }

  /** ssh2's hostVerifier (the raw key blob, as hostHash is not set). */
  readonly verify = (key: Buffer): boolean => {
    this.serverKey = Buffer.from(key);
    const verdict = verifyHostKey(this.entries, [this.name], key);
    const offered = `${keyTypeOf(key)} ${fingerprint(key)}`;
    const { target } = this.policy;
    switch (verdict.status) {
      case 'match':
        this.policy.debug?.(`${target}: host key ${offered} matches ${verdict.entry.file}:${verdict.entry.line}`);
        return true;
      case 'revoked':
        this.refusal = new TargetError(
          target,
          'host-key',
          `${this.policy.prefix}the host key of ${this.name} (${offered}) is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}`,
          'the server must get a new host key; do not connect to it with the revoked one',
        );
        return false;
      case 'changed': {
        const known = verdict.known[0] as KnownHostEntry;
        const others = verdict.known.length > 1 ? ` (and ${verdict.known.length - 1} more entries)` : '';
        this.refusal = new TargetError(
          target,
          'host-key',
          `${this.policy.prefix}the host key of ${this.name} has CHANGED: the server offers ${offered} but ${known.file}:${known.line} has ${keyTypeOf(known.key)} ${fingerprint(known.key)}${others}`,
          `if the machine was rebuilt, remove the old key with ssh-keygen -R '${this.name}' -f ${known.file}; otherwise the connection may be intercepted`,
        );
        return false;
      }
      case 'unknown':
        if (this.policy.acceptNew) {
          this.pending = Buffer.from(key);
          return true;
        }
        this.refusal = new TargetError(
          target,
          'host-key',
          `${this.policy.prefix}the host key of ${this.name} is not known (${offered}; checked ${this.policy.files.join(', ') || 'no files'})`,
          'compare the fingerprint with the one on the machine (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then rerun with --accept-new-host-key',
        );
        return false;
    }
  };

  /** Records an accepted new key; called once the key exchange proved the server holds it. */
  recordIfNew(): void {
    if (!this.pending) return;
    const key = this.pending;
    this.pending = undefined;
    try {
      recordHostKey(this.policy.recordFile, this.name, key, this.policy.hashed);
      this.policy.debug?.(`${this.policy.target}: recorded the host key ${keyTypeOf(key)} ${fingerprint(key)} of ${this.name} in ${this.policy.recordFile}`);
    } catch (e) {
      // Like OpenSSH, a key that cannot be recorded does not stop this connection.
      this.policy.debug?.(`${this.policy.target}: could not record the host key in ${this.policy.recordFile}: ${(e as Error).message}`);
    }
  }
}
