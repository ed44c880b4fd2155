/**
 * The wire form of registry reads, for a live probe to return what it read without interpreting
 * it: one entry per read of the plan, with the value's type and bytes (base64), `absent`, or the
 * error that kept it from being read. RawReadsSource turns them back into a RegistrySource, so
 * the derivations that read hive files offline also give the live facts. The live Windows probe
 * (src/probes/windows/lib.ps1 Read-PresealRawReads) prints them in its envelope's `rawReads`, and
 * src/platforms/windows/live.ts derives its groups from them.
 */
import { z } from 'zod';
import type { Derivation } from './derive/define.js';
import { type HiveName, type KeyTree, type Read, type RegistryResult, type RegistrySource, treeValueFilter } from './registry-source.js';

const hiveName = z.enum(['SYSTEM', 'SOFTWARE', 'SECURITY', 'SAM']);

/** A KeyTree on the wire: value data in base64. */
export interface RawKeyTree {
  name: string;
  values: { name: string; type: number; data: string }[];
  subkeys: RawKeyTree[];
}
const rawKeyTree: z.ZodType<RawKeyTree> = z.lazy(() =>
  z.object({
    name: z.string(),
    values: z.array(z.object({ name: z.string(), type: z.number().int().min(0).max(0xffffffff), data: z.base64() })),
    subkeys: z.array(rawKeyTree),
  }),
);

function toRawTree(t: KeyTree): RawKeyTree {
  return {
    name: t.name,
    values: t.values.map((v) => ({ name: v.name, type: v.type, data: Buffer.from(v.data).toString('base64') })),
    subkeys: t.subkeys.map(toRawTree),
  };
}

/** `keep`: the read's value filter (TreeRead.values and .match); any other value the probe returned is dropped. */
function fromRawTree(t: RawKeyTree, keep: ReturnType<typeof treeValueFilter>): KeyTree {
  return {
    name: t.name,
    values: t.values.map((v) => ({ name: v.name, type: v.type, data: Buffer.from(v.data, 'base64') })).filter((v) => keep === undefined || keep(v)),
    subkeys: t.subkeys.map((k) => fromRawTree(k, keep)),
  };
}

/** A tree read on the wire: the depth, and the value names and data pattern it is limited to (TreeRead.values, .match). */
const treeDepth = z.number().int().min(0).max(4);
const treeValues = z.array(z.string()).readonly().optional();
const treeMatch = z.string().optional();

export const rawReadSchema = z.union([
  z.object({ windowsFile: z.string(), data: z.base64() }),
  z.object({ windowsFile: z.string(), absent: z.literal(true) }),
  z.object({ windowsFile: z.string(), directory: z.literal(true) }),
  z.object({ volumeFile: z.string(), data: z.base64() }),
  z.object({ volumeFile: z.string(), absent: z.literal(true) }),
  z.object({ volumeFile: z.string(), error: z.string() }),
  z.object({ volumeFile: z.string(), directory: z.literal(true) }),
  z.object({ hive: hiveName, key: z.string(), tree: treeDepth, values: treeValues, match: treeMatch, keyTree: rawKeyTree }),
  z.object({ hive: hiveName, key: z.string(), tree: treeDepth, values: treeValues, match: treeMatch, absent: z.literal(true) }),
  z.object({ hive: hiveName, key: z.string(), tree: treeDepth, values: treeValues, match: treeMatch, error: z.string() }),
  z.object({ windowsFile: z.string(), error: z.string() }),
  z.object({ hive: hiveName, key: z.string(), value: z.string().nullable(), type: z.number().int().min(0).max(0xffffffff), data: z.base64() }),
  z.object({ hive: hiveName, key: z.string(), value: z.string().nullable(), absent: z.literal(true) }),
  z.object({ hive: hiveName, key: z.string(), value: z.string().nullable(), error: z.string() }),
]);
export type RawRead = z.infer<typeof rawReadSchema>;

function id(r: Read | RawRead): string {
  if ('windowsFile' in r) return `file\\${r.windowsFile.toUpperCase()}`;
  if ('volumeFile' in r) return `volume\\${r.volumeFile.toUpperCase()}`;
  if ('tree' in r)
    return `${r.hive}\\${r.key.toUpperCase()}\\\\(tree ${r.tree}${r.values === undefined ? '' : ` values ${JSON.stringify([...r.values].map((n) => n.toUpperCase()).sort())}`}${r.match === undefined ? '' : ` match ${JSON.stringify(r.match)}`})`;
  return `${r.hive}\\${r.key.toUpperCase()}\\\\${r.value === null ? '(key)' : `=${r.value.toUpperCase()}`}`;
}

/** Every read the derivations may make, once each: what a live probe is asked to read. */
export function readPlan(derivations: readonly Derivation<unknown>[]): Read[] {
  const plan = new Map<string, Read>();
  for (const d of derivations) for (const r of Object.values(d.reads)) plan.set(id(r), r);
  return [...plan.values()];
}

/** Answers the plan from a source (hive files): the JSON a live probe would print for the same registry. */
export function rawReadsFrom(source: RegistrySource, plan: readonly Read[]): RawRead[] {
  return plan.map((read): RawRead => {
    const got = source.read(read);
    // The probe echoes each read without `presence` (lib.ps1 Read-PresealRawRead).
    const { presence: _, ...r } = read as Read & { presence?: true };
    if (got.kind === 'directory') return { ...r, directory: true as const } as RawRead;
    if (got.kind === 'tree') return { ...r, keyTree: toRawTree(got.tree) } as RawRead;
    if (got.kind === 'file') return { ...r, data: Buffer.from(got.data).toString('base64') } as RawRead;
    if (got.kind === 'value') return { ...r, type: got.type, data: Buffer.from(got.data).toString('base64') } as RawRead;
    if (got.kind === 'absent') return { ...r, absent: true as const };
    return { ...r, error: got.reason };
  });
}

export class RawReadsSource implements RegistrySource {
  private readonly byId = new Map<string, RawRead>();
  constructor(reads: readonly RawRead[]) {
    for (const r of reads) this.byId.set(id(r), r);
  }

  read(read: Read): RegistryResult {
    const r = this.byId.get(id(read));
    const what =
      'windowsFile' in read
        ? `%WINDIR%\\${read.windowsFile}`
        : 'volumeFile' in read
          ? `%SystemDrive%\\${read.volumeFile}`
          : 'tree' in read
            ? `${read.hive}\\${read.key} (enumerated)`
            : `${read.hive}\\${read.key} ${read.value ?? '(the key)'}`;
    if (!r) return { kind: 'unreadable', reason: `${what} was not read by the probe` };
    if ('directory' in r) return { kind: 'directory' };
    if ('keyTree' in r) return { kind: 'tree', tree: fromRawTree(r.keyTree, 'tree' in read ? treeValueFilter(read) : undefined) };
    if (('windowsFile' in r || 'volumeFile' in r) && 'data' in r) return { kind: 'file', data: Buffer.from(r.data, 'base64') };
    if ('type' in r) return { kind: 'value', type: r.type, data: Buffer.from(r.data, 'base64') };
    if ('absent' in r) return { kind: 'absent' };
    return { kind: 'unreadable', reason: r.error };
  }

  staleness(_hive: HiveName): string | undefined {
    return undefined;
  }
}
