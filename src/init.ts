import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONFIG_NAMES } from './config.js';
import { UsageError } from './errors.js';

const SCHEMA_PATH = './node_modules/preseal/schema/preseal.config.schema.json';

export const STARTER_YAML = `# yaml-language-server: $schema=${SCHEMA_PATH}
# preseal configuration, read from the current folder (or --config FILE).
# Every key is optional: delete what you do not need.

# The lowest severity that fails the run (exit 1): error, warning, info or none.
# --fail-on on the command line overrides it.
failOn: error

# A rule whose facts could not be gathered (the probe lacked a right, a command
# timed out) is "unknown" and fails the run like an error, so that a gap in what
# was checked never passes as clean. true lets unknown results pass.
allowUnknown: false

# The step that runs after the lint: sysprep, waagent, waagent+user, cloud-init,
# none, or auto (detected from the machine). What that step cleans by itself is
# reported as info instead of failing.
generalizer: auto

# The cloud the image is for: azure, none, or auto (detected by the probe).
# Rules written for one cloud run only there.
cloud: auto

# Per-rule settings, by id (L036) or alias (machine-id): off (reported as
# skipped, never hidden) or a new severity (error, warning, info).
# \`preseal rules\` lists the rules; \`preseal explain RULE\` explains one.
rules: {}
#   machine-id: off
#   L037: warning

# Findings accepted on purpose. A waived result is still reported, as waived
# with its justification, and does not fail the run.
#   rule           the rule's id or alias (required)
#   resource       waive only the finding that names this path, package,
#                  account or registry value, exactly as the report shows it;
#                  without it the whole rule is waived
#   justification  why this is acceptable (required)
#   expires        YYYY-MM-DD: from that day on the waiver no longer applies,
#                  and the report says so
waivers: []
#   - rule: machine-id
#     resource: /etc/machine-id
#     justification: our deprovision script empties it after the lint
#     expires: 2026-12-31
`;

export const STARTER_JSON = `${JSON.stringify(
  {
    $schema: SCHEMA_PATH,
    failOn: 'error',
    allowUnknown: false,
    generalizer: 'auto',
    cloud: 'auto',
    rules: {},
    waivers: [],
  },
  null,
  2,
)}\n`;

/** `preseal init`: writes a starter config here; refuses to replace one without --force. */
export async function initCommand(
  args: { format: string; force: boolean },
  cwd: string = process.cwd(),
  log: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): Promise<number> {
  if (args.format !== 'yaml' && args.format !== 'json') throw new UsageError(`--format ${args.format}: expected yaml or json`);
  const name = args.format === 'json' ? 'preseal.config.json' : 'preseal.config.yaml';
  const file = join(cwd, name);
  const existing = CONFIG_NAMES.map((n) => join(cwd, n)).filter((p) => existsSync(p));
  if (existing.length && !args.force) {
    throw new UsageError(
      `${existing.map((p) => basename(p)).join(' and ')} already exist${existing.length === 1 ? 's' : ''} here`,
      'edit it, or run `preseal init --force` to replace it',
    );
  }
  try {
    writeFileSync(file, args.format === 'json' ? STARTER_JSON : STARTER_YAML);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  log(`preseal: wrote ${name}`);
  // loadConfig reads the first of CONFIG_NAMES it finds, so say which one wins.
  const read = CONFIG_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p));
  if (read && read !== file) log(`preseal: note: ${basename(read)} is also here and is read first; remove it to use ${name}`);
  for (const other of existing.filter((p) => p !== file && p !== read)) log(`preseal: note: ${basename(other)} is also here and is no longer read`);
  return 0;
}
