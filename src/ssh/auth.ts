import { existsSync, readFileSync } from 'node:fs';
import ssh2, { type AnyAuthMethod, type AuthHandlerMiddleware } from 'ssh2';
import { TargetError } from '../errors.js';
import { configuredPassword } from '../transports/password.js';

export interface AuthSetup {
  target: string;
  username: string;
  /** --identity: tried first, and must load. */
  identity?: string;
  /** From the ssh config (or OpenSSH's default list); tried when they exist. */
  identityFiles: readonly string[];
  /** ssh-agent socket, or undefined for none. */
  agent: string | undefined;
  passwordEnv: string;
  passwordFile?: string;
  prompt: ((question: string) => Promise<string>) | undefined;
  debug: ((message: string) => void) | undefined;
  /** user@host, for prompts. */
  label: string;
}

export interface LoadedKey {
  file: string;
  data: Buffer;
  passphrase?: string;
}

function isEncryptedKeyError(e: Error): boolean {
  return /encrypted|passphrase/i.test(e.message);
}

/**
 * Reads one private key. An encrypted key asks for its passphrase when there is a terminal;
 * `required` keys (--identity) fail with a clear error, the others are skipped with a note.
 */
export async function loadKey(setup: AuthSetup, file: string, required: boolean): Promise<LoadedKey | string> {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    const why = `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    if (required) throw new TargetError(setup.target, 'authenticate', `--identity: ${why}`);
    return why;
  }
  const plain = ssh2.utils.parseKey(data);
  if (!(plain instanceof Error)) {
    const key = Array.isArray(plain) ? plain[0] : plain;
    if (key?.isPrivateKey()) return { file, data };
    const why = `${file} is not a private key`;
    if (required) throw new TargetError(setup.target, 'authenticate', `--identity: ${why}`, 'give the private key file, not the .pub');
    return why;
  }
  if (!isEncryptedKeyError(plain)) {
    const why = `${file} is not a key ssh2 can read (${plain.message})`;
    if (required) throw new TargetError(setup.target, 'authenticate', `--identity: ${why}`);
    return why;
  }
  if (!setup.prompt) {
    const why = `${file} is encrypted and there is no terminal to ask its passphrase`;
    if (required)
      throw new TargetError(setup.target, 'authenticate', `--identity: ${why}`, 'load the key into ssh-agent (ssh-add) or run preseal in a terminal');
    return why;
  }
  const passphrase = await setup.prompt(`Passphrase for ${file}: `);
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    const why = `the passphrase for ${file} is wrong`;
    if (required) throw new TargetError(setup.target, 'authenticate', `--identity: ${why}`);
    return why;
  }
  return { file, data, passphrase };
}

type KeyboardInteractiveCallback = Extract<AnyAuthMethod, { type: 'keyboard-interactive' }>['prompt'];

/**
 * What a password prompt says: OpenSSH's and PAM's `Password:`, `user@host's password:`, and
 * PAM's translations of it (Linux-PAM po files: Passwort, Mot de passe, Contraseña, Senha, …).
 */
const PASSWORD_PROMPT = /pass(word|wort|wd|phrase)|mot de passe|contrase|senha|wachtwoord|l[öo]senord|has[lł]o|парол|密码|密碼|パスワード|암호|비밀번호/i;

type Step = { kind: 'key'; file: string; required: boolean } | { kind: 'agent' } | { kind: 'password' } | { kind: 'keyboard-interactive' };

/**
 * The order of attempts: --identity, ssh-agent, the config's key files, then password and
 * keyboard-interactive (answered with the same password). The explicit key goes first so that an
 * agent holding many keys cannot use up the server's MaxAuthTries before it.
 */
export class SshAuth {
  readonly tried: string[] = [];
  serverMethods: string[] = [];
  private readonly steps: Step[];
  private readonly preloaded = new Map<string, LoadedKey>();
  private password: string | undefined | null = null;
  private sentNone = false;

  constructor(private readonly setup: AuthSetup) {
    const files = setup.identityFiles.filter((f) => f !== setup.identity && existsSync(f));
    this.steps = [
      ...(setup.identity ? [{ kind: 'key', file: setup.identity, required: true } as const] : []),
      ...(setup.agent ? [{ kind: 'agent' } as const] : []),
      ...files.map((file) => ({ kind: 'key', file, required: false }) as const),
      { kind: 'password' },
      { kind: 'keyboard-interactive' },
    ];
  }

  /** Loads --identity before connecting, so a passphrase prompt does not eat the handshake timeout. */
  async prepare(): Promise<void> {
    if (!this.setup.identity) return;
    const key = await loadKey(this.setup, this.setup.identity, true);
    if (typeof key !== 'string') this.preloaded.set(key.file, key);
  }

  private passwordFrom = 'the prompt';

  private async getPassword(): Promise<string | undefined> {
    if (this.password !== null) return this.password;
    const configured = configuredPassword(this.setup);
    if (configured) {
      this.password = configured.value;
      this.passwordFrom = configured.from;
    } else if (this.setup.prompt) this.password = await this.setup.prompt(`Password for ${this.setup.label}: `);
    else this.password = undefined;
    return this.password;
  }

  private async next(): Promise<AnyAuthMethod | false> {
    const username = this.setup.username;
    const offered = (m: string) => this.serverMethods.includes(m);
    for (;;) {
      const step = this.steps.shift();
      if (!step) return false;
      if (step.kind === 'agent') {
        if (!offered('publickey')) continue;
        this.tried.push('ssh-agent');
        return { type: 'agent', username, agent: this.setup.agent as string };
      }
      if (step.kind === 'key') {
        if (!offered('publickey')) continue;
        const key = this.preloaded.get(step.file) ?? (await loadKey(this.setup, step.file, step.required));
        if (typeof key === 'string') {
          this.setup.debug?.(`${this.setup.target}: skipping key: ${key}`);
          continue;
        }
        this.tried.push(`key ${step.file}`);
        return { type: 'publickey', username, key: key.data, ...(key.passphrase !== undefined ? { passphrase: key.passphrase } : {}) };
      }
      if (step.kind === 'password' || step.kind === 'keyboard-interactive') {
        if (!offered(step.kind)) continue;
        const password = await this.getPassword();
        if (password === undefined) continue;
        const source = this.passwordFrom;
        this.tried.push(`${step.kind} (from ${source})`);
        if (step.kind === 'password') return { type: 'password', username, password };
        return { type: 'keyboard-interactive', username, prompt: this.passwordOnly(password) };
      }
    }
  }

  /**
   * keyboard-interactive answered like a password and nothing more: one round with one hidden
   * prompt that asks for a password, answered once. A second round, a visible prompt, several
   * prompts or one asking for anything else (a verification code, a token) gets no answer, and the
   * run fails saying so: preseal cannot ask a person those, and the password is for nothing else.
   * Rounds with no prompt at all are answered by ssh2 itself and reveal nothing.
   */
  private passwordOnly(password: string): KeyboardInteractiveCallback {
    let answered = false;
    return (_name, _instructions, _lang, prompts, finish) => {
      const only = prompts.length === 1 ? prompts[0] : undefined;
      if (!answered && only && only.echo !== true && PASSWORD_PROMPT.test(only.prompt)) {
        answered = true;
        finish([password]);
        return;
      }
      const asked = prompts.map((p) => JSON.stringify(p.prompt.slice(0, 60))).join(', ');
      this.failure ??= new TargetError(
        this.setup.target,
        'authenticate',
        `the server asks for more than a password (keyboard-interactive${answered ? ', after the password' : ''}: ${asked || 'no prompt'})`,
        'preseal answers only a single hidden password prompt; authenticate with a key (--identity or ssh-agent), or let the account log in with a password alone',
      );
      finish([]);
    };
  }

  /** ssh2's authHandler: the first call sends `none` to learn which methods the server takes. */
  readonly handler: AuthHandlerMiddleware = (methodsLeft, _partial, callback) => {
    if (!this.sentNone) {
      this.sentNone = true;
      callback({ type: 'none', username: this.setup.username });
      return;
    }
    if (methodsLeft) this.serverMethods = [...methodsLeft];
    this.next().then(
      (method) => callback(method as AnyAuthMethod),
      (e: unknown) => {
        this.failure = e instanceof Error ? e : new Error(String(e));
        callback(false as unknown as AnyAuthMethod);
      },
    );
  };

  /** An error raised while choosing a method (e.g. a bad --identity), reported instead of ssh2's. */
  failure: Error | undefined;

  /** One line: what was tried and what the server would take. */
  describe(): string {
    const tried = this.tried.length ? this.tried.join(', ') : 'nothing (no key, agent or password was available)';
    const server = this.serverMethods.length ? `; the server accepts ${this.serverMethods.join(', ')}` : '';
    return `authentication as ${this.setup.username} failed: tried ${tried}${server}`;
  }
}
