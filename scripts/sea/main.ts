// The entry of the single-file executables (scripts/build-exe.mjs): the same CLI as bin/preseal.js.
// The CLI is imported lazily so `--version` loads neither the argument parser nor the rules; esbuild
// turns each import() into a plain function call, as SEA's code cache requires. No top-level await:
// the executable's main script is CommonJS.
async function run(args: string[]): Promise<void> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    const { version } = await import('../../src/version.js');
    process.stdout.write(`${version}\n`);
    return;
  }
  const { main } = await import('../../src/cli.js');
  process.exitCode = await main(args);
}

// An unexpected error ends the process like bin/preseal.js does: stack on stderr, exit 1.
void run(process.argv.slice(2));
