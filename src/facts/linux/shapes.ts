import { z } from 'zod';

/** Shapes several Linux fact groups share. Paths are target paths (absolute, as on the target). */

/** A file with its size in bytes; null when it could not be read. */
export const fileRef = z.object({ path: z.string(), size: z.number().nullable() });
/** A group that is a list of identity files. */
export const fileList = z.object({ files: z.array(fileRef) });
/** One line of an fstab-like file: its line number and its whitespace-separated fields, as written. */
export const tabEntry = z.object({ line: z.number(), fields: z.array(z.string()) });
/** A configuration file as the probe read it (first 64 KiB, secret values redacted). */
export const configFile = z.object({ path: z.string(), content: z.string() });
/** Configuration files, and those that exist but could not be read (rules that need them are unknown). */
export const configFiles = { files: z.array(configFile), unreadable: z.array(z.string()) };
/** A path in someone's home, with the account it belongs to ('' when no passwd entry owns it). */
export const ownedPath = z.object({ path: z.string(), user: z.string() });
