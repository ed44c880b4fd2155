import { defineRule } from '../../src/engine/define.js';

const loc = (path: string, kind: 'temp' | 'wer' | 'dump', files: number, bytes: number) => ({ path, kind, files, bytes, truncated: false, error: null });

export default defineRule({
  id: 'W053',
  alias: 'build-leftovers',
  title: 'No crash dumps, error reports or temp files from the build are left in the image',
  platform: 'windows',
  severity: 'warning',
  facts: ['buildLeftovers'],
  messages: {
    dump: '{resource} holds {files} memory dump file(s) ({size}): a dump holds what was in memory, passwords and tokens included',
    wer: '{resource} holds {files} Windows Error Reporting file(s) ({size})',
    temp: '{resource} holds {files} file(s) ({size}) left by the build',
    unreadable: '{resource} could not be read to the end: {error}',
  },
  rationale:
    "Image builders clear these before capture: GitHub's runner images delete %SystemRoot%\\Temp and the build user's temp folders, Google's GCESysprep clears temp folders, " +
    "and Microsoft's VDI optimization deletes dumps, WER archives and temp files. Installer logs and temp files can hold build secrets; a memory dump holds the memory of the process " +
    'or machine that crashed. Every clone inherits them.',
  remediation:
    'Delete them before Sysprep: `Remove-Item $env:SystemRoot\\Temp\\*, $env:TEMP\\*, $env:ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\*, $env:ProgramData\\Microsoft\\Windows\\WER\\ReportQueue\\* -Recurse -Force -ErrorAction SilentlyContinue` ' +
    'and `Remove-Item $env:SystemRoot\\MEMORY.DMP, $env:SystemRoot\\Minidump\\*.dmp -Force`.',
  references: [
    {
      title: 'Optimizing Windows for Virtual Desktop Infrastructure (disk cleanup)',
      url: 'https://learn.microsoft.com/windows-server/remote/remote-desktop-services/rds-vdi-recommendations',
    },
    { title: 'Windows Error Reporting: collecting user-mode dumps', url: 'https://learn.microsoft.com/windows/win32/wer/collecting-user-mode-dumps' },
  ],
  waiverGuidance: 'Waive a temp location that a product in the image fills on purpose (and name it).',
  examples: {
    pass: [{ description: 'nothing left', facts: { buildLeftovers: { locations: [] } } }],
    fail: [
      {
        description: "a kernel dump and the build user's temp folder",
        facts: {
          buildLeftovers: {
            locations: [loc('C:\\Windows\\MEMORY.DMP', 'dump', 1, 2147483648), loc('C:\\Users\\packer\\AppData\\Local\\Temp', 'temp', 312, 48234496)],
          },
        },
        messageIds: ['dump', 'temp'],
        resources: ['C:\\Windows\\MEMORY.DMP', 'C:\\Users\\packer\\AppData\\Local\\Temp'],
      },
      {
        description: 'WER reports, and a folder read only in part',
        facts: {
          buildLeftovers: {
            locations: [
              loc('C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive', 'wer', 4, 901120),
              { ...loc('C:\\Windows\\Temp', 'temp', 20, 4096), error: 'Access to the path C:\\Windows\\Temp\\MpCmdRun is denied.' },
            ],
          },
        },
        messageIds: ['wer', 'temp', 'unreadable'],
        resources: ['C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive', 'C:\\Windows\\Temp', 'C:\\Windows\\Temp'],
      },
    ],
  },
  check({ buildLeftovers }, context) {
    for (const l of buildLeftovers.locations) {
      const files = `${l.files}${l.truncated ? '+' : ''}`;
      const size = l.bytes >= 1048576 ? `${(l.bytes / 1048576).toFixed(1)} MiB` : `${Math.ceil(l.bytes / 1024)} KiB`;
      if (l.files > 0) {
        context.report({ messageId: l.kind, resource: l.path, data: { files, size }, ...(l.kind === 'dump' ? {} : { severity: 'info' as const }) });
      }
      if (l.error !== null) context.report({ messageId: 'unreadable', resource: l.path, data: { error: l.error }, severity: 'info' });
    }
  },
});
