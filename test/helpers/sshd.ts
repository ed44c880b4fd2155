import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { findSshd } from './real.js';

/**
 * A real OpenSSH sshd on a free loopback port, with throw-away host and user keys in a temporary
 * folder. Nothing outside that folder is touched, except /run/sshd (sshd's privilege separation
 * folder) which is created when missing and sshd runs as root.
 */
export interface SshdOptions {
  /** Host key type (default ed25519). */
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  /** User key type (default ed25519). */
  userKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  /** Passphrase for the user key (default: none). */
  userKeyPassphrase?: string;
  /** Extra public key lines for authorized_keys. */
  authorizedKeys?: string[];
  /** sshd LogLevel (default DEBUG1, which logs each channel request, e.g. `exec`). */
  logLevel?: string;
  /**
   * Maps the Windows probe's `powershell.exe ...` command to this PowerShell (e.g. real pwsh),
   * through a ForceCommand wrapper; other commands run as usual.
   */
  powershell?: string;
  /** More sshd_config lines. */
  extraConfig?: string[];
}

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  /** The user sshd lets in with userKeyPath (the user running the tests). */
  user: string;
  dir: string;
  hostKeyPath: string;
  /** The host public key blob, base64, as in a known_hosts line. */
  hostPublicKey: string;
  hostKeyType: string;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA…`, plain. */
  knownHostsLine: string;
  /** A known_hosts file holding knownHostsLine. */
  knownHostsPath: string;
  userKeyPath: string;
  userPublicKey: string;
  configPath: string;
  logPath: string;
  log(): string;
  /** `exec` channel requests sshd logged so far (needs LogLevel DEBUG1 or higher). */
  execRequests(): number;
  /** Writes a fresh temp file under dir and returns its path. */
  file(name: string, text: string): string;
  stop(): Promise<void>;
}

function keygen(path: string, type: string, passphrase = ''): void {
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', 'preseal-test', '-f', path], {
    stdio: 'ignore',
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once the port answers with an SSH identification line. */
function waitForBanner(port: number, child: ChildProcess, logPath: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        reject(new Error(`sshd exited with ${child.exitCode}: ${existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-2000) : ''}`));
        return;
      }
      const sock = tcpConnect(port, '127.0.0.1');
      let data = '';
      const retry = () => {
        sock.destroy();
        if (Date.now() - started > timeoutMs) reject(new Error(`sshd did not answer on 127.0.0.1:${port}`));
        else setTimeout(attempt, 50);
      };
      sock.on('data', (d) => {
        data += d.toString('latin1');
        if (data.startsWith('SSH-')) {
          sock.destroy();
          resolve();
        }
      });
      sock.on('error', retry);
      sock.on('close', () => {
        if (!data.startsWith('SSH-')) retry();
      });
    };
    attempt();
  });
}

function dotnetRoot(): string | undefined {
  if (process.env['DOTNET_ROOT']) return process.env['DOTNET_ROOT'];
  try {
    const dotnet = execFileSync('sh', ['-c', 'command -v dotnet'], { encoding: 'utf8' }).trim();
    return dotnet ? dirname(realpathSync(dotnet)) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts sshd; call stop() in afterAll. Throws with sshd's own log when it does not come up. */
export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const sshd = findSshd();
  if (!sshd.available) throw new Error(sshd.why);
  const dir = mkdtempSync(join(tmpdir(), 'preseal-sshd-'));
  chmodSync(dir, 0o755);
  const hostKeyType = options.hostKeyType ?? 'ed25519';
  const hostKeyPath = join(dir, `host_${hostKeyType}`);
  keygen(hostKeyPath, hostKeyType);
  const userKeyPath = join(dir, 'id_user');
  keygen(userKeyPath, options.userKeyType ?? 'ed25519', options.userKeyPassphrase ?? '');
  const userPublicKey = readFileSync(`${userKeyPath}.pub`, 'utf8').trim();
  const authorizedKeysPath = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeysPath, `${[userPublicKey, ...(options.authorizedKeys ?? [])].join('\n')}\n`, { mode: 0o600 });
  const [hostKeyTypeName, hostPublicKey] = readFileSync(`${hostKeyPath}.pub`, 'utf8').trim().split(/\s+/) as [string, string];
  const user = userInfo().username;
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const lines = [
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKeyPath}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorizedKeysPath}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin yes',
    'AllowTcpForwarding yes',
    'MaxAuthTries 10',
    `LogLevel ${options.logLevel ?? 'DEBUG1'}`,
    'Subsystem sftp internal-sftp',
  ];
  if (options.powershell) {
    // sshd starts commands with a minimal environment: the dotnet-tool pwsh needs DOTNET_ROOT.
    const wrapper = join(dir, 'force-command.sh');
    const root = dotnetRoot();
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        ...(root ? [`export DOTNET_ROOT='${root}'`] : []),
        'case "$SSH_ORIGINAL_COMMAND" in',
        `  'powershell.exe '*) set -f; set -- $SSH_ORIGINAL_COMMAND; shift; exec '${options.powershell}' "$@" ;;`,
        'esac',
        'exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    lines.push(`ForceCommand ${wrapper}`);
  }
  lines.push(...(options.extraConfig ?? []));

  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const configPath = join(dir, 'sshd_config');
    writeFileSync(configPath, `Port ${port}\n${lines.join('\n')}\n`);
    const logPath = join(dir, `sshd-${port}.log`);
    // -D: stay in the foreground so this process owns it; -E: log to a file we can read.
    const child = spawn(sshd.path, ['-D', '-f', configPath, '-E', logPath], { stdio: 'ignore' });
    try {
      await waitForBanner(port, child, logPath);
    } catch (e) {
      lastError = e;
      child.kill('SIGKILL');
      continue;
    }
    // A test run that dies without stop() must not leave sshd behind.
    const killOnExit = () => child.kill('SIGTERM');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const knownHostsLine = `[127.0.0.1]:${port} ${hostKeyTypeName} ${hostPublicKey}`;
    const knownHostsPath = join(dir, 'known_hosts');
    writeFileSync(knownHostsPath, `${knownHostsLine}\n`);
    const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
    let counter = 0;
    return {
      host: '127.0.0.1',
      port,
      user,
      dir,
      hostKeyPath,
      hostPublicKey,
      hostKeyType: hostKeyTypeName,
      knownHostsLine,
      knownHostsPath,
      userKeyPath,
      userPublicKey,
      configPath,
      logPath,
      log,
      // OpenSSH 9.x serverloop.c: debug("server_input_channel_req: channel %d request %s reply %d", …)
      execRequests: () =>
        log()
          .split('\n')
          .filter((l) => /server_input_channel_req: channel \d+ request exec\b/.test(l)).length,
      file(name: string, text: string) {
        const path = join(dir, `${++counter}-${name}`);
        writeFileSync(path, text, { mode: 0o600 });
        return path;
      },
      stop: () =>
        new Promise<void>((resolve) => {
          const done = () => {
            rmSync(dir, { recursive: true, force: true });
            resolve();
          };
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error('sshd did not start');
}
export const start = startSshd;
