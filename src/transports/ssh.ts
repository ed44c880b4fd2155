import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ssh2';
import { TargetError } from '../errors.js';
import { envelopeMarkers, type FactsEnvelope } from '../facts/envelope.js';
import { envelopeFromRun, linuxProbeFor, newProbeNonce } from '../probes/run.js';
import { bootstrapCommand, probePayload } from '../probes/windows.js';
import { SshAuth } from '../ssh/auth.js';
import { resolveSshHost as resolveHost, SshConfigError, type SshHostConfig } from '../ssh/config.js';
import { ClientSet, connectHop, forward, type Hop } from '../ssh/connect.js';
import { HostKeyCheck } from '../ssh/host-key.js';
import { commandNotRunHint, linuxProbeCommand, type ProbeStart, probeStartFailure } from '../ssh/probe-start.js';
import type { TargetSpec } from '../targets.js';
import { MAX_PROBE_OUTPUT, type ConnectOptions, type ExecResult } from './options.js';
import { DEFAULT_PASSWORD_ENV } from './password.js';

type SshSpec = Extract<TargetSpec, { kind: 'ssh' }>;

/** Windows OpenSSH names itself in the identification string, e.g. `SSH-2.0-OpenSSH_for_Windows_9.5`. */
export function platformFromIdent(software: string | undefined): 'linux' | 'windows' {
  return software && /for_Windows|Windows/i.test(software) ? 'windows' : 'linux';
}

/** The one command the probe runs as, and what goes to its stdin (the probe, carrying the run's nonce). */
export function probeCommand(platform: 'linux' | 'windows', sudo: boolean, nonce: string, timeoutMs?: number): { command: string; input: string } {
  // The time limit sizes the Windows probe's bounded EFS scan so that it fits inside --timeout.
  if (platform === 'windows')
    return { command: bootstrapCommand('powershell.exe'), input: probePayload({ nonce, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }) };
  return { command: linuxProbeCommand(sudo), input: linuxProbeFor(nonce) };
}

function agentSocket(config: SshHostConfig): string | undefined {
  if (config.identitiesOnly) return undefined;
  const sock = config.identityAgent ?? process.env['SSH_AUTH_SOCK'];
  return sock && (sock.startsWith('\\\\.\\pipe\\') || existsSync(sock)) ? sock : undefined;
}

interface HopInput {
  name: string;
  config: SshHostConfig;
  prefix: string;
}

function makeHop(spec: SshSpec, input: HopInput, options: ConnectOptions, clients: ClientSet, readyTimeoutMs: number, identity: string | undefined): Hop {
  const { config } = input;
  const username = config.user ?? userInfo().username;
  const files = options.knownHosts ? [options.knownHosts] : [...config.userKnownHostsFiles, ...config.globalKnownHostsFiles];
  const recordFile = options.knownHosts ?? config.userKnownHostsFiles[0] ?? join(homedir(), '.ssh', 'known_hosts');
  const debug = options.debug;
  const hostKey = new HostKeyCheck({
    target: spec.raw,
    prefix: input.prefix,
    host: config.hostKeyAlias ?? config.hostName,
    port: config.port,
    files,
    recordFile,
    acceptNew: options.acceptNewHostKey === true,
    hashed: config.hashKnownHosts,
    debug,
  });
  const auth = new SshAuth({
    target: spec.raw,
    username,
    ...(identity ? { identity } : {}),
    identityFiles: config.identityFiles,
    agent: agentSocket(config),
    passwordEnv: options.passwordEnv ?? DEFAULT_PASSWORD_ENV,
    ...(options.passwordFile ? { passwordFile: options.passwordFile } : {}),
    prompt: options.prompt,
    debug,
    label: `${username}@${config.hostName}`,
  });
  return { target: spec.raw, prefix: input.prefix, host: config.hostName, port: config.port, username, hostKey, auth, readyTimeoutMs, debug, clients };
}

/**
 * Runs one command on an authenticated connection: one exec channel, `input` then EOF on stdin,
 * both output streams collected as Buffers under the probe output cap.
 */
function execOnce(target: string, client: Client, command: string, input: string, maxOutput = MAX_PROBE_OUTPUT): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: TargetError) => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    // A connection lost mid-probe (keepalive timeout, reset) surfaces on the client.
    client.on('error', (err: Error & { level?: string }) => {
      const why = err.level === 'client-timeout' ? 'the server stopped answering keepalives' : err.message;
      fail(new TargetError(target, 'probe', `the connection was lost while the probe ran: ${why}`));
    });
    client.on('close', () => fail(new TargetError(target, 'probe', 'the connection closed before the probe finished')));
    client.exec(command, (err, stream) => {
      if (err) {
        fail(
          new TargetError(
            target,
            'probe',
            `the server refused to run the probe: ${err.message}`,
            'does the account have a shell, and does sshd allow exec (no ForceCommand)?',
          ),
        );
        return;
      }
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let size = 0;
      const collect = (chunks: Buffer[]) => (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxOutput) {
          fail(
            new TargetError(
              target,
              'probe',
              `the probe printed more than ${maxOutput} bytes, more than any probe should`,
              'run with --debug to see what the remote shell printed',
            ),
          );
          stream.close();
          return;
        }
        chunks.push(chunk);
      };
      // Read both streams: ssh2's window flow control stalls a channel whose stream is not read.
      stream.on('data', collect(out));
      stream.stderr.on('data', collect(errOut));
      stream.on('close', (code: number | null | undefined, signal?: string | null) => {
        if (settled) return;
        settled = true;
        resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(errOut), code: code ?? null, signal: signal ?? null });
      });
      stream.end(input);
    });
  });
}

async function resolveSshHost(
  target: string,
  name: string,
  overrides: { user?: string; port?: number },
  configFile: string | undefined,
): Promise<SshHostConfig> {
  try {
    return await resolveHost(name, overrides, configFile);
  } catch (e) {
    if (e instanceof SshConfigError) throw new TargetError(target, 'resolve', e.message, 'fix the ssh config (ssh -G NAME shows what OpenSSH reads)');
    throw e;
  }
}

interface Progress {
  phase: 'connect' | 'probe';
  /** The hop being connected, as host:port. */
  where: string;
}

async function collect(spec: SshSpec, options: ConnectOptions, clients: ClientSet, progress: Progress): Promise<FactsEnvelope> {
  const debug = options.debug;
  const config = await resolveSshHost(
    spec.raw,
    spec.host,
    { ...(spec.user ? { user: spec.user } : {}), ...(spec.port ? { port: spec.port } : {}) },
    options.sshConfig,
  );
  debug?.(
    `${spec.raw}: ${config.source}: ${config.user ?? '(local user)'}@${config.hostName}:${config.port}${config.proxyJump.length ? ` via ${config.proxyJump.map((j) => j.host).join(',')}` : ''}`,
  );
  // A prompt for a password must not race the handshake timer.
  const readyTimeoutMs = options.prompt ? options.timeoutMs : Math.min(options.timeoutMs, 30_000);

  const chain: HopInput[] = [];
  for (const jump of config.proxyJump) {
    const jc = await resolveSshHost(
      spec.raw,
      jump.host,
      { ...(jump.user ? { user: jump.user } : {}), ...(jump.port ? { port: jump.port } : {}) },
      options.sshConfig,
    );
    chain.push({ name: jump.host, config: jc, prefix: `jump host ${jump.host}: ` });
  }
  chain.push({ name: spec.host, config, prefix: '' });

  let via: Client | undefined;
  let viaName = '';
  for (const [i, input] of chain.entries()) {
    const isTarget = i === chain.length - 1;
    // --identity is for the target; jump hosts use their own config (and the agent).
    const hop = makeHop(spec, input, options, clients, readyTimeoutMs, isTarget ? options.identity : undefined);
    progress.where = `${input.prefix}${hop.host}:${hop.port}`;
    await hop.auth.prepare();
    if (clients.isClosed) throw new TargetError(spec.raw, 'connect', 'the run was given up');
    if (via) hop.sock = await forward(spec.raw, via, viaName, input.config.hostName, input.config.port);
    via = await connectHop(hop);
    viaName = input.name;
  }
  const client = via as Client;

  const software = (client as unknown as { _remoteVer?: string })._remoteVer;
  const platform = options.platform ?? platformFromIdent(software);
  debug?.(`${spec.raw}: server software ${software ?? '(not told)'}; running the ${platform} probe`);
  const nonce = newProbeNonce();
  const { command, input } = probeCommand(platform, options.sudo === true, nonce, options.timeoutMs);
  progress.phase = 'probe';
  const run = await execOnce(spec.raw, client, command, input);
  debug?.(`${spec.raw}: probe exited ${run.code ?? run.signal ?? '(no exit status)'}, ${run.stdout.length} bytes of output`);
  if (platform !== 'linux') return envelopeFromRun(spec.raw, run, new Date().toISOString(), nonce);
  const start: ProbeStart = {
    target: spec.raw,
    user: config.user ?? userInfo().username,
    where: config.port === 22 ? config.hostName : `${config.hostName}:${config.port}`,
    sudo: options.sudo === true,
    nonce,
    passwordEnv: options.passwordEnv ?? DEFAULT_PASSWORD_ENV,
  };
  if (debug && !run.stdout.includes(envelopeMarkers(nonce).begin)) {
    debug(`${spec.raw}: no facts came back; stdout: ${run.stdout.toString('utf8').slice(0, 2000) || '(nothing)'}`);
    debug(`${spec.raw}: stderr: ${run.stderr.toString('utf8').slice(0, 2000) || '(nothing)'}`);
  }
  const failure = probeStartFailure(run, start);
  if (failure) throw failure;
  try {
    return envelopeFromRun(spec.raw, run, new Date().toISOString(), nonce);
  } catch (e) {
    const hint = e instanceof TargetError ? commandNotRunHint(run, start) : undefined;
    if (hint) throw new TargetError(spec.raw, (e as TargetError).step, (e as TargetError).message, hint);
    throw e;
  }
}

/**
 * Lints one ssh:// target (or bare ssh config name) with exactly one exec channel: the sh probe
 * on Linux, the PowerShell bootstrap plus payload on Windows. The whole run, connections included,
 * is bounded by options.timeoutMs, and every connection is ended however it finishes.
 */
export async function collectOverSsh(spec: SshSpec, options: ConnectOptions): Promise<FactsEnvelope> {
  const clients = new ClientSet();
  const progress: Progress = { phase: 'connect', where: spec.host };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = Math.round(options.timeoutMs / 1000);
      reject(
        progress.phase === 'connect'
          ? new TargetError(
              spec.raw,
              'connect',
              `no SSH handshake from ${progress.where} within ${seconds} s`,
              'is an SSH server listening on that port? raise --timeout for slow links',
            )
          : new TargetError(spec.raw, 'probe', `the probe gave no result within ${seconds} s`, 'raise --timeout, or check that the machine is not overloaded'),
      );
    }, options.timeoutMs);
  });
  try {
    return await Promise.race([collect(spec, options, clients, progress), deadline]);
  } finally {
    clearTimeout(timer);
    clients.closeAll();
  }
}
