// node:fs as the self-contained bundles see it (scripts/build-exe.mjs routes every `node:fs` import
// there): the real module, except that paths under the package root read the embedded files (the
// probes and package.json), so nothing is read from beside the binary. The executables carry them
// as SEA assets; the GitHub Action's bundle (--action) carries them as strings.
import * as fs from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { packageRoot } from './paths.js';

export * from 'node:fs';
export default fs;

/** The embedded files as strings, set by esbuild's `define` in the action bundle only. */
declare const __PRESEAL_EMBEDDED__: Record<string, string> | undefined;
const strings = typeof __PRESEAL_EMBEDDED__ === 'undefined' ? undefined : __PRESEAL_EMBEDDED__;

/** Embedded file names relative to the package root, with `/`; written by scripts/build-exe.mjs. */
let manifest: Set<string> | undefined;
function files(): Set<string> {
  manifest ??= new Set(strings ? Object.keys(strings) : isSea() ? (JSON.parse(getAsset('manifest.json', 'utf8')) as string[]) : []);
  return manifest;
}

function read(name: string, encoding: BufferEncoding | undefined): string | Buffer {
  if (strings) return encoding ? Buffer.from(strings[name] as string, 'utf8').toString(encoding) : Buffer.from(strings[name] as string, 'utf8');
  return encoding ? getAsset(name, encoding) : Buffer.from(getAsset(name));
}

/** The embedded name of a path under the package root, or undefined for any other path. */
function embedded(path: fs.PathOrFileDescriptor): string | undefined {
  if (typeof path !== 'string' && !(path instanceof URL)) return undefined;
  const p = path instanceof URL ? path.pathname : path;
  const rel = relative(packageRoot, p);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function notFound(syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${path}' (not embedded in this executable)`), {
    code: 'ENOENT',
    errno: -2,
    syscall,
    path,
  });
}

export const readFileSync = ((path: fs.PathOrFileDescriptor, options?: unknown) => {
  const name = embedded(path);
  if (name === undefined) return (fs.readFileSync as (p: unknown, o?: unknown) => unknown)(path, options);
  if (!files().has(name)) throw notFound('open', String(path));
  const encoding = (typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding) as BufferEncoding | undefined;
  return read(name, encoding);
}) as typeof fs.readFileSync;

export const readdirSync = ((path: fs.PathLike, options?: unknown) => {
  const name = embedded(path as fs.PathOrFileDescriptor);
  if (name === undefined) return (fs.readdirSync as (p: unknown, o?: unknown) => unknown)(path, options);
  const prefix = `${name}/`;
  const entries = [...files()].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/')).map((f) => f.slice(prefix.length));
  if (entries.length === 0) throw notFound('scandir', String(path));
  if ((options as { withFileTypes?: boolean } | undefined)?.withFileTypes)
    throw new Error('preseal executable: readdirSync withFileTypes on embedded files is not supported');
  return entries.sort();
}) as typeof fs.readdirSync;

export const existsSync = ((path: fs.PathLike) => {
  const name = embedded(path as fs.PathOrFileDescriptor);
  if (name === undefined) return fs.existsSync(path);
  return files().has(name) || [...files()].some((f) => f.startsWith(`${name}/`));
}) as typeof fs.existsSync;
