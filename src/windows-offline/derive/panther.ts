/**
 * panther: the Setup/Sysprep logs Windows keeps in %WINDIR%\Panther and
 * %WINDIR%\System32\Sysprep\Panther, and Sysprep_succeeded.tag
 * (learn.microsoft.com/troubleshoot/windows-client/setup-upgrade-and-drivers/windows-setup-log-file-locations).
 * The same facts as Get-PresealPanther (src/probes/windows/collectors/panther.ps1): error and
 * warning entries only, bounded per file and in all.
 */
import type { Facts } from '../../facts/catalog.js';
import { defineDerivation, type Derived } from './define.js';
import { textLines } from './sysprep-state.js';

type Panther = Facts['panther'];

const LOGS = [
  'System32\\Sysprep\\Panther\\setupact.log',
  'System32\\Sysprep\\Panther\\setuperr.log',
  'Panther\\setupact.log',
  'Panther\\setuperr.log',
  'Panther\\UnattendGC\\setupact.log',
  'Panther\\UnattendGC\\setuperr.log',
] as const;
const TAG = 'System32\\Sysprep\\Sysprep_succeeded.tag';
// The newest entries count: Sysprep appends, and the last run's failure is at the end.
const PER_FILE = 100;
// .NET's \d and \s are Unicode classes; PowerShell's -match ignores case.
const ENTRY = /^\p{Nd}{4}-\p{Nd}{2}-\p{Nd}{2} \p{Nd}{2}:\p{Nd}{2}:\p{Nd}{2}/u;
const SEVERE = /^\S+ \S+,?\s+(Error|Warning|Fatal)/iu;

export const pantherDerivation = defineDerivation<Panther>({
  group: 'panther',
  reads: {
    ...Object.fromEntries(LOGS.map((path, i) => [`log${i}`, { windowsFile: path }])),
    folder: { windowsFile: 'Panther' },
    tag: { windowsFile: TAG },
  },
  derive(r, ctx): Derived<Panther> {
    for (const x of Object.values(r)) if (x.kind === 'unreadable') return { error: x.reason };
    let truncated = false;
    const logs: Panther['logs'] = [];
    LOGS.forEach((rel, i) => {
      const file = r[`log${i}`];
      if (file?.kind !== 'file') return;
      const lines = textLines(file.data);
      if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      const errorsOnly = rel.toLowerCase().endsWith('setuperr.log');
      let out: { line: number; text: string; entry: boolean }[] = [];
      let previousKept = false;
      for (let n = 0; n < lines.length; n++) {
        let text = lines[n]!;
        const isEntry = ENTRY.test(text);
        let keep = false;
        if (isEntry) keep = errorsOnly || SEVERE.test(text);
        else if (previousKept && text.trim() !== '') keep = true;
        previousKept = keep && isEntry;
        if (!keep) continue;
        if (text.length > 1000) text = text.slice(0, 1000);
        if (out.length >= PER_FILE) {
          out.shift();
          truncated = true;
        }
        out.push({ line: n + 1, text, entry: isEntry });
      }
      // A continuation line whose entry was dropped goes too.
      while (out.length > 0 && !out[0]!.entry) out = out.slice(1);
      logs.push({ path: ctx.windowsPath(rel), lines: out.map(({ line, text }) => ({ line, text })) });
    });
    return {
      facts: {
        pantherFolder: r.folder?.kind === 'directory' ? ctx.windowsPath('Panther') : null,
        succeededTag: r.tag?.kind === 'file' ? ctx.windowsPath(TAG) : null,
        logs,
        truncated,
      },
    };
  },
});
