import { readFileSync } from 'node:fs';
import { TargetError, UsageError } from '../errors.js';
import type { FactsEnvelope } from '../facts/envelope.js';
import { bootstrapCommand, probePayload } from '../probes/windows.js';
import { envelopeFromRun, newProbeNonce } from '../probes/run.js';
import type { TargetSpec } from '../targets.js';
import { decodeClixml } from '../winrm/clixml.js';
import {
  CLEANUP_GRACE_MS,
  OutputLimitError,
  runCommand,
  WinrmAuthError,
  WinrmConnection,
  WinrmHttpError,
  WinrmTimeoutError,
  WsmanFaultError,
} from '../winrm/client.js';
import { EncryptionError } from '../winrm/encryption.js';
import { HttpConnectionError, HttpResponseTooLargeError, HttpTimeoutError } from '../winrm/http.js';
import { NtlmError } from '../winrm/ntlm.js';
import { SoapError } from '../winrm/soap.js';
import { MAX_PROBE_OUTPUT, type ConnectOptions } from './options.js';
import { configuredPassword, DEFAULT_PASSWORD_ENV } from './password.js';

type WinrmSpec = Extract<TargetSpec, { kind: 'winrm' }>;

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

async function password(spec: WinrmSpec, user: string, options: ConnectOptions): Promise<string> {
  const env = options.passwordEnv ?? DEFAULT_PASSWORD_ENV;
  const configured = configuredPassword(options);
  if (configured) return configured.value;
  if (options.prompt) return options.prompt(`Password for ${user} at ${spec.host}: `);
  throw new TargetError(
    spec.raw,
    'authenticate',
    `no password: ${env} is not set and there is no terminal to ask on`,
    `export ${env}=… (or name another variable with --password-env)`,
  );
}

function readCa(spec: WinrmSpec, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(
      `--ca ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      `give the PEM file of the CA that signed the certificate of ${spec.host}`,
    );
  }
}

/** OpenSSL's error codes for "no TLS version both sides accept". */
const TLS_VERSION = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_WRONG_SSL_VERSION',
  'ERR_SSL_VERSION_TOO_LOW',
  'ERR_SSL_UNSUPPORTED_SSL_VERSION',
]);

/** The reason of an OpenSSL error line (`…:SSL routines:function:reason:file:line:`), without the rest. */
function tlsReason(message: string): string {
  const reason = /routines:[^:]*:([^:]+):/.exec(message)?.[1];
  return (reason ?? message).replace(/\s+/g, ' ').trim().slice(0, 200);
}

function explainTls(spec: WinrmSpec, where: string, e: HttpConnectionError): TargetError | undefined {
  const code = e.code ?? '';
  if (TLS_VERSION.has(code)) {
    return new TargetError(
      spec.raw,
      'connect',
      `TLS: ${where} offers no TLS version preseal accepts (it needs TLS 1.2 or later)`,
      'enable TLS 1.2 for the WinRM listener on the VM (SChannel; older Windows Server releases have it off by default)',
    );
  }
  if (TLS_UNTRUSTED.has(code)) {
    return new TargetError(
      spec.raw,
      'connect',
      `TLS: the certificate of ${where} is not trusted (${code})`,
      'pass the CA that signed it with --ca FILE, or --insecure-skip-tls-verify to skip the check (not for production)',
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new TargetError(
      spec.raw,
      'connect',
      `TLS: the certificate of ${where} is not issued for ${spec.host}`,
      'connect with the name the certificate carries, or --insecure-skip-tls-verify to skip the check',
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new TargetError(
      spec.raw,
      'connect',
      `TLS: the certificate of ${where} is not valid now (${code})`,
      'renew the WinRM HTTPS certificate, or --insecure-skip-tls-verify to skip the check',
    );
  }
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(e.message)) {
    return new TargetError(
      spec.raw,
      'connect',
      `${where} did not speak ${spec.tls ? 'TLS' : 'HTTP'}`,
      spec.tls ? 'is it the HTTP listener? use winrm:// for port 5985' : 'is it the HTTPS listener? use winrms:// for port 5986',
    );
  }
  if (/^ERR_TLS|^ERR_SSL|CERT/.test(code)) {
    return new TargetError(
      spec.raw,
      'connect',
      `TLS with ${where} failed: ${tlsReason(e.message)} (${code})`,
      'check the WinRM HTTPS listener and its certificate on the VM',
    );
  }
  return undefined;
}

function explainAuth(spec: WinrmSpec, auth: 'basic' | 'ntlm', where: string, e: WinrmAuthError): TargetError {
  if (e.schemeMissing) {
    const offered = e.offered.length ? `it offers ${e.offered.join(', ')}` : 'it offers no scheme';
    return new TargetError(
      spec.raw,
      'authenticate',
      `${where} does not accept ${auth === 'basic' ? 'Basic' : 'Negotiate (NTLM)'} authentication (${offered})`,
      auth === 'basic'
        ? 'use --auth ntlm, or enable Basic on the VM: winrm set winrm/config/service/auth @{Basic="true"}'
        : 'enable Negotiate on the VM (winrm get winrm/config/service/auth), or use --auth basic over winrms://',
    );
  }
  if (e.channelBound) {
    return new TargetError(
      spec.raw,
      'authenticate',
      `${where} refused the credentials (HTTP 401)`,
      "check the user and password; over HTTPS the server also checks channel binding: a TLS proxy or load balancer in between, or a certificate other than the listener's, makes it fail (CbtHardeningLevel in winrm/config/service/auth); a local non-built-in admin needs LocalAccountTokenFilterPolicy=1",
    );
  }
  return new TargetError(
    spec.raw,
    'authenticate',
    `${where} refused the credentials (HTTP 401)`,
    auth === 'basic'
      ? 'check the password; Basic works only for local accounts and must be on (winrm get winrm/config/service/auth)'
      : 'check the user and password; a local non-built-in admin needs LocalAccountTokenFilterPolicy=1 (UAC remote restrictions); check `winrm get winrm/config/service/auth`',
  );
}

/** Turns a transport failure into one line a person can act on. */
function explain(spec: WinrmSpec, auth: 'basic' | 'ntlm', e: unknown): unknown {
  const where = `${spec.host}:${spec.port}`;
  if (e instanceof TargetError) return e;
  if (e instanceof WinrmAuthError) return explainAuth(spec, auth, where, e);
  if (e instanceof HttpResponseTooLargeError) {
    return new TargetError(
      spec.raw,
      'probe',
      `${where} sent an answer larger than ${e.limit} bytes (twice the MaxEnvelopeSize preseal asks for); refused`,
      'a WinRM server keeps to MaxEnvelopeSize; is something else answering on that port?',
    );
  }
  if (e instanceof HttpConnectionError) return explainConnection(spec, where, e);
  return explainProtocol(spec, where, e);
}

function explainConnection(spec: WinrmSpec, where: string, e: HttpConnectionError): TargetError {
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') {
    return new TargetError(
      spec.raw,
      'connect',
      `connection refused on ${where}: no WinRM listener`,
      spec.tls
        ? 'create an HTTPS listener on the VM (New-Item WSMan:\\localhost\\Listener -Transport HTTPS …) or use winrm:// on 5985'
        : 'on the VM run `Enable-PSRemoting -Force` or `winrm quickconfig`, and open the firewall for 5985',
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TargetError(spec.raw, 'resolve', `cannot resolve ${spec.host}`, 'check the host name or use its IP address');
  const tls = explainTls(spec, where, e);
  if (tls) return tls;
  const message = tlsReason(e.message);
  return new TargetError(
    spec.raw,
    'connect',
    `the connection to ${where} failed: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`,
    'check that WinRM is running and nothing closes the connection (proxy, firewall)',
  );
}

function explainProtocol(spec: WinrmSpec, where: string, e: unknown): unknown {
  if (e instanceof HttpTimeoutError || e instanceof WinrmTimeoutError) {
    return new TargetError(spec.raw, 'probe', `no answer from ${where} within the time limit`, 'raise --timeout, and check that the VM is reachable');
  }
  if (e instanceof WsmanFaultError) {
    const f = e.fault;
    const hint =
      f.wsmanCode === '2147942405' || /access is denied/i.test(f.reason)
        ? 'the user must be an administrator (or in Remote Management Users); for local accounts set LocalAccountTokenFilterPolicy=1'
        : f.wsmanCode === '2147942606'
          ? 'the command line is too long for cmd.exe'
          : 'see `winrm helpmsg <code>` on the VM';
    return new TargetError(spec.raw, 'probe', `${e.action}: ${e.message}`, hint);
  }
  if (e instanceof WinrmHttpError) return new TargetError(spec.raw, 'connect', e.message, `is ${where} a WinRM endpoint (path /wsman)?`);
  if (e instanceof OutputLimitError) return new TargetError(spec.raw, 'probe', `the probe ${e.message}`);
  if (e instanceof NtlmError || e instanceof EncryptionError)
    return new TargetError(
      spec.raw,
      'authenticate',
      `NTLM: ${e.message}`,
      'the server speaks an NTLM variant preseal refuses: it needs NTLMv2 with extended session security, signing, sealing, 128-bit keys and key exchange (Windows grants all of them)',
    );
  if (e instanceof SoapError) return new TargetError(spec.raw, 'probe', `bad answer from ${where}: ${e.message}`);
  return e;
}

/**
 * Runs the Windows probe over WS-Management: a WinRS shell runs PowerShell with the short
 * bootstrap, which reads the probe from stdin (fed by Send), so the command line stays far
 * below cmd.exe's 8191 characters.
 */
export async function collectOverWinrm(spec: WinrmSpec, options: ConnectOptions): Promise<FactsEnvelope> {
  const auth = options.auth ?? 'ntlm';
  if (!spec.user)
    throw new UsageError(
      `target ${spec.raw}: no user name`,
      `write it as ${spec.tls ? 'winrms' : 'winrm'}://user@${spec.host} (user, DOMAIN\\user or user@domain)`,
    );
  if (auth === 'basic' && !spec.tls && !options.insecureAllowUnencrypted) {
    throw new TargetError(
      spec.raw,
      'authenticate',
      'Basic authentication over plain HTTP would send the password readable on the network; refused',
      'use winrms:// (HTTPS), or --auth ntlm (encrypted over HTTP), or --insecure-allow-unencrypted if you accept the risk',
    );
  }
  const ca = options.ca ? readCa(spec, options.ca) : undefined;
  warnInsecure(spec, auth, options);
  const user = spec.user;
  const secret = await password(spec, user, options);
  // One deadline for the whole target: connect, NTLM handshake, the command and its clean-up.
  const deadline = Date.now() + options.timeoutMs;
  const conn = new WinrmConnection({
    host: spec.host,
    port: spec.port,
    tls: spec.tls,
    user,
    password: secret,
    auth,
    rejectUnauthorized: !(spec.tls && options.insecureSkipTlsVerify),
    ...(ca ? { ca } : {}),
    ...(options.debug ? { debug: (m: string) => options.debug!(`${spec.raw}: ${m}`) } : {}),
  });
  let guard: NodeJS.Timeout | undefined;
  const nonce = newProbeNonce();
  try {
    const run = await Promise.race([
      runCommand(conn, {
        commandLine: bootstrapCommand('powershell.exe'),
        stdin: Buffer.from(probePayload({ timeoutMs: options.timeoutMs, nonce }), 'utf8'),
        deadline,
        maxOutput: MAX_PROBE_OUTPUT,
      }),
      // Every step already ends by the deadline; this only backs that up.
      new Promise<never>((_, reject) => {
        guard = setTimeout(() => reject(new WinrmTimeoutError('the time limit passed')), options.timeoutMs + CLEANUP_GRACE_MS + 1000);
      }),
    ]);
    const stderr = Buffer.from(decodeClixml(run.stderr.toString('utf8')), 'utf8');
    options.debug?.(`${spec.raw}: probe exited ${run.code ?? 'without a code'}, ${run.stdout.length} bytes of output`);
    return envelopeFromRun(spec.raw, { stdout: run.stdout, stderr, code: run.code }, new Date().toISOString(), nonce);
  } catch (e) {
    throw explain(spec, auth, e);
  } finally {
    clearTimeout(guard);
    conn.close();
  }
}

/** Plain-HTTP and unverified-TLS runs say on stderr what they expose, as every run does. */
function warnInsecure(spec: WinrmSpec, auth: 'basic' | 'ntlm', options: ConnectOptions): void {
  if (spec.tls && options.insecureSkipTlsVerify) {
    process.stderr.write(`preseal: warning: ${spec.raw}: the server certificate is not verified (--insecure-skip-tls-verify)\n`);
  }
  if (!spec.tls && auth === 'ntlm') {
    process.stderr.write(
      `preseal: warning: ${spec.raw}: NTLM over plain HTTP does not authenticate the server: whoever answers gets a response that can be cracked offline for the password (use winrms://)\n`,
    );
  }
  if (!spec.tls && auth === 'basic') {
    process.stderr.write(`preseal: warning: ${spec.raw}: Basic over plain HTTP sends the password readable on the network (--insecure-allow-unencrypted)\n`);
  }
}
