import { UsageError } from './errors.js';
import { DEFAULT_PASSWORD_ENV } from './transports/password.js';

export type TargetSpec =
  | { kind: 'local'; raw: string }
  | { kind: 'root'; raw: string; path: string }
  | { kind: 'facts'; raw: string; path: string }
  | { kind: 'ssh'; raw: string; host: string; user?: string; port?: number; alias: boolean }
  | { kind: 'winrm'; raw: string; host: string; user?: string; port: number; tls: boolean };

function parsePort(raw: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`target ${raw}: port "${text}" is not a number from 1 to 65535`);
  return port;
}

/** user@host:port, with [v6]:port. */
function splitAuthority(raw: string, authority: string): { user?: string; host: string; port?: number } {
  let rest = authority;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    try {
      user = decodeURIComponent(rest.slice(0, at));
    } catch {
      throw new UsageError(`target ${raw}: the user name has a broken %-escape`, 'write a backslash in DOMAIN\\user as %5C');
    }
    if (user.includes(':')) {
      // Never echo the target: it holds the password.
      throw new UsageError(
        'a password in the target is not allowed (it would show in reports and process lists)',
        `put it in $${DEFAULT_PASSWORD_ENV} (see --password-env), in a --password-file, or let preseal prompt`,
      );
    }
    rest = rest.slice(at + 1);
  }
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (v6) {
    host = v6[1] as string;
    portText = v6[2];
  } else {
    const colon = rest.lastIndexOf(':');
    host = colon >= 0 ? rest.slice(0, colon) : rest;
    portText = colon >= 0 ? rest.slice(colon + 1) : undefined;
  }
  if (!host) throw new UsageError(`target ${raw}: no host name`, 'write it as ssh://user@host:port');
  if (user === '') throw new UsageError(`target ${raw}: empty user name before "@"`);
  const port = parsePort(raw, portText);
  return { host, ...(user !== undefined ? { user } : {}), ...(port !== undefined ? { port } : {}) };
}

/** Parses one target as design.md spells them. */
export function parseTarget(raw: string): TargetSpec {
  const text = raw.trim();
  if (text === '') throw new UsageError('an empty target was given');
  if (text === 'local' || text === 'localhost:local') return { kind: 'local', raw: text };
  if (text.startsWith('root:')) {
    const path = text.slice(5);
    if (!path) throw new UsageError(`target ${raw}: no path after root:`, 'e.g. root:/mnt/image');
    return { kind: 'root', raw: text, path };
  }
  if (text.startsWith('facts:')) {
    const path = text.slice(6);
    if (!path) throw new UsageError(`target ${raw}: no file after facts:`, 'e.g. facts:build-vm.json');
    return { kind: 'facts', raw: text, path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(text);
  if (scheme) {
    const name = (scheme[1] as string).toLowerCase();
    const authority = (scheme[2] as string).replace(/\/+$/, '');
    if (name === 'ssh') return { kind: 'ssh', raw: text, alias: false, ...splitAuthority(text, authority) };
    if (name === 'winrm' || name === 'winrms') {
      const a = splitAuthority(text, authority);
      const tls = name === 'winrms';
      return { kind: 'winrm', raw: text, host: a.host, port: a.port ?? (tls ? 5986 : 5985), tls, ...(a.user !== undefined ? { user: a.user } : {}) };
    }
    throw new UsageError(`target ${raw}: unknown scheme "${name}://"`, 'use local, ssh://, winrm://, winrms://, root:PATH or facts:FILE');
  }
  if (/^[A-Za-z0-9._-]+$/.test(text) || /^[^/\s]+@[A-Za-z0-9._-]+$/.test(text)) {
    // A bare name: an ~/.ssh/config alias or a host name, as `ssh NAME` would take it.
    const a = splitAuthority(text, text);
    return { kind: 'ssh', raw: text, alias: true, ...a };
  }
  throw new UsageError(
    `target ${raw} is not understood`,
    'use local, ssh://[user@]host[:port], winrm://…, winrms://…, root:PATH, facts:FILE or an ~/.ssh/config name',
  );
}
