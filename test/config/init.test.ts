import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkConfigRules, loadConfig, parseConfig } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import { initCommand, STARTER_YAML } from '../../src/init.js';
import { rules } from '../../rules/index.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'preseal-init-'));
}

describe('preseal init', () => {
  it('writes a commented YAML config that loads as the defaults', async () => {
    const dir = scratch();
    const lines: string[] = [];
    expect(await initCommand({ format: 'yaml', force: false }, dir, (l) => void lines.push(l))).toBe(0);
    expect(lines).toEqual(['preseal: wrote preseal.config.yaml']);
    const text = readFileSync(join(dir, 'preseal.config.yaml'), 'utf8');
    const { config, file } = await loadConfig(undefined, dir);
    expect(file).toBe(join(dir, 'preseal.config.yaml'));
    expect(config).toEqual({ failOn: 'error', allowUnknown: false, generalizer: 'auto', cloud: 'auto', rules: {}, waivers: [] });
    // A comment before each choice.
    const keys = Object.keys(parse(text) as object);
    for (const key of keys) {
      const at = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
      expect(text.split('\n')[at - 1], key).toMatch(/^#/);
    }
  });

  it('has commented examples that, uncommented, are a valid config naming real rules', async () => {
    const uncommented = STARTER_YAML.replace('rules: {}', 'rules:')
      .replace('waivers: []', 'waivers:')
      .split('\n')
      .map((l) => (/^# {3}(\S| {2}\S)/.test(l) && !/^# {3}(rule|resource|justification|expires) {2}/.test(l) && !/^# {18}/.test(l) ? l.slice(1) : l))
      .join('\n');
    const config = await parseConfig(uncommented, 'uncommented.yaml');
    expect(Object.keys(config.rules ?? {})).toEqual(['machine-id', 'L037']);
    expect(config.waivers).toEqual([
      { rule: 'machine-id', resource: '/etc/machine-id', justification: 'our deprovision script empties it after the lint', expires: '2026-12-31' },
    ]);
    expect(() => checkConfigRules(rules, config, 'uncommented.yaml')).not.toThrow();
  });

  it('writes JSON with --format json', async () => {
    const dir = scratch();
    await initCommand({ format: 'json', force: false }, dir, () => {});
    const data = JSON.parse(readFileSync(join(dir, 'preseal.config.json'), 'utf8')) as Record<string, unknown>;
    expect(data['$schema']).toBe('./node_modules/preseal/schema/preseal.config.schema.json');
    expect((await loadConfig(undefined, dir)).config).toMatchObject({ failOn: 'error', waivers: [] });
  });

  it('refuses to overwrite a config without --force, and replaces it with --force', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'preseal.config.yaml'), 'failOn: warning\n');
    const error = await initCommand({ format: 'yaml', force: false }, dir, () => {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('preseal.config.yaml already exists here');
    expect(readFileSync(join(dir, 'preseal.config.yaml'), 'utf8')).toBe('failOn: warning\n');
    await initCommand({ format: 'yaml', force: true }, dir, () => {});
    expect(readFileSync(join(dir, 'preseal.config.yaml'), 'utf8')).toBe(STARTER_YAML);
  });

  it('refuses when a config of the other format is here, and says which one is read with --force', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'preseal.config.json'), '{}');
    await expect(initCommand({ format: 'yaml', force: false }, dir, () => {})).rejects.toThrow('preseal.config.json already exists here');
    expect(existsSync(join(dir, 'preseal.config.yaml'))).toBe(false);
    const lines: string[] = [];
    await initCommand({ format: 'yaml', force: true }, dir, (l) => void lines.push(l));
    expect(lines).toEqual([
      'preseal: wrote preseal.config.yaml',
      'preseal: note: preseal.config.json is also here and is read first; remove it to use preseal.config.yaml',
    ]);
    const json: string[] = [];
    await initCommand({ format: 'json', force: true }, dir, (l) => void json.push(l));
    expect(json).toEqual(['preseal: wrote preseal.config.json', 'preseal: note: preseal.config.yaml is also here and is no longer read']);
  });
});
