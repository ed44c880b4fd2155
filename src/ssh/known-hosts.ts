import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmdirSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** One usable line of a known_hosts file (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"). */
export interface KnownHostEntry {
  marker: '' | '@revoked' | '@cert-authority';
  patterns: string;
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { status: 'match'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'changed'; known: KnownHostEntry[] }
  | { status: 'unknown' };

/** A known_hosts file that exists but cannot be read: the check fails closed. */
export class KnownHostsUnreadable extends Error {
  readonly file: string;
  constructor(file: string, why: string) {
    super(`cannot read ${file}: ${why}`);
    this.file = file;
  }
}

/** The name OpenSSH looks a host up by: `host` on port 22, `[host]:port` otherwise. */
export function hostLookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's fingerprint form: `SHA256:` and the unpadded base64 of the key blob's digest. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const len = key.readUInt32BE(0);
  return len > 0 && 4 + len <= key.length ? key.subarray(4, 4 + len).toString('latin1') : 'unknown';
}

/**
 * OpenSSH's match_pattern: `*` and `?` wildcards, case-insensitive, in linear time. A RegExp would
 * backtrack exponentially on a hostile pattern of many stars, inside ssh2's host verifier where
 * no timer can fire.
 */
export function globMatch(glob: string, name: string): boolean {
  const g = glob.toLowerCase();
  const s = name.toLowerCase();
  let gi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (gi < g.length && (g[gi] === '?' || g[gi] === s[si])) {
      gi++;
      si++;
    } else if (gi < g.length && g[gi] === '*') {
      star = gi++;
      mark = si;
    } else if (star >= 0) {
      gi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (g[gi] === '*') gi++;
  return gi === g.length;
}

function hashedMatches(pattern: string, name: string): boolean {
  // |1|base64(salt)|base64(HMAC-SHA1(salt, name)), as ssh-keygen -H writes them.
  const parts = pattern.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const want = Buffer.from(parts[3] ?? '', 'base64');
  if (salt.length === 0 || want.length === 0) return false;
  return createHmac('sha1', salt).update(name).digest().equals(want);
}

/**
 * Whether a host-pattern list names `name` (one of the lookup names). As in OpenSSH's
 * match_hostname: a matching negated pattern (`!pat`) vetoes the whole list.
 */
export function patternsMatch(patterns: string, names: readonly string[]): boolean {
  if (patterns.startsWith('|')) return names.some((n) => hashedMatches(patterns, n));
  let matched = false;
  for (const raw of patterns.split(',')) {
    if (!raw) continue;
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (names.some((n) => globMatch(pattern, n))) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Parses known_hosts text; lines that are comments, blank or malformed are skipped like OpenSSH does. */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = '';
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m !== '@revoked' && m !== '@cert-authority') return;
      marker = m;
    }
    const [patterns, keyType, b64] = fields;
    if (!patterns || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    const key = Buffer.from(b64, 'base64');
    if (key.length < 8) return;
    entries.push({ marker, patterns, keyType, key, file, line: i + 1 });
  });
  return entries;
}

/** Reads the files; a missing file is empty, any other read failure throws (fail closed). */
export function readKnownHosts(files: readonly string[]): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new KnownHostsUnreadable(file, code ?? (e as Error).message);
    }
    entries.push(...parseKnownHosts(text, file));
  }
  return entries;
}

/**
 * Checks a server's host key blob against known_hosts entries for the lookup names. Key blobs are
 * compared whole (type included); `@cert-authority` lines never match a plain host key, since ssh2
 * is never offered certificates, so they count as no entry at all.
 */
export function verifyHostKey(entries: readonly KnownHostEntry[], names: readonly string[], key: Buffer): HostKeyVerdict {
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === '' && patternsMatch(e.patterns, names));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: 'match', entry: same };
  // OpenSSH reports a changed key only when a known key of the same type differs; a host that
  // offers a type it has no entry for is "unknown" there. ssh2 cannot be told which host key
  // types to prefer, so any entry for the host counts: an attacker offering another type is refused too.
  if (forHost.length) return { status: 'changed', known: forHost };
  return { status: 'unknown' };
}

/** The host field of a new line: hashed like `HashKnownHosts yes`, or the plain lookup name. */
export function hostField(name: string, hashed: boolean): string {
  if (!hashed) return name;
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

/** Runs fn while holding FILE.lock (a directory: mkdir is atomic); a lock older than 10 s is stale. */
function withFileLock(file: string, fn: () => void): void {
  const lock = `${file}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10_000) rmdirSync(lock);
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by another preseal run`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    fn();
  } finally {
    rmdirSync(lock);
  }
}

/**
 * Appends one host key line. The line goes out in a single write(2) on an O_APPEND descriptor, so
 * two runs recording at once each add a whole line and never interleave or truncate the file.
 */
export function recordHostKey(file: string, name: string, key: Buffer, hashed: boolean): string {
  const line = `${hostField(name, hashed)} ${keyTypeOf(key)} ${key.toString('base64')}`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Reading the last byte and appending must be one step: two runs that both saw a file without
  // its final newline would each add one, leaving an empty line.
  withFileLock(file, () => {
    const fd = openSync(file, 'a+', 0o600);
    try {
      // A file whose last line has no newline would glue our line onto it.
      let prefix = '';
      const size = fstatSync(fd).size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      writeSync(fd, `${prefix}${line}\n`);
    } finally {
      closeSync(fd);
    }
  });
  return line;
}
