import { defineRule } from '../../src/engine/define.js';
import { unknownIfUnreadable } from './lib/completeness.js';

const azure = { cloud: 'azure' };

export default defineRule({
  id: 'L067',
  alias: 'efi-fallback',
  title: 'The EFI system partition has the fallback boot loader (EFI/BOOT/BOOTX64.EFI)',
  platform: 'linux',
  severity: 'warning',
  cloud: 'azure',
  facts: ['bootFiles'],
  messages: {
    missing: "{resource} has {dirs} but no BOOT/BOOTX64.EFI; a Generation 2 clone without the builder's NVRAM entry cannot boot",
  },
  rationale: "Generation 2 VMs start without the build machine's UEFI boot entries and fall back to \\EFI\\BOOT\\BOOTX64.EFI.",
  remediation: '`grub-install --removable` (or `cp -rp /boot/efi/EFI/<distro> /boot/efi/EFI/boot` with shimx64.efi copied to BOOTX64.EFI).',
  references: [
    {
      title: 'Azure: prepare an Ubuntu image ("create the fallback UEFI boot path")',
      url: 'https://learn.microsoft.com/azure/virtual-machines/linux/create-upload-ubuntu',
    },
  ],
  examples: {
    pass: [
      {
        description: 'fallback present',
        settings: azure,
        facts: { bootFiles: { kernels: [], efi: { dirs: ['BOOT', 'ubuntu'], fallback: ['/boot/efi/EFI/BOOT/BOOTX64.EFI'] }, unreadable: [] } },
      },
    ],
    fail: [
      {
        description: 'vendor directory only',
        settings: azure,
        facts: { bootFiles: { kernels: [], efi: { dirs: ['debian'], fallback: [] }, unreadable: [] } },
        messageIds: ['missing'],
        resources: ['/boot/efi/EFI'],
      },
    ],
  },
  check({ bootFiles }, context) {
    if (unknownIfUnreadable(context, bootFiles.unreadable)) return;
    if (!bootFiles.efi) return context.notApplicable('no /boot/efi/EFI (BIOS boot)');
    // An offline image whose EFI partition is not mounted shows an empty folder: nothing to judge.
    if (bootFiles.efi.dirs.length === 0) return context.notApplicable('/boot/efi/EFI is empty (is the EFI system partition mounted under the root?)');
    if (bootFiles.efi.fallback.length === 0)
      context.report({ messageId: 'missing', resource: '/boot/efi/EFI', data: { dirs: bootFiles.efi.dirs.join(', ') || 'nothing' } });
  },
});
