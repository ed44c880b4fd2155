import { isFileRead, type HiveName, type Read, type RegistryResult } from '../registry-source.js';

/** What a derivation yields for its fact group: the facts, or why they cannot be known. */
export type Derived<T> = { facts: T } | { error: string } | { notApplicable: string };

/**
 * One fact group derived from raw registry reads. `reads` is the complete list of what `derive`
 * may look at (the live probe is handed the same list: src/platforms/windows/live.ts), and `derive` is pure.
 */
export interface Derivation<T> {
  group: string;
  reads: Record<string, Read>;
  derive(results: Record<string, RegistryResult>, context: DeriveContext): Derived<T>;
}

/** Where the facts are shown: how a path below %WINDIR% is written for the reader of the report. */
export interface DeriveContext {
  /** 'Panther\\setupact.log' as the live probe prints it (C:\\Windows\\...) or as the mounted file's path offline. */
  windowsPath(relative: string): string;
  /** The same for a path below the root of the Windows volume (%SystemDrive%\\). */
  volumePath(relative: string): string;
  /**
   * Whether a path the registry names (below the volume root) exists, for reads whose path is
   * only known from another read (ProfileList). Offline only: without it such groups are errors.
   */
  volumeExists?(relative: string): boolean;
  /** The names of the folders in a folder below the volume root, sorted; undefined when it does not exist. Offline only. */
  volumeSubfolders?(relative: string): string[] | undefined;
  /**
   * Counts the files below a folder (all depths, `suffix` filtering names, at most `max`), never
   * following a link; undefined when the folder does not exist. Offline only.
   */
  volumeMeasure?(relative: string, suffix: string, max: number): { files: number; bytes: number; truncated: boolean; error: string | null } | undefined;
}

/** The live probe's form: %WINDIR% is C:\\Windows unless the probe said otherwise. */
export function windowsContext(windowsDir = 'C:\\Windows', systemDrive = 'C:'): DeriveContext {
  return { windowsPath: (rel) => `${windowsDir}\\${rel}`, volumePath: (rel) => `${systemDrive}\\${rel}` };
}

export function defineDerivation<T>(d: Derivation<T>): Derivation<T> {
  return d;
}

/** The hives a derivation reads, for probe.partial. */
export function hivesOf(d: Derivation<unknown>): HiveName[] {
  return [...new Set(Object.values(d.reads).flatMap((r) => (isFileRead(r) ? [] : [r.hive])))];
}
