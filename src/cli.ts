import yargs, { type Argv } from 'yargs';
import { isPresealError, TargetError, UsageError } from './errors.js';
import type { InventoryEntry } from './inventory.js';
import type { FailOn, Settings } from './types.js';
import type { ConnectOptions } from './transports/options.js';
import { version } from './version.js';

const GENERALIZERS = ['auto', 'sysprep', 'waagent', 'waagent+user', 'cloud-init', 'none'] as const;

function connectOptions<T>(y: Argv<T>) {
  return y
    .option('timeout', { type: 'number', default: 300, describe: 'Seconds per target before it is given up (exit 3)' })
    .option('identity', { alias: 'i', type: 'string', describe: 'SSH private key file' })
    .option('known-hosts', { type: 'string', describe: 'known_hosts file to check SSH host keys against' })
    .option('ssh-config', { type: 'string', describe: 'ssh config file to read instead of ~/.ssh/config (like ssh -F)' })
    .option('accept-new-host-key', { type: 'boolean', default: false, describe: 'Trust and record an unknown SSH host key (a changed one is still refused)' })
    .option('sudo', { type: 'boolean', default: false, describe: 'Run the Linux probe through `sudo -n`' })
    .option('password-env', { type: 'string', default: 'PRESEAL_PASSWORD', describe: 'Environment variable that holds the password' })
    .option('password-file', { type: 'string', describe: 'File whose first line is the password (never give a password on the command line)' })
    .option('auth', { choices: ['basic', 'ntlm'] as const, default: 'ntlm' as const, describe: 'WinRM authentication' })
    .option('insecure-skip-tls-verify', { type: 'boolean', default: false, describe: 'winrms://: do not verify the server certificate' })
    .option('insecure-allow-unencrypted', { type: 'boolean', default: false, describe: 'winrm://: allow Basic authentication over plain HTTP' })
    .option('ca', { type: 'string', describe: 'winrms://: CA certificate file (PEM) to verify the server with' })
    .option('platform', { choices: ['linux', 'windows'] as const, describe: 'ssh://: the remote OS, when its SSH server does not tell' });
}

interface ConnectArgs {
  timeout: number;
  identity?: string | undefined;
  'known-hosts'?: string | undefined;
  'ssh-config'?: string | undefined;
  'accept-new-host-key': boolean;
  sudo: boolean;
  'password-env': string;
  'password-file'?: string | undefined;
  auth: 'basic' | 'ntlm';
  'insecure-skip-tls-verify': boolean;
  'insecure-allow-unencrypted': boolean;
  ca?: string | undefined;
  platform?: 'linux' | 'windows' | undefined;
  debug: boolean;
}

async function toConnectOptions(a: ConnectArgs): Promise<ConnectOptions> {
  if (!Number.isFinite(a.timeout) || a.timeout <= 0) throw new UsageError(`--timeout ${a.timeout} is not a positive number of seconds`);
  const options: ConnectOptions = {
    timeoutMs: Math.round(a.timeout * 1000),
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
  if (a.debug) options.debug = (m) => process.stderr.write(`debug: ${m}\n`);
  if (process.stdin.isTTY && process.stderr.isTTY) {
    const { promptSecret } = await import('./prompt.js');
    options.prompt = promptSecret;
  }
  return options;
}

async function runLint(a: ConnectArgs & {
  targets: string[]; inventory: string[]; limit: string[]; format: string[]; output: string[]; 'fail-on'?: string | undefined; 'allow-unknown': boolean;
  config?: string | undefined; rule: string[]; skip: string[]; generalizer?: string | undefined; cloud?: string | undefined; 'sysprep-args'?: string | undefined; concurrency: number; verbose: boolean;
}): Promise<number> {
  const [{ rules }, { loadConfig, checkRuleNames, checkConfigRules, localDate }, { gates }, { parseTarget }, { buildReport, exitCodeFor }, { pairOutputs, writeReports, wantColor }, { loadInventory }, { lintFleet }, { Progress }] = await Promise.all([
    import('../rules/index.js'), import('./config.js'), import('./results.js'), import('./targets.js'), import('./lint.js'), import('./output.js'), import('./inventory.js'), import('./fleet.js'), import('./progress.js'),
  ]);
  const outputs = pairOutputs(a.format, a.output);
  const { config, file } = await loadConfig(a.config, process.cwd());
  checkConfigRules(rules, config, file ?? 'config');
  checkRuleNames(rules, a.rule, '--rule');
  checkRuleNames(rules, a.skip, '--skip');
  const failOn = (a['fail-on'] ?? config.failOn ?? 'error') as FailOn;
  const allowUnknown = a['allow-unknown'] || config.allowUnknown === true;
  const settings: Settings = {
    generalizer: (a.generalizer ?? config.generalizer ?? 'auto') as Settings['generalizer'],
    cloud: a.cloud ?? config.cloud ?? 'auto',
    ...((a['sysprep-args'] ?? config.sysprepArgs) ? { sysprepArgs: (a['sysprep-args'] ?? config.sysprepArgs) as string } : {}),
  };
  const entries: InventoryEntry[] = a.targets.map((t) => ({ spec: parseTarget(t), options: {}, groups: [] }));
  for (const inv of a.inventory) entries.push(...(await loadInventory(inv)));
  const selected = a.limit.length ? entries.filter((e) => e.groups.some((g) => a.limit.includes(g)) || a.limit.includes(e.spec.raw)) : entries;
  if (a.limit.length && selected.length === 0) throw new UsageError(`--limit ${a.limit.join(',')} matches no target of the inventory`);
  if (selected.length === 0) selected.push({ spec: parseTarget('local'), options: {}, groups: [] });
  if (!Number.isInteger(a.concurrency) || a.concurrency < 1) throw new UsageError(`--concurrency ${a.concurrency} is not a whole number of at least 1`);
  const connect = await toConnectOptions(a);
  const options = { rules, config, selection: { only: a.rule, skip: a.skip }, settings, connect, today: localDate() };
  const reporterContext = { failOn, allowUnknown, rules, verbose: a.verbose };

  // Pretty output on stdout is streamed: each target's block as soon as it finishes.
  const streamed = outputs.find((o) => o.format === 'pretty' && !o.file);
  const progress = new Progress(selected.length);
  const { prettyTarget, prettyTail } = await import('./reporters/pretty.js');
  const color = wantColor(process.stdout.isTTY === true);
  const reports = await lintFleet(selected, options, a.concurrency, {
    onStart: (_i, target) => progress.start(target),
    onDone: (_i, report) => {
      const failed = report.results.some((r) => gates(r, failOn, allowUnknown));
      progress.clear();
      if (streamed) process.stdout.write(prettyTarget(report, { ...reporterContext, color }));
      progress.finish(report.target, report, failed);
    },
  });
  progress.clear();
  const report = buildReport(reports, failOn, allowUnknown);
  if (streamed) process.stdout.write(prettyTail(report, { ...reporterContext, color }));
  await writeReports(report, outputs.filter((o) => o !== streamed), reporterContext);
  if (!streamed) {
    for (const t of report.targets) {
      if (t.error) process.stderr.write(`preseal: ${t.target}: ${t.error.step}: ${t.error.message}${t.error.hint ? `\n  hint: ${t.error.hint}` : ''}\n`);
    }
  }
  return exitCodeFor(report, failOn, allowUnknown);
}

async function runCollect(a: ConnectArgs & { target?: string | undefined; output?: string | undefined }): Promise<number> {
  const [{ parseTarget }, { collectFacts }] = await Promise.all([import('./targets.js'), import('./collect.js')]);
  const spec = parseTarget(a.target ?? 'local');
  const connect = await toConnectOptions(a);
  const envelope = await collectFacts(spec, connect);
  const text = `${JSON.stringify(envelope, null, 2)}\n`;
  if (a.output && a.output !== '-') {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(a.output, text);
    process.stderr.write(`preseal: wrote the facts of ${spec.raw} to ${a.output}\n`);
  } else process.stdout.write(text);
  return 0;
}

async function runRules(a: { platform?: string | undefined; format: string }): Promise<number> {
  const { rules } = await import('../rules/index.js');
  const list = rules.filter((r) => !a.platform || r.platform === a.platform);
  if (a.format === 'json') {
    const rows = list.map((r) => ({ id: r.id, alias: r.alias, title: r.title, platform: r.platform, severity: r.severity, facts: r.facts, ...(r.cloud ? { cloud: r.cloud } : {}), ...(r.cleanedBy ? { cleanedBy: r.cleanedBy } : {}) }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...list.map((r) => r.alias.length), 5);
  for (const r of list) process.stdout.write(`${r.id.padEnd(5)} ${r.alias.padEnd(width)}  ${r.platform.padEnd(7)}  ${r.severity.padEnd(7)}  ${r.title}\n`);
  process.stdout.write(`\n${list.length} rules\n`);
  return 0;
}

async function runExplain(a: { rule: string }): Promise<number> {
  const [{ rules }, { findRule }, { renderRuleDoc }] = await Promise.all([import('../rules/index.js'), import('./config.js'), import('./docs.js')]);
  const rule = findRule(rules, a.rule);
  if (!rule) throw new UsageError(`no rule "${a.rule}"`, 'run `preseal rules` for the ids and aliases');
  process.stdout.write(renderRuleDoc(rule).replace(/^<!--.*-->\n\n/, ''));
  return 0;
}

async function runDiagnose(a: { paths: string[]; format: string }): Promise<number> {
  const { diagnoseCommand } = await import('./diagnose/command.js');
  return diagnoseCommand(a.paths, a.format);
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const run = (fn: () => Promise<number>) => async () => {
    code = await fn();
  };
  const parser = yargs(argv)
    .scriptName('preseal')
    .parserConfiguration({ 'camel-case-expansion': false, 'greedy-arrays': false })
    .usage('$0 <command> [options]\n\nLint a VM before it is generalized and captured into an image.')
    .version(version)
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces and transport diagnostics' })
    .command(
      ['lint [targets..]', '$0'],
      'Lint targets (default: this machine)',
      (y) => connectOptions(y)
        .positional('targets', { type: 'string', array: true, default: [] as string[], describe: 'local, ssh://[user@]host[:port], winrm://…, winrms://…, root:PATH, facts:FILE or an ~/.ssh/config name' })
        .option('format', { alias: 'f', type: 'string', array: true, default: [] as string[], describe: 'pretty|json|sarif|junit|markdown|github; FORMAT=FILE writes to a file; repeatable' })
        .option('output', { alias: 'o', type: 'string', array: true, default: [] as string[], describe: 'File for the format in the same position; repeatable' })
        .option('fail-on', { choices: ['error', 'warning', 'info', 'none'], describe: 'Lowest severity that fails the run (default: error)' })
        .option('allow-unknown', { type: 'boolean', default: false, describe: 'Do not fail on rules whose facts could not be gathered' })
        .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: preseal.config.json or .yaml here)' })
        .option('rule', { type: 'string', array: true, default: [] as string[], describe: 'Run only this rule (id or alias); repeatable' })
        .option('skip', { type: 'string', array: true, default: [] as string[], describe: 'Skip this rule (id or alias); repeatable' })
        .option('generalizer', { choices: GENERALIZERS, describe: 'The step that follows; what it cleans is reported as info (default: detected)' })
        .option('cloud', { type: 'string', describe: 'The target cloud, e.g. azure (default: detected)' })
        .option('sysprep-args', { type: 'string', describe: 'The Sysprep command line the pipeline will run, e.g. "/generalize /oobe /mode:vm"' })
        .option('inventory', { type: 'string', array: true, default: [] as string[], describe: "Targets from a file: preseal's YAML, or an Ansible inventory (INI or YAML); repeatable" })
        .option('limit', { type: 'string', array: true, default: [] as string[], describe: 'Only the inventory targets in this group (or with this name); repeatable' })
        .option('concurrency', { type: 'number', default: 16, describe: 'Targets linted at once' })
        .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'List passing and not applicable rules too' })
        .example('$0 lint', 'lint this machine')
        .example('$0 lint ssh://root@10.0.0.4 --format sarif --output preseal.sarif', 'lint over SSH, SARIF to a file')
        .example('$0 lint root:/mnt/image', 'lint a mounted Linux disk image offline')
        .example('$0 lint --inventory hosts.ini --limit images --format junit=preseal.xml', 'lint a fleet from an Ansible inventory'),
      (a) => run(() => runLint(a as never))(),
    )
    .command(
      'collect [target]',
      'Save the facts only, for later or offline evaluation',
      (y) => connectOptions(y)
        .positional('target', { type: 'string', describe: 'The target (default: local)' })
        .option('output', { alias: 'o', type: 'string', describe: 'File to write (default: standard output)' }),
      (a) => run(() => runCollect(a as never))(),
    )
    .command(
      'diagnose <paths..>',
      "Explain a failed Sysprep run from its Panther logs (files or folders)",
      (y) => y
        .positional('paths', { type: 'string', array: true, demandOption: true })
        .option('format', { alias: 'f', choices: ['pretty', 'json'], default: 'pretty' }),
      (a) => run(() => runDiagnose(a as never))(),
    )
    .command(
      'init',
      'Write a starter preseal.config.yaml with a comment on each choice',
      (y) => y
        .option('format', { choices: ['yaml', 'json'], default: 'yaml' })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing config' }),
      (a) => run(async () => (await import('./init.js')).initCommand(a as never))(),
    )
    .command(
      'rules',
      'List the rules',
      (y) => y
        .option('platform', { choices: ['windows', 'linux'] })
        .option('format', { alias: 'f', choices: ['pretty', 'json'], default: 'pretty' }),
      (a) => run(() => runRules(a as never))(),
    )
    .command(
      'explain <rule>',
      "A rule's rationale, detection, remediation and references",
      (y) => y.positional('rule', { type: 'string', demandOption: true, describe: 'Rule id or alias' }),
      (a) => run(() => runExplain(a as never))(),
    )
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg, 'run preseal --help for usage');
    });
  const debug = argv.includes('--debug');
  try {
    await parser.parseAsync();
    return code;
  } catch (e) {
    if (isPresealError(e)) {
      const where = e instanceof TargetError ? `${e.target}: ${e.step}: ` : '';
      process.stderr.write(`preseal: ${where}${e.message}\n`);
      if (e.hint) process.stderr.write(`  hint: ${e.hint}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

