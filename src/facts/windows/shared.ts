import { z } from 'zod';

/** Schema pieces several Windows fact topics share. */
export const int = z.number().int();
/** A registry DWORD, or null when the value is absent. */
export const dword = z.number().int().nullable();
/** A service's state (Get-Service Status, StartType), or null when the service does not exist. */
export const service = z.object({ status: z.string(), startType: z.string() }).nullable();
export const namedService = z.object({ name: z.string(), status: z.string(), startType: z.string() });
