import { startEndpoint, type EndpointOptions } from './server.js';
import { makeCertificate } from './helpers.js';
import { findPwsh } from '../helpers/real.js';

// The test endpoint on its own (scripts/winrm-endpoint): for manual checks and for other
// clients. Prints one JSON line {"port": N, "certFile": PATH|null} once it listens on
// 127.0.0.1, then runs what it receives with real pwsh until SIGTERM or SIGINT.

const MODES = ['http-ntlm', 'http-basic', 'https-basic', 'https-ntlm'] as const;
type Mode = (typeof MODES)[number];

function usage(message: string): never {
  process.stderr.write(
    `winrm-endpoint: ${message}\nusage: scripts/winrm-endpoint [--port N] [--mode ${MODES.join('|')}] [--cbt relaxed|strict]\n` +
      '  the account comes from PRESEAL_TEST_USER and PRESEAL_TEST_PASSWORD\n',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number; mode: Mode; cbt: 'relaxed' | 'strict' } {
  const out = { port: 0, mode: 'http-ntlm' as Mode, cbt: 'relaxed' as 'relaxed' | 'strict' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--port') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 65535) usage(`--port ${v}: not a port number`);
      out.port = Number(v);
    } else if (flag === '--mode') {
      const v = value();
      if (!(MODES as readonly string[]).includes(v)) usage(`--mode ${v}: not one of ${MODES.join(', ')}`);
      out.mode = v as Mode;
    } else if (flag === '--cbt') {
      const v = value();
      if (v !== 'relaxed' && v !== 'strict') usage(`--cbt ${v}: not relaxed or strict`);
      out.cbt = v;
    } else if (flag === '--help' || flag === '-h') usage('help');
    else usage(`unknown argument ${flag}`);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const user = process.env['PRESEAL_TEST_USER'];
const password = process.env['PRESEAL_TEST_PASSWORD'];
if (!user || password === undefined) usage('set PRESEAL_TEST_USER and PRESEAL_TEST_PASSWORD');
const pwsh = findPwsh();
if (!pwsh.available) usage(pwsh.why);

const tls = args.mode.startsWith('https') ? makeCertificate() : undefined;
const options: EndpointOptions = {
  pwsh: pwsh.path,
  schemes: [args.mode.endsWith('ntlm') ? 'ntlm' : 'basic'],
  users: { [user]: password },
  port: args.port,
  cbt: args.cbt,
  ...(tls ? { tls } : { allowUnencrypted: args.mode === 'http-basic' }),
};
const endpoint = await startEndpoint(options);
const stop = () => {
  void endpoint.close().then(() => process.exit(0));
};
// Handlers first: whoever reads the line may signal at once.
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write(`${JSON.stringify({ port: endpoint.port, certFile: tls?.certFile ?? null })}\n`);
