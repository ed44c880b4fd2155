import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { ConnectOptions } from './options.js';

/** The environment variable that holds the password unless --password-env names another. */
export const DEFAULT_PASSWORD_ENV = 'PRESEAL_PASSWORD';

export interface PasswordSource {
  value: string;
  /** Where it came from, for messages: never the value. */
  from: string;
}

/**
 * The password from --password-file or the environment variable --password-env names; never
 * from argv. Undefined when neither gives one (the transport may then prompt).
 */
export function configuredPassword(options: Pick<ConnectOptions, 'passwordFile' | 'passwordEnv'>): PasswordSource | undefined {
  if (options.passwordFile) {
    let text: string;
    try {
      text = readFileSync(options.passwordFile, 'utf8');
    } catch (e) {
      throw new UsageError(`--password-file ${options.passwordFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    // The first line, as `echo secret > file` writes it.
    const value = text.split(/\r?\n/)[0] ?? '';
    if (!value) throw new UsageError(`--password-file ${options.passwordFile}: the first line is empty`);
    return { value, from: options.passwordFile };
  }
  const env = options.passwordEnv ?? DEFAULT_PASSWORD_ENV;
  const value = process.env[env];
  return value ? { value, from: `$${env}` } : undefined;
}
