import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredPassword } from '../../src/transports/password.js';

const dir = mkdtempSync(join(tmpdir(), 'preseal-password-'));

describe('where a password may come from', () => {
  it('takes the first line of --password-file, before the environment', () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'S3cret-from-file\nignored\n', { mode: 0o600 });
    process.env['PRESEAL_TEST_PW'] = 'from-env';
    expect(configuredPassword({ passwordFile: file, passwordEnv: 'PRESEAL_TEST_PW' })).toEqual({ value: 'S3cret-from-file', from: file });
    expect(configuredPassword({ passwordEnv: 'PRESEAL_TEST_PW' })).toEqual({ value: 'from-env', from: '$PRESEAL_TEST_PW' });
    delete process.env['PRESEAL_TEST_PW'];
    expect(configuredPassword({ passwordEnv: 'PRESEAL_TEST_PW' })).toBeUndefined();
  });

  it('refuses an unreadable or empty file as an input error, without echoing anything from it', () => {
    expect(() => configuredPassword({ passwordFile: join(dir, 'missing') })).toThrow(/--password-file .*missing: ENOENT/);
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\nsecond-line-secret\n');
    expect(() => configuredPassword({ passwordFile: empty })).toThrow(/the first line is empty$/);
  });
});
