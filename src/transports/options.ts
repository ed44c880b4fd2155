/** Options that reach the transports from the command line. Passwords never come from argv. */
export interface ConnectOptions {
  /** Per-target time limit in milliseconds, from --timeout. */
  timeoutMs: number;
  /** SSH private key file (--identity). */
  identity?: string;
  /** ssh config file read instead of ~/.ssh/config (--ssh-config, like `ssh -F`). */
  sshConfig?: string;
  /** known_hosts file to check host keys against (--known-hosts). */
  knownHosts?: string;
  acceptNewHostKey?: boolean;
  /** Run the Linux probe through `sudo -n` (--sudo). */
  sudo?: boolean;
  /** Name of the environment variable that holds the password (--password-env). */
  passwordEnv?: string;
  /** File whose first line is the password (--password-file); wins over the variable. */
  passwordFile?: string;
  /** WinRM authentication scheme (--auth). */
  auth?: 'basic' | 'ntlm';
  insecureSkipTlsVerify?: boolean;
  insecureAllowUnencrypted?: boolean;
  /** CA bundle for winrms:// (--ca). */
  ca?: string;
  /** ssh://: the remote OS when the server's identification does not tell (--platform). */
  platform?: 'linux' | 'windows';
  /** Prints transport diagnostics when --debug is given. */
  debug?: (message: string) => void;
  /** Asks the user for a secret on the terminal; absent when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
  signal?: string | null;
}

/** The most a probe may print; a real probe prints well under 1 MiB. */
export const MAX_PROBE_OUTPUT = 32 * 1024 * 1024;
