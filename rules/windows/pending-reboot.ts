import { defineRule } from '../../src/engine/define.js';

const CBS = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending';
const WU = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired';
const PFRO = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\PendingFileRenameOperations';
const clean = {
  cbsRebootPending: false,
  wuRebootRequired: false,
  pendingFileRenameCount: 0,
  pendingFileRenames: [],
  pendingFileRename2Count: 0,
  updateExeVolatile: null,
};

export default defineRule({
  id: 'W026',
  alias: 'pending-reboot',
  title: 'No restart is pending (servicing, Windows Update, file renames)',
  platform: 'windows',
  severity: 'warning',
  facts: ['pendingReboot'],
  messages: {
    key: '{resource} exists: {what} is waiting for a restart',
    renames: '{resource} holds {count} entries (first: {first}): files are replaced at the next restart',
    volatile: '{resource} = {value}: an update installer is waiting for a restart',
  },
  rationale:
    'Updates are not finished until the machine restarts; Sysprep\'s servicing check stops ("There are one or more Windows updates that ' +
    'require a reboot") or the restart happens during provisioning of every clone.',
  remediation: '`Restart-Computer`, then check Windows Update again and repeat until none of these keys or values remain; then run Sysprep.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure (update and restart before Sysprep)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title: 'Configuration Manager prerequisite checks: pending system restart',
      url: 'https://learn.microsoft.com/mem/configmgr/core/servers/deploy/install/list-of-prerequisite-checks#pending-system-restart',
    },
  ],
  examples: {
    pass: [{ description: 'nothing pending', facts: { pendingReboot: clean } }],
    fail: [
      {
        description: 'CBS and file renames pending',
        facts: {
          pendingReboot: {
            ...clean,
            cbsRebootPending: true,
            pendingFileRenameCount: 2,
            pendingFileRenames: ['C:\\Windows\\System32\\drivers\\new.sys', 'C:\\Windows\\System32\\drivers\\old.sys'],
          },
        },
        messageIds: ['key', 'renames'],
        resources: [
          'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
          'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\PendingFileRenameOperations',
        ],
      },
      {
        description: 'an update installer waiting',
        facts: { pendingReboot: { ...clean, updateExeVolatile: 1 } },
        messageIds: ['volatile'],
        resources: ['HKLM\\SOFTWARE\\Microsoft\\Updates\\UpdateExeVolatile'],
      },
    ],
  },
  check({ pendingReboot: p }, context) {
    if (p.cbsRebootPending) context.report({ messageId: 'key', resource: CBS, data: { what: 'component servicing' } });
    if (p.wuRebootRequired) context.report({ messageId: 'key', resource: WU, data: { what: 'Windows Update' } });
    if (p.pendingFileRenameCount > 0)
      context.report({ messageId: 'renames', resource: PFRO, data: { count: p.pendingFileRenameCount, first: p.pendingFileRenames[0] ?? '?' } });
    if (p.pendingFileRename2Count > 0) context.report({ messageId: 'renames', resource: `${PFRO}2`, data: { count: p.pendingFileRename2Count, first: '?' } });
    if (p.updateExeVolatile !== null && p.updateExeVolatile !== 0)
      context.report({ messageId: 'volatile', resource: 'HKLM\\SOFTWARE\\Microsoft\\Updates\\UpdateExeVolatile', data: { value: p.updateExeVolatile } });
  },
});
