import { defineRule } from '../../src/engine/define.js';

export default defineRule({
  id: 'W028',
  alias: 'system-drive-letter',
  title: 'Windows is on C: and its partition gets a drive letter by default',
  platform: 'windows',
  severity: 'warning',
  facts: ['systemDrive'],
  messages: {
    letter: 'Windows is installed on {resource}, not C:',
    noLetter: 'partition {resource} has the No Default Drive Letter attribute: capture from WinPE finds no OS volume',
  },
  rationale:
    'Applications installed before capture store drive-letter paths and need the same letter after deployment; Azure expects C:. ' +
    'An OS partition with No Default Drive Letter gets no letter in WinPE, and Configuration Manager capture media fail.',
  remediation: '`Set-Partition -DriveLetter C -NoDefaultDriveLetter $false` (or diskpart `gpt attributes=0x0000000000000000` on the OS partition).',
  references: [
    {
      title: 'Errors when capturing a Windows 11 image: Volume not found (No Default Drive Letter)',
      url: 'https://learn.microsoft.com/troubleshoot/mem/configmgr/os-deployment/windows-11-image-capture-fail',
    },
    { title: 'Sysprep overview: drive letters', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview' },
  ],
  examples: {
    pass: [
      {
        description: 'C: with a default letter',
        facts: { systemDrive: { systemDrive: 'C:', partition: { noDefaultDriveLetter: false, gptType: '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}' } } },
      },
    ],
    fail: [
      {
        description: 'no default drive letter',
        facts: { systemDrive: { systemDrive: 'C:', partition: { noDefaultDriveLetter: true, gptType: '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}' } } },
        messageIds: ['noLetter'],
        resources: ['C: partition'],
      },
      {
        description: 'Windows on D:',
        facts: { systemDrive: { systemDrive: 'D:', partition: { noDefaultDriveLetter: false, gptType: null } } },
        messageIds: ['letter'],
        resources: ['D:'],
      },
    ],
  },
  check({ systemDrive }, context) {
    if (systemDrive.systemDrive.toUpperCase() !== 'C:') context.report({ messageId: 'letter', resource: systemDrive.systemDrive });
    if (systemDrive.partition === null) return context.unknown('the partition of the system drive could not be read (Get-Partition)');
    if (systemDrive.partition.noDefaultDriveLetter) context.report({ messageId: 'noLetter', resource: `${systemDrive.systemDrive} partition` });
  },
});
