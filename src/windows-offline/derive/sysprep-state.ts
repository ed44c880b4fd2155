/**
 * sysprepState: ImageState in HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State and in
 * %WINDIR%\Setup\State\State.ini, GeneralizationState and CleanupState in
 * HKLM\SYSTEM\Setup\Status\SysprepStatus (learn.microsoft.com/windows-hardware/manufacture/
 * desktop/windows-setup-states). Live too, from the probe's raw reads (src/platforms/windows/live.ts);
 * test/hive/live-parity.test.ts runs both.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { presealInt, presealText } from './registry-data.js';

type SysprepState = Facts['sysprepState'];

const STATUS = 'Setup\\Status\\SysprepStatus';

/** [IO.File]::ReadAllLines: UTF-8 unless a byte order mark says UTF-16 (or UTF-8). */
export function textLines(data: Uint8Array): string[] {
  const b = Buffer.from(data);
  let text: string;
  if (b[0] === 0xff && b[1] === 0xfe) text = b.subarray(2).toString('utf16le');
  else if (b[0] === 0xfe && b[1] === 0xff) text = Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  else text = b.subarray(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0).toString('utf8');
  return text.split(/\r\n|\r|\n/);
}

export const sysprepStateDerivation = defineDerivation<SysprepState>({
  group: 'sysprepState',
  reads: {
    setup: { hive: 'SYSTEM', key: 'Setup', value: null },
    imageState: { hive: 'SOFTWARE', key: 'Microsoft\\Windows\\CurrentVersion\\Setup\\State', value: 'ImageState' },
    stateIni: { windowsFile: 'Setup\\State\\State.ini' },
    generalizationState: { hive: 'SYSTEM', key: STATUS, value: 'GeneralizationState' },
    cleanupState: { hive: 'SYSTEM', key: STATUS, value: 'CleanupState' },
  },
  derive({ setup, imageState, stateIni, generalizationState, cleanupState }): Derived<SysprepState> {
    if (setup?.kind !== 'value') return { error: setup?.kind === 'unreadable' ? setup.reason : 'the registry key HKLM:\\SYSTEM\\Setup is not readable' };
    for (const r of [imageState, stateIni, generalizationState, cleanupState]) if (r?.kind === 'unreadable') return { error: r.reason };
    let ini: string | null = null;
    if (stateIni?.kind === 'file') {
      for (const line of textLines(stateIni.data)) {
        const m = /^\s*ImageState\s*=\s*(\S+)/.exec(line);
        if (m) ini = m[1]!;
      }
    }
    return {
      facts: {
        imageState: presealText(imageState!),
        stateIniImageState: ini,
        generalizationState: presealInt(generalizationState!) ?? null,
        cleanupState: presealInt(cleanupState!) ?? null,
      },
    };
  },
});
