import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { packageRoot } from '../../src/paths.js';

const docs = join(packageRoot, 'docs/integrations');
const examples = readdirSync(join(docs, 'examples')).sort();
const pages = readdirSync(docs).filter((f) => f.endsWith('.md'));
const read = (path: string) => readFileSync(path, 'utf8');

function yamlFile(path: string): Record<string, unknown> {
  const doc = parseDocument(read(path), { prettyErrors: true, uniqueKeys: true });
  expect([...doc.errors, ...doc.warnings].map((e) => e.message)).toEqual([]);
  return doc.toJS() as Record<string, unknown>;
}

type Step = Record<string, unknown> & { with?: Record<string, string>; inputs?: Record<string, unknown> };

describe('docs/integrations', () => {
  it('each page shows its example files exactly as they are', () => {
    const included = new Set<string>();
    for (const page of pages) {
      const text = read(join(docs, page));
      for (const m of text.matchAll(/<!-- example: (examples\/\S+) [^\n]*-->\n\n```\w+\n([\s\S]*?)```/g)) {
        included.add(basename(m[1]!));
        expect(m[2], `${page}: ${m[1]}`).toBe(read(join(docs, m[1]!)));
      }
    }
    expect([...included].sort()).toEqual(examples);
  });

  it('each page is linked from the index', () => {
    const index = read(join(docs, 'README.md'));
    for (const page of pages.filter((p) => p !== 'README.md')) expect(index).toContain(`](${page})`);
  });
});

describe('GitHub Actions', () => {
  it('the composite action parses and passes every input to preseal through the environment', () => {
    const action = yamlFile(join(packageRoot, 'action.yml')) as { inputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };
    expect(action.runs.using).toBe('composite');
    const lint = action.runs.steps.find((s) => s['id'] === 'lint')!;
    const env = lint['env'] as Record<string, string>;
    for (const name of Object.keys(action.inputs)) expect(Object.values(env)).toContain(`\${{ inputs.${name} }}`);
    const script = lint['run'] as string;
    expect(script).not.toContain('${{');
    expect(script).toContain('--format github');
    expect(script).toContain('"sarif=$PRESEAL_SARIF"');
  });

  it('the workflow uploads the SARIF the action writes, even when the gate fails', () => {
    const wf = yamlFile(join(docs, 'examples/github-actions.yml')) as { permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
    expect(wf.permissions['security-events']).toBe('write');
    const steps = Object.values(wf.jobs)[0]!.steps;
    const gate = steps.findIndex((s) => String(s['uses']).startsWith('preseal/preseal@'));
    const upload = steps.findIndex((s) => String(s['uses']).startsWith('github/codeql-action/upload-sarif@'));
    expect(gate).toBeGreaterThanOrEqual(0);
    expect(upload).toBeGreaterThan(gate);
    expect(String(steps[upload]!['if'])).toMatch(/always\(\)/);
    expect(steps[upload]!.with?.['sarif_file']).toBe(steps[gate]!.with?.['sarif']);
  });
});

describe('Azure DevOps', () => {
  it('publishes the JUnit file preseal writes, after a failed gate too, with PublishTestResults@2', () => {
    const p = yamlFile(join(docs, 'examples/azure-pipelines.yml')) as { steps: Step[] };
    const lint = p.steps.find((s) => typeof s['script'] === 'string' && (s['script'] as string).includes('preseal lint'))!;
    const publish = p.steps.find((s) => s['task'] === 'PublishTestResults@2')!;
    expect(p.steps.indexOf(publish)).toBeGreaterThan(p.steps.indexOf(lint));
    expect(publish['condition']).toBe('succeededOrFailed()');
    expect(publish.inputs).toMatchObject({ testResultsFormat: 'JUnit', failTaskOnFailedTests: true });
    const junit = /--format "junit=\$\(Common\.TestResultsDirectory\)\/([^"]+)"/.exec(lint['script'] as string);
    expect(junit?.[1]).toBe(publish.inputs?.['testResultsFiles']);
    expect(publish.inputs?.['searchFolder']).toBe('$(Common.TestResultsDirectory)');
  });
});

describe('Azure Image Builder', () => {
  for (const file of examples.filter((f) => f.startsWith('aib-'))) {
    it(`${file} parses, and preseal is the last customizer, before the hidden deprovisioning step`, () => {
      const template = JSON.parse(read(join(docs, 'examples', file))) as {
        resources: { type: string; properties: { customize: { name: string; inline: string[] }[]; errorHandling: Record<string, string> } }[];
      };
      const res = template.resources.find((r) => r.type === 'Microsoft.VirtualMachineImages/imageTemplates')!;
      const last = res.properties.customize.at(-1)!;
      expect(last.name).toBe('preseal-gate');
      expect(last.inline.join('\n')).toMatch(/preseal(\.exe)? lint local --generalizer (sysprep|waagent\+user)/);
      expect(res.properties.errorHandling['onCustomizerError']).toBe('abort');
    });
  }
});

describe('Packer', () => {
  for (const file of examples.filter((f) => f.endsWith('.pkr.hcl'))) {
    const text = read(join(docs, 'examples', file));

    it(`${file}: the preseal provisioner comes before the one that generalizes`, () => {
      const provisioners = [...text.matchAll(/^ {2}provisioner "([\w-]+)" \{$/gm)].map((m) => ({ type: m[1], at: m.index }));
      const body = (i: number) => text.slice(provisioners[i]!.at, provisioners[i + 1]?.at ?? text.length);
      const gate = provisioners.findIndex((_, i) => /preseal(\.exe)? lint /.test(body(i)));
      const generalize = provisioners.findIndex((_, i) => /Sysprep\.exe \/oobe \/generalize|waagent -force -deprovision/.test(body(i)));
      expect(gate).toBeGreaterThanOrEqual(0);
      expect(generalize).toBe(provisioners.length - 1);
      expect(gate).toBe(generalize - 1);
    });

    it(`${file} parses as HCL`, async (ctx) => {
      let hcl: { parse(name: string, text: string): Promise<Record<string, unknown>> };
      try {
        const name = '@cdktf/hcl2json';
        hcl = (await import(/* @vite-ignore */ name)) as typeof hcl;
      } catch {
        console.warn(`skipping the HCL parse of ${file}: the devDependency @cdktf/hcl2json is not installed`);
        ctx.skip();
        return;
      }
      const parsed = (await hcl.parse(file, text)) as { build: { provisioner: Record<string, unknown> }[] };
      expect(Object.keys(parsed.build[0]!.provisioner)).toContain('shell-local');
    });
  }
});

/** The `preseal lint …` commands of an example, up to the end of the line or a shell operator. */
function commands(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/preseal(?:\.exe)? lint (?:[^\n"|;&]|"(?:[^"\\\n]|\\.)*")*/g)].map((m) => m[0].trim());
}

/** Splits a command line like sh, for the quoting the examples use. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

describe('every preseal command in the examples runs with the real CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preseal-examples-'));
  const facts = (platform: string) => {
    const path = join(dir, `${platform}.facts.json`);
    // No fact groups: every rule of the platform is unknown, so the lint runs and fails (exit 1).
    writeFileSync(path, JSON.stringify({ schemaVersion: 2, platform, facts: {}, errors: {}, notApplicable: {} }));
    return path;
  };
  const files = [...examples.map((f) => join(docs, 'examples', f))];
  const found = files.flatMap((file) => {
    const raw = read(file);
    const text = /\.(pkr\.hcl|json)$/.test(file) ? raw.replace(/\\"/g, '"').replace(/\\\\/g, '\\') : raw;
    return commands(text).map((cmd) => ({ file: basename(file), cmd }));
  });

  it('finds a command in every example but the GitHub workflow, which runs the action', () => {
    expect([...new Set(found.map((f) => f.file))].sort()).toEqual(examples.filter((f) => f !== 'github-actions.yml'));
  });

  for (const [i, { file, cmd }] of found.entries()) {
    it(`${file}: ${cmd.slice(0, 90)}…`, async () => {
      const args = words(cmd).slice(1);
      const target = args[1]!;
      const platform = /^winrms?:/.test(target) || file.includes('windows') ? 'windows' : 'linux';
      args[1] = `facts:${facts(platform)}`;
      const written: string[] = [];
      const local = args.map((a) => {
        const fmt = /^(\w+)=(.+)$/.exec(a);
        if (fmt) {
          const path = join(dir, `${i}-${basename(fmt[2]!.replace(/[$()"{}]/g, '_'))}`);
          written.push(path);
          return `${fmt[1]}=${path}`;
        }
        return a.includes('$') ? join(dir, `${i}-placeholder`) : a;
      });
      const stdout = process.stdout.write.bind(process.stdout);
      const stderr = process.stderr.write.bind(process.stderr);
      const out: string[] = [];
      process.stdout.write = ((s: string) => out.push(String(s)) > 0) as unknown as typeof process.stdout.write;
      process.stderr.write = ((s: string) => out.push(String(s)) > 0) as unknown as typeof process.stderr.write;
      let code: number;
      try {
        code = await main(local);
      } finally {
        process.stdout.write = stdout;
        process.stderr.write = stderr;
      }
      // 1: linted, and the unknown rules fail the run. 2 would be a flag or format the CLI refuses.
      expect({ code, out: code === 1 ? '' : out.join('') }).toEqual({ code: 1, out: '' });
      for (const path of written) {
        expect(existsSync(path), path).toBe(true);
        const text = read(path);
        if (path.endsWith('.xml')) expect(XMLValidator.validate(text)).toBe(true);
        if (path.endsWith('.sarif')) expect((JSON.parse(text) as { version: string }).version).toBe('2.1.0');
      }
    });
  }
});

describe('the examples pin what they run', () => {
  const texts = [...examples.map((f) => join(docs, 'examples', f)), ...pages.map((p) => join(docs, p)), join(packageRoot, 'README.md')].map((f) => ({
    file: basename(f),
    text: read(f),
  }));

  it('never runs whatever the registry serves under the name: no npx, no unversioned npm install', () => {
    for (const { file, text } of texts) {
      // The README's clone set-up (`npm ci`, then `npx preseal lint`) runs the clone's own bin, which
      // npx finds locally; nowhere may npx be told to fetch a package (`--yes`, `-y`, `--package`).
      expect(text, file).not.toMatch(/\bnpx\s+(-y\b|--yes\b|-p\b|--package\b)/);
      const isRootReadme = text === read(join(packageRoot, 'README.md'));
      if (!isRootReadme) expect(text, file).not.toMatch(/\bnpx\b[^\n]*\bpreseal\b/);
      else expect(text.slice(0, text.search(/\bnpx\b/)), `${file}: npx only after the clone's npm ci`).toMatch(/From a clone[^\n]*\n+```sh\nnpm ci/);
      expect(text, file).not.toMatch(/npm (install|i)\b[^\n]*\bpreseal\b(?!@\d+\.\d+\.\d+)/);
    }
  });

  it('checks every release file it downloads against a SHA-256 before running it', () => {
    for (const file of examples) {
      const text = read(join(docs, 'examples', file));
      // The workflow runs the action at a release tag; the Linux Packer gate runs on the Packer
      // host, where packer.md installs the pinned, checked executable.
      if (file === 'github-actions.yml' || file === 'packer-linux.pkr.hcl') continue;
      expect(text, `${file} fetches a release file`).toMatch(/releases\/download\/v/);
      expect(text, file).toMatch(/preseal-(linux-x64|win-x64\.exe)/);
      // A sha256sum -c line, or Azure Image Builder's own sha256Checksum on the File customizer.
      expect(text, file).toMatch(/sha256sum -c -|"sha256Checksum": "\[parameters\('presealSha256'\)\]"/);
      expect(text, file).toMatch(/0\.1\.0|preseal_version|presealVersion/);
    }
  });

  it('uses the action at a release tag, and the action runs the CLI its tag carries', () => {
    const wf = read(join(docs, 'examples/github-actions.yml'));
    expect(wf).toMatch(/uses: preseal\/preseal@v\d+\.\d+\.\d+ /);
    const action = read(join(packageRoot, 'action.yml'));
    expect(action).toContain('node "$GITHUB_ACTION_PATH/dist-action/preseal.cjs"');
    expect(action).not.toMatch(/npm (ci|install)|npx/);
    // Third-party actions pinned to a commit.
    for (const m of action.matchAll(/uses: (\S+)/g)) expect(m[1]).toMatch(/@[0-9a-f]{40}$/);
  });

  it('the Windows examples copy preseal-win-x64.exe to the VM and lint it locally', () => {
    for (const file of ['packer-windows.pkr.hcl', 'aib-windows.json']) {
      const text = read(join(docs, 'examples', file));
      expect(text, file).toContain('preseal-win-x64.exe');
      expect(text, file).toMatch(/preseal\.exe lint local /);
      expect(text, file).not.toMatch(/winrms?:\/\//);
    }
  });
});

describe('the composite action runs preseal and passes its exit code on', () => {
  it('writes annotations, SARIF, JUnit, the step summary and its outputs, and fails with preseal', async () => {
    const { execFileSync, spawnSync } = await import('node:child_process');
    const action = yamlFile(join(packageRoot, 'action.yml')) as { runs: { steps: Step[] } };
    const lint = action.runs.steps.find((s) => s['id'] === 'lint')!;
    const check = action.runs.steps.find((s) => s['name'] === 'Check the bundled CLI')!;
    const dir = mkdtempSync(join(tmpdir(), 'preseal-action-'));
    // The action's checkout at a release tag: the bundle `npm run build:action` writes, and nothing else.
    const actionPath = join(dir, 'action');
    const bare = { ...process.env, GITHUB_ACTION_PATH: actionPath };
    const missing = spawnSync('bash', ['-e', '-c', check['run'] as string], { cwd: dir, env: bare, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stdout).toMatch(/^::error title=preseal::this ref of preseal\/preseal has no bundled CLI/);
    execFileSync(process.execPath, [join(packageRoot, 'scripts/build-exe.mjs'), '--action', '--quiet', '--out', join(actionPath, 'dist-action')]);
    expect(spawnSync('bash', ['-e', '-c', check['run'] as string], { cwd: dir, env: bare, encoding: 'utf8' }).status).toBe(0);
    const facts = join(dir, 'vm.facts.json');
    writeFileSync(facts, JSON.stringify({ schemaVersion: 2, platform: 'linux', facts: {}, errors: {}, notApplicable: {} }));
    writeFileSync(join(dir, 'output'), '');
    const env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(lint['env'] as Record<string, string>).map(([k]) => [k, ''])),
      PRESEAL_TARGETS: `facts:${facts}`,
      PRESEAL_SARIF: 'preseal.sarif',
      PRESEAL_JUNIT: 'preseal-junit.xml',
      PRESEAL_ALLOW_UNKNOWN: 'false',
      PRESEAL_GENERALIZER: 'waagent+user',
      PRESEAL_ARGS: '--sudo --timeout 30',
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      // Only the action's own files: no node_modules beside the bundle, none found from here.
      NODE_PATH: '',
    };
    const run = spawnSync('bash', ['-e', '-c', lint['run'] as string], { cwd: dir, env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout, run.stderr).toMatch(/^::error title=/m);
    expect(read(join(dir, 'output'))).toBe('exit-code=1\nsarif=preseal.sarif\n');
    expect((JSON.parse(read(join(dir, 'preseal.sarif'))) as { version: string }).version).toBe('2.1.0');
    expect(XMLValidator.validate(read(join(dir, 'preseal-junit.xml')))).toBe(true);
    expect(read(join(dir, 'summary.md'))).toMatch(/^## preseal: ❌ not ready to generalize/);
  });
});
