import { defineRule } from '../../src/engine/define.js';
import { virtualMachine } from './lib/computer-system.js';
import { SYSPREP_GENERALIZE, SYSPREP_OVERVIEW } from './lib/references.js';
import { plannedSysprepCommands } from './lib/sysprep.js';

const hw = {
  name: 'WS01',
  partOfDomain: false,
  domain: 'WORKGROUP',
  workgroup: 'WORKGROUP',
  domainRole: 0,
  hypervisorPresent: true,
  manufacturer: 'Dell Inc.',
  model: 'OptiPlex 7090',
  bios: { manufacturer: 'Dell Inc.', version: 'DELL   - 1072009', serialNumber: '7XK2Q93' },
};
const vm = {
  ...hw,
  manufacturer: 'Microsoft Corporation',
  model: 'Virtual Machine',
  bios: { manufacturer: 'Microsoft Corporation', version: 'VRTUAL - 1', serialNumber: '0000-0002-1234' },
};
const file = {
  path: 'C:\\Windows\\Panther\\unattend.xml',
  source: 'implicit search location',
  error: null,
  secrets: [],
  sysprepCommands: [
    {
      element: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/CommandLine',
      pass: 'oobeSystem',
      commandLine: 'sysprep.exe /generalize /oobe /mode:vm',
    },
  ],
};

export default defineRule({
  id: 'W022',
  alias: 'vm-mode-outside-vm',
  title: 'Sysprep /mode:vm is used only inside a virtual machine',
  platform: 'windows',
  severity: 'error',
  facts: ['computerSystem', 'answerFiles', 'sysprepProcesses'],
  messages: {
    physical: '{resource} runs `{commandLine}` but the machine is {model} by {manufacturer}, not a virtual machine',
  },
  rationale:
    '"Running VM mode outside a virtual machine (VM) is unsupported. You cannot use VM mode to prepare a VHD for deployment to any PC." /mode:vm keeps hardware-specific ' +
    'state and is meant for redeploying on the same VM or hypervisor. preseal sees the Sysprep command lines in answer files and running processes, and the one your pipeline will run when given with --sysprep-args.',
  remediation: 'Drop `/mode:vm` from the Sysprep command, or generalize inside the target hypervisor.',
  references: [SYSPREP_OVERVIEW, SYSPREP_GENERALIZE],
  examples: {
    pass: [{ description: '/mode:vm inside Hyper-V', facts: { computerSystem: vm, answerFiles: { files: [file] }, sysprepProcesses: { processes: [] } } }],
    fail: [
      {
        description: '/mode:vm on a desktop PC',
        facts: { computerSystem: hw, answerFiles: { files: [file] }, sysprepProcesses: { processes: [] } },
        messageIds: ['physical'],
        resources: ['C:\\Windows\\Panther\\unattend.xml Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/CommandLine'],
      },
      {
        description: "the pipeline's own command, given with --sysprep-args, on a desktop PC",
        facts: { computerSystem: hw, answerFiles: { files: [] }, sysprepProcesses: { processes: [] } },
        settings: { sysprepArgs: '/generalize /oobe /mode:vm /shutdown' },
        messageIds: ['physical'],
        resources: ['--sysprep-args'],
      },
      {
        description: 'a running sysprep.exe /mode:vm on a desktop PC',
        facts: {
          computerSystem: hw,
          answerFiles: { files: [] },
          sysprepProcesses: {
            processes: [{ pid: 1, path: 'C:\\Windows\\System32\\Sysprep\\sysprep.exe', commandLine: 'sysprep.exe /generalize /MODE:VM /oobe' }],
          },
        },
        messageIds: ['physical'],
        resources: ['running sysprep.exe (PID 1)'],
      },
    ],
    unknown: [
      {
        description: 'a model Win32_ComputerSystem does not report',
        facts: { computerSystem: { ...hw, manufacturer: null, model: null, bios: null }, answerFiles: { files: [file] }, sysprepProcesses: { processes: [] } },
        reason: 'do not tell whether this is a virtual machine',
      },
    ],
    notApplicable: [
      {
        description: 'no /mode:vm anywhere',
        facts: { computerSystem: hw, answerFiles: { files: [] }, sysprepProcesses: { processes: [] } },
        reason: 'no Sysprep command line with /mode:vm',
      },
    ],
  },
  check({ computerSystem, answerFiles, sysprepProcesses }, context) {
    const given = context.settings.sysprepArgs ? [{ where: '--sysprep-args', commandLine: context.settings.sysprepArgs }] : [];
    const vmMode = [...plannedSysprepCommands(answerFiles, sysprepProcesses), ...given].filter((c) => /[/-]mode:vm\b/i.test(c.commandLine));
    if (vmMode.length === 0) return context.notApplicable('no Sysprep command line with /mode:vm was found in answer files or running processes');
    const kind = virtualMachine(computerSystem);
    if (kind === null) return context.unknown('Win32_ComputerSystem Manufacturer/Model do not tell whether this is a virtual machine');
    if (kind !== false) return;
    for (const c of vmMode) {
      context.report({
        messageId: 'physical',
        resource: c.where,
        data: { commandLine: c.commandLine, model: computerSystem.model ?? '?', manufacturer: computerSystem.manufacturer ?? '?' },
      });
    }
  },
});
