// The CLI as the single-file executables start it: the same as bin/preseal.js. The CLI is
// imported lazily so `--version` loads neither the argument parser nor the rules; esbuild turns
// each import() into a plain function call, as SEA's code cache and start-up snapshot require.
export async function run(args: string[]): Promise<void> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    const { version } = await import('../../src/version.js');
    process.stdout.write(`${version}\n`);
    return;
  }
  const { main } = await import('../../src/cli.js');
  process.exitCode = await main(args);
}
