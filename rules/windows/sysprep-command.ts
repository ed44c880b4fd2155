import { defineRule } from '../../src/engine/define.js';
import { parseSysprepArgs } from './lib/sysprep.js';
import { SYSPREP_GENERALIZE } from './lib/references.js';

const azure = { provider: 'azure' as const, evidence: ['Win32_SystemEnclosure.SMBIOSAssetTag = 7783-7084-3265-9085-8269-3286-77'] };
const onPrem = { provider: 'none' as const, evidence: [] };

export default defineRule({
  id: 'W045',
  alias: 'sysprep-command',
  title: 'The Sysprep command the pipeline runs generalizes, and on Azure shuts down without an answer file',
  platform: 'windows',
  severity: 'error',
  facts: ['cloud'],
  messages: {
    noGeneralize: "--sysprep-args `{args}` has no /generalize: the image keeps this machine's SID and identity, and clones fail to provision",
    noOobe: '--sysprep-args `{args}` has no /oobe ({instead}): clones do not start at the out-of-box experience',
    noShutdown: '--sysprep-args `{args}` {instead} instead of /shutdown: on Azure the VM must be stopped by Sysprep before it is captured',
    unattend: '--sysprep-args `{args}` passes {option}: Azure provisioning supplies its own answer file',
  },
  rationale:
    'Sysprep without /generalize leaves a specialized image: "/generalize … resets the security ID (SID)", and copying an image without it is not supported; ' +
    'on Azure a specialized image captured as generalized fails provisioning "because the new VM is running with the original computer name, username, and password". ' +
    'Clones must start at OOBE (/oobe). Azure\'s preparation page runs `sysprep.exe /generalize /oobe /shutdown` and says "you can\'t use the /unattend:answerfile switch".',
  remediation:
    'Run `%WINDIR%\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown /quiet` (add `/mode:vm` only inside the target hypervisor), and pass it to preseal with `--sysprep-args`.',
  references: [
    SYSPREP_GENERALIZE,
    { title: 'Sysprep command-line options', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-command-line-options' },
    {
      title: 'Azure: prepare a Windows VHD or VHDX (Generalize a VHD)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    { title: 'Azure: generalize a VM before creating an image', url: 'https://learn.microsoft.com/azure/virtual-machines/generalize' },
    {
      title: 'Azure: troubleshoot VM provisioning errors (OS provisioning timeout)',
      url: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/troubleshoot-deployment-new-vm-windows',
    },
  ],
  waiverGuidance: 'Waive for an intermediate capture that is meant to stay specialized (a snapshot, not an image for clones).',
  examples: {
    pass: [
      { description: 'the Azure command', facts: { cloud: azure }, settings: { sysprepArgs: '/generalize /oobe /shutdown /quiet', cloud: 'azure' } },
      {
        description: 'a VMware template with an answer file and a restart',
        facts: { cloud: onPrem },
        settings: { sysprepArgs: '-generalize -oobe -reboot -unattend:C:\\unattend.xml', cloud: 'none' },
      },
    ],
    fail: [
      {
        description: 'no /generalize',
        facts: { cloud: onPrem },
        settings: { sysprepArgs: '/oobe /shutdown', cloud: 'none' },
        messageIds: ['noGeneralize'],
        resources: ['--sysprep-args'],
      },
      {
        description: 'audit mode instead of OOBE',
        facts: { cloud: onPrem },
        settings: { sysprepArgs: '/generalize /audit /reboot', cloud: 'none' },
        messageIds: ['noOobe'],
        resources: ['--sysprep-args'],
      },
      {
        description: 'on Azure: a restart and an answer file',
        facts: { cloud: azure },
        settings: { sysprepArgs: '/generalize /oobe /reboot /unattend:C:\\Windows\\Panther\\unattend.xml', cloud: 'azure' },
        messageIds: ['noShutdown', 'unattend'],
        resources: ['--sysprep-args', '--sysprep-args'],
      },
    ],
  },
  check(_facts, context) {
    const args = context.settings.sysprepArgs;
    if (!args) return context.notApplicable('give the Sysprep command line your pipeline runs with --sysprep-args (or sysprepArgs in the config) to check it');
    const a = parseSysprepArgs(args);
    const resource = '--sysprep-args';
    if (!a.options.has('generalize')) context.report({ messageId: 'noGeneralize', resource, data: { args } });
    if (!a.options.has('oobe'))
      context.report({ messageId: 'noOobe', resource, data: { args, instead: a.options.has('audit') ? 'it boots into audit mode' : 'no boot mode given' } });
    if (context.settings.cloud !== 'azure') return;
    if (!a.options.has('shutdown')) {
      const instead = a.options.has('reboot') ? 'restarts the VM' : a.options.has('quit') ? 'quits and leaves the VM running' : 'gives no shutdown option';
      context.report({ messageId: 'noShutdown', resource, data: { args, instead } });
    }
    if (a.unattend !== null) context.report({ messageId: 'unattend', resource, data: { args, option: `/unattend:${a.unattend}` } });
  },
});
