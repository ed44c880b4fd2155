/**
 * buildLeftovers (collectors/leftovers.ps1) on the mounted volume: the same locations (temp
 * folders, WER archive and queue, crash dumps, MEMORY.DMP, each S-1-5-21 profile's Temp and
 * CrashDumps), a count and a size each, 5000 files at most per location. Profile folders come
 * from ProfileList, placed on the volume through CurrentVersion SystemRoot's drive.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealText } from './registry-data.js';
import { treeValue } from './registry-lists.js';

type Location = Facts['buildLeftovers']['locations'][number];
const MAX = 5000;
const CV = 'Microsoft\\Windows NT\\CurrentVersion';

export const buildLeftoversDerivation = defineDerivation<Facts['buildLeftovers']>({
  group: 'buildLeftovers',
  reads: {
    profiles: { hive: 'SOFTWARE', key: `${CV}\\ProfileList`, tree: 1 },
    systemRoot: { hive: 'SOFTWARE', key: CV, value: 'SystemRoot' },
    memory: { windowsFile: 'MEMORY.DMP', presence: true },
  },
  derive({ profiles, systemRoot, memory }, ctx): Derived<Facts['buildLeftovers']> {
    if (profiles?.kind === 'unreadable') return { error: profiles.reason };
    if (systemRoot?.kind === 'unreadable') return { error: systemRoot.reason };
    if (!ctx.volumeMeasure) return { error: 'the folders can be measured only on a mounted volume' };
    const root = presealText(systemRoot!) ?? '';
    const drive = /^[A-Za-z]:/.exec(root)?.[0];
    const windows = /^[A-Za-z]:\\(.+)$/.exec(root)?.[1] ?? 'Windows';
    const candidates: [string, Location['kind'], string][] = [
      [`${windows}\\Temp`, 'temp', ''],
      ['ProgramData\\Microsoft\\Windows\\WER\\ReportArchive', 'wer', ''],
      ['ProgramData\\Microsoft\\Windows\\WER\\ReportQueue', 'wer', ''],
      [`${windows}\\Minidump`, 'dump', '.dmp'],
      ['CrashDumps', 'dump', '.dmp'],
    ];
    for (const k of profiles?.kind === 'tree' ? profiles.tree.subkeys : []) {
      if (!/^S-1-5-21-/i.test(k.name)) continue;
      const raw = presealText(treeValue(k, 'ProfileImagePath'));
      if (!raw) continue;
      const path = raw.replace(/%SystemDrive%/gi, drive ?? '%SystemDrive%').replace(/%SystemRoot%|%windir%/gi, root);
      const m = /^([A-Za-z]:)\\(.*)$/.exec(path);
      if (!m || !drive || m[1]!.toUpperCase() !== drive.toUpperCase())
        return { error: `profile ${k.name} is at ${path}, not on the system volume mounted here` };
      candidates.push([`${m[2]}\\AppData\\Local\\Temp`, 'temp', ''], [`${m[2]}\\AppData\\Local\\CrashDumps`, 'dump', '.dmp']);
    }
    const locations: Location[] = [];
    for (const [rel, kind, suffix] of candidates) {
      const m = ctx.volumeMeasure(rel, suffix, MAX);
      if (m && (m.files > 0 || m.error !== null)) locations.push({ path: ctx.volumePath(rel), kind, ...m });
    }
    if (memory?.kind === 'unreadable') return { error: memory.reason };
    if (memory?.kind === 'file')
      locations.push({ path: ctx.windowsPath('MEMORY.DMP'), kind: 'dump', files: 1, bytes: memory.size ?? memory.data.length, truncated: false, error: null });
    return { facts: { locations } };
  },
});
