import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatedFiles, renderRuleIndex, ruleFiles } from '../src/generate.js';
import type { AnyRule } from '../src/engine/define.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = ruleFiles(join(root, 'rules'));
// Write the index first, then import it, so a new rule file is picked up in one run.
writeFileSync(join(root, 'rules/index.ts'), renderRuleIndex(files));
const { rules } = (await import(pathToFileURL(join(root, 'rules/index.ts')).href)) as { rules: readonly AnyRule[] };
const outputs = generatedFiles(rules, files, readFileSync(join(root, 'README.md'), 'utf8'));
const docsDir = join(root, 'docs/rules');
mkdirSync(docsDir, { recursive: true });
for (const f of readdirSync(docsDir)) if (!outputs.has(`docs/rules/${f}`)) rmSync(join(docsDir, f));
for (const [path, text] of outputs) writeFileSync(join(root, path), text);
console.log(`generated ${outputs.size} files for ${rules.length} rules`);
