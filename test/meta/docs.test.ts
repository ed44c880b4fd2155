import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedFiles, ruleFiles } from '../../src/generate.js';
import { packageRoot } from '../../src/paths.js';
import type { AnyRule } from '../../src/engine/define.js';

// Rules are loaded from their files, not from rules/index.ts, so a rule missing from the index is caught too.
const files = ruleFiles(join(packageRoot, 'rules'));
const rules: AnyRule[] = [];
for (const f of files) {
  rules.push(((await import(pathToFileURL(join(packageRoot, 'rules', f)).href)) as { default: AnyRule }).default);
}
const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
const outputs = generatedFiles(rules, files, readme);
const fix = 'run `npm run gen` and commit the result';

describe('generated files match the rule metadata', () => {
  it('has rules to check', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  for (const [path, expected] of outputs) {
    it(`${path} is up to date`, () => {
      let actual: string | undefined;
      try {
        actual = readFileSync(join(packageRoot, path), 'utf8');
      } catch {
        actual = undefined;
      }
      expect(actual, `${path} is missing or stale: ${fix}`).toBe(expected);
    });
  }

  it('docs/rules/ holds no page for a rule that does not exist', () => {
    const pages = readdirSync(join(packageRoot, 'docs/rules')).map((f) => `docs/rules/${f}`);
    expect(
      pages.filter((p) => !outputs.has(p)),
      `stale pages: ${fix}`,
    ).toEqual([]);
  });

  it('the README carries the generated rule table', () => {
    expect(readme).toContain('<!-- rules:begin -->');
    expect(readme).toContain('<!-- rules:end -->');
  });
});

describe('rule files and their metadata agree', () => {
  it('each file is rules/<platform>/<alias>.ts', () => {
    expect(files.map((f, i) => [f, `${rules[i]!.platform}/${rules[i]!.alias}.ts`])).toEqual(files.map((f) => [f, f]));
    for (const f of files) expect(basename(dirname(join('rules', f)))).toMatch(/^(linux|windows)$/);
  });

  it('ids and aliases are unique, and shaped like L001 / W001 and kebab-case', () => {
    const ids = rules.map((r) => r.id);
    const aliases = rules.map((r) => r.alias);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(aliases.filter((a, i) => aliases.indexOf(a) !== i)).toEqual([]);
    for (const r of rules) {
      expect(r.id).toMatch(r.platform === 'linux' ? /^L\d{3}$/ : /^W\d{3}$/);
      expect(r.alias).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('every page has the sections a reader looks for', () => {
    for (const r of rules) {
      const page = outputs.get(`docs/rules/${r.alias}.md`) ?? '';
      for (const heading of ['## Why', '## What is checked', '### Failing', '### Passing', '## How to fix', '## When a waiver is fine', '## References']) {
        expect(page, `${r.alias}: ${heading}`).toContain(`\n${heading}\n`);
      }
      expect(page, `${r.alias}: its failing example must fail`).toContain('preseal reports:');
    }
  });
});
