import yargs, { type Argv, type InferredOptionTypes, type Options } from 'yargs';
import { displaySafe } from './display.js';
import { isPresealError, TargetError, UsageError } from './errors.js';
import type { InventoryEntry } from './inventory.js';
import type { ReporterContext } from './reporters/types.js';
import { DEFAULT_PASSWORD_ENV } from './transports/password.js';
import type { TargetSpec } from './targets.js';
import type { ConnectOptions } from './transports/options.js';
import type { FailOn, Settings } from './types.js';
import { version } from './version.js';

const GENERALIZERS = ['auto', 'sysprep', 'waagent', 'waagent+user', 'cloud-init', 'none'] as const;
const COMMANDS = ['lint', 'collect', 'diagnose', 'init', 'rules', 'explain'] as const;
const DEFAULT_TIMEOUT_S = 300;

/** A yargs coerce for a number flag that names the flag and the text given, never "NaN". */
function positive(flag: string, what: 'seconds' | 'count') {
  return (raw: unknown): number => {
    const text = String(Array.isArray(raw) ? raw[raw.length - 1] : raw);
    const n = Number(text);
    const ok = text.trim() !== '' && Number.isFinite(n) && n > 0 && (what === 'seconds' || Number.isInteger(n));
    if (!ok)
      throw new UsageError(`${flag} "${displaySafe(text, 50)}" is not ${what === 'seconds' ? 'a positive number of seconds' : 'a whole number of at least 1'}`);
    return n;
  };
}

// Each flag is declared once, here; the handlers' argument types are inferred from these.
const GLOBAL_OPTIONS = {
  debug: { type: 'boolean', default: false, describe: 'Print stack traces and transport diagnostics' },
} as const satisfies Record<string, Options>;

const CONNECT_OPTIONS = {
  timeout: {
    type: 'string',
    coerce: positive('--timeout', 'seconds'),
    describe: `Seconds per target before it is given up (exit 3; default ${DEFAULT_TIMEOUT_S})`,
  },
  identity: { alias: 'i', type: 'string', describe: 'SSH private key file' },
  'known-hosts': { type: 'string', describe: 'known_hosts file to check SSH host keys against' },
  'ssh-config': { type: 'string', describe: 'ssh config file to read instead of ~/.ssh/config (like ssh -F)' },
  'accept-new-host-key': { type: 'boolean', default: false, describe: 'Trust and record an unknown SSH host key (a changed one is still refused)' },
  sudo: { type: 'boolean', default: false, describe: 'Run the Linux probe through `sudo -n`' },
  'password-env': { type: 'string', default: DEFAULT_PASSWORD_ENV, describe: 'Environment variable that holds the password' },
  'password-file': { type: 'string', describe: 'File whose first line is the password (never give a password on the command line)' },
  auth: { choices: ['basic', 'ntlm'] as const, default: 'ntlm' as const, describe: 'WinRM authentication' },
  'insecure-skip-tls-verify': { type: 'boolean', default: false, describe: 'winrms://: do not verify the server certificate' },
  'insecure-allow-unencrypted': { type: 'boolean', default: false, describe: 'winrm://: allow Basic authentication over plain HTTP' },
  ca: { type: 'string', describe: 'winrms://: CA certificate file (PEM) to verify the server with' },
  platform: {
    choices: ['linux', 'windows'] as const,
    describe:
      'ssh://: the remote OS, when its SSH server does not tell; root:: the OS of the mounted volume (found from Windows/System32/config/SYSTEM otherwise)',
  },
} as const satisfies Record<string, Options>;

const LINT_OPTIONS = {
  format: {
    alias: 'f',
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'pretty|json|sarif|junit|markdown|github; FORMAT=FILE writes to a file; repeatable',
  },
  output: { alias: 'o', type: 'string', array: true, default: [] as string[], describe: 'File for the format in the same position; repeatable' },
  'fail-on': { choices: ['error', 'warning', 'info', 'none'] as const, describe: 'Lowest severity that fails the run (default: error)' },
  'allow-unknown': { type: 'boolean', default: false, describe: 'Do not fail on rules whose facts could not be gathered' },
  config: { alias: 'c', type: 'string', describe: 'Config file (default: preseal.config.json or .yaml here)' },
  rule: { type: 'string', array: true, default: [] as string[], describe: 'Run only this rule (id or alias); repeatable' },
  skip: { type: 'string', array: true, default: [] as string[], describe: 'Skip this rule (id or alias); repeatable' },
  generalizer: { choices: GENERALIZERS, describe: 'The step that follows; what it cleans is reported as info (default: detected)' },
  cloud: { type: 'string', describe: 'The target cloud, e.g. azure (default: detected)' },
  'sysprep-args': { type: 'string', describe: 'The Sysprep command line the pipeline will run, e.g. "/generalize /oobe /mode:vm"' },
  inventory: {
    type: 'string',
    array: true,
    default: [] as string[],
    describe: "Targets from a file: preseal's YAML, or an Ansible inventory (INI or YAML); repeatable",
  },
  limit: { type: 'string', array: true, default: [] as string[], describe: 'Only the inventory targets in this group (or with this name); repeatable' },
  concurrency: { type: 'string', default: '16', coerce: positive('--concurrency', 'count'), describe: 'Targets linted at once' },
  verbose: { type: 'boolean', default: false, describe: 'List passing and not applicable rules too' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Show only what gates (like ESLint --quiet)' },
} as const satisfies Record<string, Options>;

const COLLECT_OPTIONS = {
  output: { alias: 'o', type: 'string', describe: 'File to write (default: standard output)' },
} as const satisfies Record<string, Options>;

type Inferred<O extends Record<string, Options>> = InferredOptionTypes<O>;
type ConnectArgs = Inferred<typeof CONNECT_OPTIONS> & Inferred<typeof GLOBAL_OPTIONS>;
type LintArgs = ConnectArgs & Inferred<typeof LINT_OPTIONS> & { targets: string[] };
type CollectArgs = ConnectArgs & Inferred<typeof COLLECT_OPTIONS> & { target?: string | undefined };

/** Every long flag name, for "did you mean" on a typo. */
const FLAGS = [...Object.keys(GLOBAL_OPTIONS), ...Object.keys(CONNECT_OPTIONS), ...Object.keys(LINT_OPTIONS), 'help', 'version', 'force', 'format'];

/** The files the remote targets will read are checked up front, so a typo is not a bare ENOENT later. */
async function checkConnectFiles(a: ConnectArgs, targets: readonly TargetSpec[]): Promise<void> {
  const { checkInputFile } = await import('./checks.js');
  const remote = targets.some((t) => t.kind === 'ssh' || t.kind === 'winrm');
  if (a.identity && targets.some((t) => t.kind === 'ssh')) checkInputFile('--identity', a.identity);
  if (a['password-file'] && remote) checkInputFile('--password-file', a['password-file']);
  if (a.ca && targets.some((t) => t.kind === 'winrm')) checkInputFile('--ca', a.ca);
}

async function toConnectOptions(a: ConnectArgs): Promise<ConnectOptions> {
  const options: ConnectOptions = {
    timeoutMs: Math.round((a.timeout ?? DEFAULT_TIMEOUT_S) * 1000),
    acceptNewHostKey: a['accept-new-host-key'],
    sudo: a.sudo,
    passwordEnv: a['password-env'],
    auth: a.auth,
    insecureSkipTlsVerify: a['insecure-skip-tls-verify'],
    insecureAllowUnencrypted: a['insecure-allow-unencrypted'],
  };
  if (a.identity) options.identity = a.identity;
  if (a['known-hosts']) options.knownHosts = a['known-hosts'];
  if (a['ssh-config']) options.sshConfig = a['ssh-config'];
  if (a.ca) options.ca = a.ca;
  if (a['password-file']) options.passwordFile = a['password-file'];
  if (a.platform) options.platform = a.platform;
  if (a.debug) options.debug = (m) => process.stderr.write(`debug: ${displaySafe(m, 10_000)}\n`);
  if (process.stdin.isTTY && process.stderr.isTTY) options.prompt = (await import('./prompt.js')).promptSecret;
  return options;
}

/** The targets of the command line and the inventories, narrowed by --limit (group or host name). */
async function selectTargets(a: LintArgs): Promise<InventoryEntry[]> {
  const [{ parseTarget }, { loadInventory, limitEntries }] = await Promise.all([import('./targets.js'), import('./inventory.js')]);
  const entries: InventoryEntry[] = a.targets.map((t) => ({ spec: parseTarget(t), options: {}, groups: [] }));
  for (const inv of a.inventory) entries.push(...(await loadInventory(inv)));
  const selected = limitEntries(entries, a.limit);
  if (selected.length === 0) selected.push({ spec: parseTarget('local'), options: {}, groups: [] });
  return selected;
}

/** Everything that can be wrong with the command line is found before any target is linted. */
async function prepareLint(a: LintArgs) {
  const [{ rules }, { loadConfig, checkRuleNames, checkConfigRules, localDate }, { pairOutputs }, { checkInputFile, checkOutputs }] = await Promise.all([
    import('../rules/index.js'),
    import('./config.js'),
    import('./output.js'),
    import('./checks.js'),
  ]);
  const outputs = pairOutputs(a.format, a.output);
  if (a.config) checkInputFile('--config', a.config);
  const { config, file } = await loadConfig(a.config, process.cwd());
  checkConfigRules(rules, config, file ?? 'config');
  checkRuleNames(rules, a.rule, '--rule');
  checkRuleNames(rules, a.skip, '--skip');
  const selected = await selectTargets(a);
  checkOutputs(
    outputs,
    selected.map((e) => e.spec),
  );
  await checkConnectFiles(
    a,
    selected.map((e) => e.spec),
  );
  const failOn: FailOn = a['fail-on'] ?? config.failOn ?? 'error';
  const allowUnknown = a['allow-unknown'] || config.allowUnknown === true;
  const sysprepArgs = a['sysprep-args'] ?? config.sysprepArgs;
  const settings: Settings = {
    generalizer: a.generalizer ?? config.generalizer ?? 'auto',
    cloud: a.cloud ?? config.cloud ?? 'auto',
    ...(sysprepArgs ? { sysprepArgs } : {}),
  };
  const connect = await toConnectOptions(a);
  const options = { rules, config, selection: { only: a.rule, skip: a.skip }, settings, connect, today: localDate() };
  const context: Omit<ReporterContext, 'color'> = { failOn, allowUnknown, rules, verbose: a.verbose, quiet: a.quiet };
  return { outputs, selected, options, context };
}

async function runLint(a: LintArgs): Promise<number> {
  const { outputs, selected, options, context } = await prepareLint(a);
  const [{ buildReport, exitCodeFor }, { writeReports, wantColor }, { lintFleet }, { Progress }, { gates }, { prettyTarget, prettyTail }] = await Promise.all([
    import('./lint.js'),
    import('./output.js'),
    import('./fleet.js'),
    import('./progress.js'),
    import('./engine/results.js'),
    import('./reporters/pretty.js'),
  ]);
  // Pretty output on stdout is streamed: each target's block as soon as it finishes.
  const streamed = outputs.find((o) => o.format === 'pretty' && !o.file);
  const progress = new Progress(selected.length);
  const ctx = { ...context, color: wantColor(process.stdout.isTTY === true) };
  const reports = await lintFleet(selected, options, a.concurrency, {
    onStart: (_i, target) => progress.start(target),
    onDone: (_i, report) => {
      progress.clear();
      if (streamed) process.stdout.write(prettyTarget(report, ctx));
      progress.finish(
        report.name ?? report.target,
        report,
        report.results.some((r) => gates(r, context.failOn, context.allowUnknown)),
      );
    },
  });
  progress.stop();
  const report = buildReport(reports, context.failOn, context.allowUnknown);
  if (streamed) process.stdout.write(prettyTail(report, ctx));
  await writeReports(
    report,
    outputs.filter((o) => o !== streamed),
    context,
  );
  if (!streamed) {
    for (const t of report.targets) {
      if (t.error)
        process.stderr.write(
          `preseal: ${t.target}: ${t.error.step}: ${displaySafe(t.error.message, 2000)}${t.error.hint ? `\n  hint: ${displaySafe(t.error.hint, 2000)}` : ''}\n`,
        );
    }
  }
  return exitCodeFor(report, context.failOn, context.allowUnknown);
}

async function runCollect(a: CollectArgs): Promise<number> {
  const [{ parseTarget }, { collectFacts }, { checkOutputs }] = await Promise.all([import('./targets.js'), import('./collect.js'), import('./checks.js')]);
  const spec = parseTarget(a.target ?? 'local');
  const file = a.output && a.output !== '-' ? a.output : undefined;
  if (file) checkOutputs([{ format: 'facts', file }], [spec]);
  await checkConnectFiles(a, [spec]);
  const envelope = await collectFacts(spec, await toConnectOptions(a));
  const text = `${JSON.stringify(envelope, null, 2)}\n`;
  if (file) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, text);
    process.stderr.write(`preseal: wrote the facts of ${spec.raw} to ${file}\n`);
  } else process.stdout.write(text);
  return 0;
}

async function runRules(a: { platform?: 'windows' | 'linux' | undefined; format: string }): Promise<number> {
  const [{ rules }, { rulesTable }] = await Promise.all([import('../rules/index.js'), import('./docs.js')]);
  const list = [...rules].filter((r) => !a.platform || r.platform === a.platform).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  if (a.format === 'json') {
    const rows = list.map((r) => ({
      id: r.id,
      alias: r.alias,
      title: r.title,
      platform: r.platform,
      severity: r.severity,
      facts: r.facts,
      ...(r.cloud ? { cloud: r.cloud } : {}),
      ...(r.cleanedBy ? { cleanedBy: r.cleanedBy } : {}),
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else process.stdout.write(rulesTable(list));
  return 0;
}

async function runExplain(a: { rule: string }): Promise<number> {
  const [{ rules }, { findRule }, { renderRuleTerminal }, { wantColor }] = await Promise.all([
    import('../rules/index.js'),
    import('./config.js'),
    import('./docs.js'),
    import('./output.js'),
  ]);
  const rule = findRule(rules, a.rule);
  if (!rule) throw new UsageError(`no rule "${displaySafe(a.rule, 100)}"`, 'run `preseal rules` for the ids and aliases');
  process.stdout.write(renderRuleTerminal(rule, wantColor(process.stdout.isTTY === true)));
  return 0;
}

/** The commands, each with its own options; `run` keeps the exit code of the one that ran. */
function commands(y: Argv<Inferred<typeof GLOBAL_OPTIONS>>, run: (fn: () => Promise<number>) => Promise<void>) {
  return y
    .command(
      ['lint [targets..]', '$0'],
      'Lint targets (default: this machine)',
      (c) =>
        c
          .options(CONNECT_OPTIONS)
          .options(LINT_OPTIONS)
          .positional('targets', {
            type: 'string',
            array: true,
            default: [] as string[],
            describe: 'local, ssh://[user@]host[:port], winrm://…, winrms://…, root:PATH, facts:FILE or an ~/.ssh/config name',
          })
          .example('$0 lint', 'lint this machine')
          .example('$0 lint ssh://root@10.0.0.4 --format sarif --output preseal.sarif', 'lint over SSH, SARIF to a file')
          .example('$0 lint root:/mnt/image', 'lint a mounted Linux disk image offline')
          .example('$0 lint --inventory hosts.ini --limit images --format junit=preseal.xml', 'lint a fleet from an Ansible inventory'),
      (a) => run(() => runLint(a)),
    )
    .command(
      'collect [target]',
      'Save the facts only, for later or offline evaluation',
      (c) => c.options(CONNECT_OPTIONS).options(COLLECT_OPTIONS).positional('target', { type: 'string', describe: 'The target (default: local)' }),
      (a) => run(() => runCollect(a)),
    )
    .command(
      'diagnose <paths..>',
      'Explain a failed Sysprep run from its Panther logs (files or folders)',
      (c) =>
        c
          .positional('paths', { type: 'string', array: true, demandOption: true })
          .option('format', { alias: 'f', choices: ['pretty', 'json'] as const, default: 'pretty' as const }),
      (a) => run(async () => (await import('./diagnose/command.js')).diagnoseCommand(a.paths, a.format)),
    )
    .command(
      'init',
      'Write a starter preseal.config.yaml with a comment on each choice',
      (c) =>
        c
          .option('format', { choices: ['yaml', 'json'] as const, default: 'yaml' as const })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing config' }),
      (a) => run(async () => (await import('./init.js')).initCommand(a)),
    )
    .command(
      'rules',
      'List the rules, by id',
      (c) =>
        c
          .option('platform', { choices: ['windows', 'linux'] as const })
          .option('format', { alias: 'f', choices: ['pretty', 'json'] as const, default: 'pretty' as const }),
      (a) => run(() => runRules(a)),
    )
    .command(
      'explain <rule>',
      "A rule's fix, rationale, detection and references",
      (c) => c.positional('rule', { type: 'string', demandOption: true, describe: 'Rule id or alias' }),
      (a) => run(() => runExplain(a)),
    );
}

function parser(argv: readonly string[], run: (fn: () => Promise<number>) => Promise<void>) {
  const base = yargs([...argv])
    .scriptName('preseal')
    .parserConfiguration({ 'camel-case-expansion': false, 'greedy-arrays': false })
    .usage('$0 <command> [options]\n\nLint a VM before it is generalized and captured into an image.')
    .version('version', 'Show the version number', version)
    .alias('version', 'v')
    .options(GLOBAL_OPTIONS);
  return commands(base, run)
    .strict()
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs wraps what a coerce throws (our UsageError's text) in a YError: a usage error too.
      if (err && err.name !== 'YError') throw err;
      throw usageError(err?.message ?? msg);
    });
}

/** A yargs complaint as a usage error, with "did you mean" for an unknown flag. */
function usageError(msg: string): UsageError {
  const unknown = /^Unknown arguments?: (.*)$/.exec(msg);
  const guesses = unknown
    ? (unknown[1] as string)
        .split(', ')
        .map((f) => closest(f.replace(/^-+/, ''), FLAGS))
        .filter((g) => g !== undefined)
    : [];
  return new UsageError(
    displaySafe(msg, 300),
    guesses.length ? `did you mean ${guesses.map((g) => `--${g}`).join(', ')}? (preseal --help for usage)` : 'run preseal --help for usage',
  );
}

/** The candidate within edit distance 2 (or that starts the same way), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0] as number;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j] as number;
        row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length] as number;
  };
  const scored = candidates.map((c) => ({ c, d: distance(word.toLowerCase(), c) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  if (best && best.d <= Math.max(1, Math.min(2, Math.floor(word.length / 3)))) return best.c;
  return candidates.find((c) => word.length >= 3 && c.startsWith(word.toLowerCase()));
}

/**
 * `preseal lnt` must not become an SSH host "lnt": a first word that is not a command, not a
 * target form (scheme://, root:, facts:, user@host, a dotted host name, local) and not an existing
 * path is a typo.
 */
async function checkFirstWord(argv: readonly string[]): Promise<void> {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || (COMMANDS as readonly string[]).includes(first)) return;
  if (first === 'local' || /^[a-z][a-z0-9+.-]*:/i.test(first) || /[@/.\\]/.test(first)) return;
  const { existsSync } = await import('node:fs');
  if (existsSync(first)) return;
  const guess = closest(first, COMMANDS);
  throw new UsageError(
    `unknown command "${displaySafe(first, 50)}"${guess ? `; did you mean ${guess}?` : ''}`,
    `commands: ${COMMANDS.join(', ')}; to lint an SSH host by name, write: preseal lint ${displaySafe(first, 50)}`,
  );
}

/** A reader that goes away (`preseal rules | head`) ends the run quietly, not with EPIPE. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}

function printError(e: unknown, debug: boolean): number {
  if (!isPresealError(e)) throw e;
  const where = e instanceof TargetError ? `${e.target}: ${e.step}: ` : '';
  process.stderr.write(`preseal: ${where}${displaySafe(e.message, 2000)}\n`);
  if (e.hint) process.stderr.write(`  hint: ${displaySafe(e.hint, 2000)}\n`);
  if (debug && e.stack) process.stderr.write(`${displaySafe(e.stack, 20_000)}\n`);
  return e.exitCode;
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  let code = 0;
  const run = async (fn: () => Promise<number>) => {
    code = await fn();
  };
  try {
    // `preseal help [command]` as git and npm take it.
    const args = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
    await checkFirstWord(args);
    await parser(args, run).parseAsync();
    return code;
  } catch (e) {
    return printError(e, argv.includes('--debug'));
  }
}
