import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** What OpenSSH's client config says about one host: the settings preseal uses. */
export interface SshHostConfig {
  /** The name given on the command line (alias or host). */
  name: string;
  hostName: string;
  user: string | undefined;
  port: number;
  identityFiles: string[];
  /** Whether IdentityFile was set explicitly (ssh -G cannot tell; the fallback can). */
  identitiesOnly: boolean;
  /** Agent socket: undefined = SSH_AUTH_SOCK, '' = none. */
  identityAgent: string | undefined;
  proxyJump: JumpHost[];
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  hashKnownHosts: boolean;
  hostKeyAlias: string | undefined;
  /** Where the answer came from, for --debug. */
  source: string;
}

export interface JumpHost {
  host: string;
  user?: string;
  port?: number;
}

/**
 * The ssh config file to read. PRESEAL_SSH_CONFIG replaces ~/.ssh/config (like `ssh -F`); tests
 * use it because OpenSSH finds ~ from the password database, not from $HOME.
 */
export function sshConfigFile(explicit?: string): string | undefined {
  return explicit || process.env['PRESEAL_SSH_CONFIG'] || undefined;
}

export function expandTilde(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

/** ProxyJump: `[user@]host[:port]` hops separated by commas; `none` means no jump. */
export function parseProxyJump(value: string | undefined): JumpHost[] {
  if (!value || value.toLowerCase() === 'none') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((hop) => {
      let rest = hop.replace(/^ssh:\/\//, '');
      let user: string | undefined;
      const at = rest.lastIndexOf('@');
      if (at >= 0) {
        user = rest.slice(0, at);
        rest = rest.slice(at + 1);
      }
      let host = rest;
      let port: number | undefined;
      const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
      const plain = /^([^:]+):(\d+)$/.exec(rest);
      if (v6) {
        host = v6[1] as string;
        if (v6[2]) port = Number(v6[2]);
      } else if (plain) {
        host = plain[1] as string;
        port = Number(plain[2]);
      }
      return { host, ...(user ? { user } : {}), ...(port ? { port } : {}) };
    });
}

function yes(value: string | undefined): boolean {
  return value?.toLowerCase() === 'yes' || value?.toLowerCase() === 'true';
}

function agentSetting(value: string | undefined): string | undefined {
  if (value === undefined || value === 'SSH_AUTH_SOCK') return undefined;
  if (value.toLowerCase() === 'none') return '';
  if (value.startsWith('$')) return process.env[value.slice(1).replace(/^\{|\}$/g, '')] ?? '';
  return expandTilde(value);
}

/** Parses `ssh -G` output: lowercase keys, one per line; repeatable keys keep every value. */
export function parseSshG(text: string, name: string): SshHostConfig {
  const values = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const key = (m[1] as string).toLowerCase();
    values.set(key, [...(values.get(key) ?? []), m[2] as string]);
  }
  const one = (k: string) => values.get(k)?.[0];
  const list = (k: string) =>
    (one(k) ?? '')
      .split(/\s+/)
      .filter((f) => f && f.toLowerCase() !== 'none')
      .map(expandTilde);
  return {
    name,
    hostName: one('hostname') ?? name,
    user: one('user'),
    port: Number(one('port') ?? 22) || 22,
    identityFiles: (values.get('identityfile') ?? []).map(expandTilde),
    identitiesOnly: yes(one('identitiesonly')),
    identityAgent: agentSetting(one('identityagent')),
    proxyJump: parseProxyJump(one('proxyjump')),
    userKnownHostsFiles: list('userknownhostsfile'),
    globalKnownHostsFiles: list('globalknownhostsfile'),
    hashKnownHosts: yes(one('hashknownhosts')),
    hostKeyAlias: one('hostkeyalias'),
    source: 'ssh -G',
  };
}

type SshGResult = { ok: true; stdout: string } | { ok: false; missing: boolean; why: string };

function runSshG(name: string, overrides: { user?: string; port?: number }, configFile: string | undefined): Promise<SshGResult> {
  const args = [
    '-G',
    ...(configFile ? ['-F', configFile] : []),
    ...(overrides.port ? ['-p', String(overrides.port)] : []),
    ...(overrides.user ? ['-l', overrides.user] : []),
    '--',
    name,
  ];
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: 10_000, encoding: 'utf8', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, stdout });
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      const why =
        stderr
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !/^Pseudo-terminal/.test(l))[0] ?? err.message;
      resolve({ ok: false, missing, why });
    });
  });
}

/** A config OpenSSH itself rejects; `ssh NAME` would fail the same way. */
export class SshConfigError extends Error {}

/** Reads a config file with its Include lines inlined (the ssh-config package leaves them raw). */
function readConfigText(file: string, depth = 0): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  if (depth > 8) return text;
  return text.replace(/^\s*Include\s+(.+)$/gim, (_m, spec: string) =>
    spec
      .split(/\s+/)
      .filter(Boolean)
      .map((p) => {
        const path = expandTilde(p);
        return readConfigText(isAbsolute(path) ? path : join(homedir(), '.ssh', path), depth + 1);
      })
      .join('\n'),
  );
}

async function fallbackConfig(name: string, overrides: { user?: string; port?: number }, configFile: string | undefined): Promise<SshHostConfig> {
  const { default: SSHConfig } = await import('ssh-config');
  const file = configFile ?? join(homedir(), '.ssh', 'config');
  const text = existsSync(file) ? readConfigText(file) : '';
  // matchExec false: a config must never make preseal run programs (research §1.4).
  const c = SSHConfig.parse(text).compute(name, { ignoreCase: true, matchExec: false }) as Record<string, string | string[] | undefined>;
  const str = (k: string) => {
    const v = c[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const arr = (k: string) => {
    const v = c[k];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const explicit = arr('identityfile').map(expandTilde);
  const hostName = (str('hostname') ?? name).replace(/%h/g, name);
  return {
    name,
    hostName,
    user: overrides.user ?? str('user'),
    port: overrides.port ?? (Number(str('port') ?? 22) || 22),
    identityFiles: explicit.length ? explicit : ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((f) => join(homedir(), '.ssh', f)),
    identitiesOnly: yes(str('identitiesonly')),
    identityAgent: agentSetting(str('identityagent')),
    proxyJump: parseProxyJump(str('proxyjump')),
    userKnownHostsFiles: (str('userknownhostsfile') ?? '~/.ssh/known_hosts ~/.ssh/known_hosts2').split(/\s+/).filter(Boolean).map(expandTilde),
    globalKnownHostsFiles: (str('globalknownhostsfile') ?? '/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2').split(/\s+/).filter(Boolean),
    hashKnownHosts: yes(str('hashknownhosts')),
    hostKeyAlias: str('hostkeyalias'),
    source: `ssh-config package (${file})`,
  };
}

/**
 * Resolves a host the way `ssh NAME` would: `ssh -G` when an ssh client exists (it applies
 * Include, Match and tokens exactly), else the ssh-config package. Command-line user and port
 * win over the config, as with `ssh -l` / `ssh -p`.
 */
export async function resolveSshHost(name: string, overrides: { user?: string; port?: number } = {}, explicitConfig?: string): Promise<SshHostConfig> {
  const configFile = sshConfigFile(explicitConfig);
  if (process.env['PRESEAL_SSH_NO_CLIENT'] !== '1') {
    const out = await runSshG(name, overrides, configFile);
    if (out.ok) return parseSshG(out.stdout, name);
    if (!out.missing) throw new SshConfigError(`ssh -G ${name}: ${out.why}`);
  }
  return fallbackConfig(name, overrides, configFile);
}
