import { defineRule } from '../../src/engine/define.js';
import { SYSPREP_OVERVIEW } from './lib/references.js';

const vol = { root: 'C:\\', label: null, scannedEntries: 412876, inaccessibleFolders: 0, unreadFolders: [], encrypted: [], truncated: null };
const scan = { elevated: true, maxEntries: 2000000, maxSeconds: 90, encryptedListLimit: 100, encryptedTotal: 0 };

export default defineRule({
  id: 'W006',
  alias: 'efs-encrypted-files',
  title: 'No EFS-encrypted files or folders on the NTFS volumes',
  platform: 'windows',
  severity: 'error',
  facts: ['efsScan'],
  messages: {
    file: '{resource} is EFS-encrypted; after Sysprep its data is unreadable',
    folder: '{resource} is an EFS-encrypted folder; its files, and new ones, become unreadable after Sysprep',
    more: '{resource}: {count} more EFS-encrypted entries than listed',
  },
  rationale:
    '"If you run Sysprep on an NTFS file system partition that contains encrypted files or folders, the data in those folders becomes completely unreadable and unrecoverable." ' +
    'The EFS keys live in the profile of the user who encrypted them.',
  remediation: 'As the owning user, back up the EFS certificate (`cipher /x`) and decrypt (`cipher /d /s:<folder>`), or move the data off the image.',
  references: [SYSPREP_OVERVIEW, { title: 'cipher', url: 'https://learn.microsoft.com/windows-server/administration/windows-commands/cipher' }],
  examples: {
    pass: [
      { description: 'nothing encrypted', facts: { efsScan: { volumes: [vol], ...scan } } },
      { description: 'a non-elevated scan that could open every folder', facts: { efsScan: { volumes: [vol], ...scan, elevated: false } } },
    ],
    fail: [
      {
        description: 'an encrypted folder and file',
        facts: {
          efsScan: {
            volumes: [
              {
                ...vol,
                encrypted: [
                  { path: 'C:\\Users\\alice\\Secret', directory: true },
                  { path: 'C:\\Users\\alice\\Secret\\pay.xlsx', directory: false },
                ],
              },
            ],
            ...scan,
            encryptedTotal: 2,
          },
        },
        messageIds: ['folder', 'file'],
        resources: ['C:\\Users\\alice\\Secret', 'C:\\Users\\alice\\Secret\\pay.xlsx'],
      },
      {
        description: 'more encrypted entries than the list holds',
        facts: {
          efsScan: { volumes: [{ ...vol, encrypted: [{ path: 'D:\\Data\\a.docx', directory: false }] }], ...scan, encryptedListLimit: 1, encryptedTotal: 40 },
        },
        messageIds: ['file', 'more'],
        resources: ['D:\\Data\\a.docx', 'EFS scan'],
      },
      {
        description: 'what a scan found before it was cut short, with the reason kept',
        facts: {
          efsScan: {
            volumes: [{ ...vol, encrypted: [{ path: 'C:\\x', directory: false }], truncated: 'stopped after 90 s (412876 entries read)' }],
            ...scan,
            encryptedTotal: 1,
          },
        },
        messageIds: ['file'],
        resources: ['C:\\x'],
        reason: 'cut short',
      },
    ],
    unknown: [
      {
        description: 'a scan cut short that found nothing',
        facts: { efsScan: { volumes: [{ ...vol, truncated: 'stopped after 90 s (412876 entries read)' }], ...scan } },
        reason: 'C:\\ stopped after 90 s',
      },
      {
        description: 'a non-elevated scan that could not open folders',
        facts: {
          efsScan: {
            volumes: [
              { ...vol, inaccessibleFolders: 7, unreadFolders: [{ path: 'C:\\Users\\alice', error: "Access to the path 'C:\\Users\\alice' is denied." }] },
            ],
            ...scan,
            elevated: false,
          },
        },
        reason: 'could not read 7 folders on C:\\ (C:\\Users\\alice: Access',
      },
      {
        description: 'an elevated scan that stopped part-way through a folder (a path over 260 characters)',
        facts: {
          efsScan: {
            volumes: [
              {
                ...vol,
                inaccessibleFolders: 1,
                unreadFolders: [{ path: 'C:\\src\\node_modules', error: 'stopped after 112 entries: The specified path, file name, or both are too long.' }],
              },
            ],
            ...scan,
          },
        },
        reason: 'C:\\src\\node_modules: stopped after 112 entries',
      },
    ],
  },
  check({ efsScan }, context) {
    let listed = 0;
    for (const v of efsScan.volumes) {
      for (const e of v.encrypted) context.report({ messageId: e.directory ? 'folder' : 'file', resource: e.path });
      listed += v.encrypted.length;
    }
    if (efsScan.encryptedTotal > listed) context.report({ messageId: 'more', resource: 'EFS scan', data: { count: efsScan.encryptedTotal - listed } });
    // Any folder not read, elevated or not, may hold encrypted files: the volume is unproven.
    const unread = efsScan.volumes.filter((v) => v.inaccessibleFolders > 0);
    if (unread.length > 0) {
      const where = unread.map((v) => {
        const named = v.unreadFolders.map((f) => `${f.path}: ${f.error}`);
        const more = v.inaccessibleFolders > named.length ? `; ${v.inaccessibleFolders - named.length} more` : '';
        return `${v.inaccessibleFolders} folders on ${v.root} (${named.join('; ') || 'not named'}${more})`;
      });
      const hint = efsScan.elevated ? '' : '; run preseal elevated';
      context.unknown(`the EFS scan${efsScan.elevated ? '' : ' ran without elevation and'} could not read ${where.join(', ')}${hint}`);
    }
    const cut = efsScan.volumes.filter((v) => v.truncated !== null);
    if (cut.length > 0) context.unknown(`the EFS scan was cut short: ${cut.map((v) => `${v.root} ${v.truncated}`).join('; ')}`);
  },
});
