// esbuild plugins that cut the CLI's start-up, shared by the npm bundle (scripts/build.mjs) and the
// single-file executables (scripts/build-exe.mjs). Measured with --cpu-prof on `lint facts:FILE`.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * yargs renders the whole --help text after every named command it runs ("cacheHelpMessage"), for
 * a showHelp() from inside the handler; preseal never calls showHelp() there and reports usage
 * errors through its own .fail(). Laying out the help costs tens of milliseconds (string widths,
 * ANSI wrapping), so the call is dropped. The build fails if a yargs upgrade moves the line.
 */
const YARGS_CACHE_HELP = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';

export const startupPlugin = {
  name: 'preseal-startup',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(YARGS_CACHE_HELP))
        throw new Error(`${args.path}: no "${YARGS_CACHE_HELP}" to drop; check scripts/esbuild-startup.mjs against this yargs`);
      return { contents: text.replace(YARGS_CACHE_HELP, '/* preseal: help is not pre-rendered */'), loader: 'js' };
    });
    // zod re-exports its 60 message locales as `z.locales`, so a bundle carries and initializes all
    // of them; preseal reports in English (zod's default, imported by zod itself) and never picks one.
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";', loader: 'js' }));
    // string-width builds an Intl.Segmenter and Unicode regular expressions when it loads; yargs and
    // cliui need it only to lay out --help. Each copy is loaded on its first call instead.
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.namespace === 'lazy-string-width') return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, namespace: 'lazy-string-width' });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let f; export default function stringWidth(s, o) { f ??= require(${JSON.stringify(args.path)}).default; return f(s, o); }`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
