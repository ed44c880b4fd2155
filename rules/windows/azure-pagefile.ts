import { defineRule } from '../../src/engine/define.js';

const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management\\PagingFiles';

export default defineRule({
  id: 'W042',
  alias: 'azure-pagefile',
  title: 'The page file points to a drive that exists',
  platform: 'windows',
  severity: 'info',
  cloud: 'azure',
  facts: ['pagefile'],
  messages: { missing: '{resource} names {file}, on drive {drive}, which does not exist in the image' },
  rationale:
    'Azure recommends putting the page file on the temporary disk after the VM is created; an image that points it at a letter that does not exist boots with no page file.',
  remediation:
    'Keep the page file on C: (or system managed) in the image and move it in a first-boot script: `Set-ItemProperty "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management" PagingFiles "D:\\pagefile.sys 0 0"`.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure: page file',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
  ],
  examples: {
    pass: [{ description: 'system managed on C:', settings: { cloud: 'azure' }, facts: { pagefile: { pagingFiles: ['?:\\pagefile.sys'], drives: ['C:'] } } }],
    fail: [
      {
        description: 'points at the temp disk letter',
        settings: { cloud: 'azure' },
        facts: { pagefile: { pagingFiles: ['D:\\pagefile.sys 0 0'], drives: ['C:'] } },
        messageIds: ['missing'],
        resources: ['HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management\\PagingFiles'],
      },
    ],
  },
  check({ pagefile }, context) {
    const drives = new Set(pagefile.drives.map((d) => d.toUpperCase()));
    for (const entry of pagefile.pagingFiles) {
      const drive = entry.slice(0, 2).toUpperCase();
      // '?:' means "the system drive, system managed".
      if (drive === '?:' || drives.has(drive)) continue;
      context.report({ messageId: 'missing', resource: KEY, data: { file: entry.split(' ')[0] ?? entry, drive } });
    }
  },
});
