import { defineRule } from '../../src/engine/define.js';

const CONVERSION = ['FullyDecrypted', 'FullyEncrypted', 'EncryptionInProgress', 'DecryptionInProgress', 'EncryptionPaused', 'DecryptionPaused'];
const GUIDS: Record<string, string> = { 'C:': '3f2c7a10-8d1e-4e52-9a61-0c2b5e7d9f11', 'D:': '9a0b1c2d-3e4f-5061-7283-94a5b6c7d8e9' };
const vol = (driveLetter: string | null, conversionStatus: number, protectionStatus: number, id = GUIDS[driveLetter ?? ''] ?? '') => ({
  driveLetter,
  deviceId: `\\\\?\\Volume{${id}}\\`,
  protectionStatus,
  conversionStatus,
  encryptionPercentage: conversionStatus === 0 ? 0 : 100,
  conversionError: null,
});
const sys = { systemDrive: 'C:', partition: null };

export default defineRule({
  id: 'W023',
  alias: 'bitlocker-os-volume',
  title: 'Every volume is fully decrypted (no BitLocker or device encryption), the OS volume first',
  platform: 'windows',
  severity: 'error',
  facts: ['bitlocker', 'systemDrive'],
  messages: {
    encrypted: 'volume {resource} is {status} ({percent}% encrypted, protection {protection}): Sysprep stops with 0x80310039',
    dataVolume: 'data volume {resource} is {status} ({percent}% encrypted, protection {protection}): Sysprep requires every drive fully decrypted',
  },
  rationale:
    'BdeSysprep.dll!ValidateBitLockerState stops Sysprep with FVE_E_NOT_DECRYPTED (0x80310039) while the OS volume is encrypted, ' +
    'also when protection is only suspended. Windows 11 turns on device encryption by itself on capable hardware. Azure states that ' +
    '"Sysprep requires the drives to be fully decrypted" and has BitLocker turned off on all volumes, data volumes included.',
  remediation:
    '`Disable-BitLocker -MountPoint <volume>` for each volume listed and wait until `(Get-BitLockerVolume <volume>).VolumeStatus` is FullyDecrypted; ' +
    'keep Windows from re-encrypting during the build with `HKLM\\SYSTEM\\CurrentControlSet\\Control\\BitLocker` `PreventDeviceEncryption` = 1.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure (decrypt before Sysprep)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title: 'Remove machine specific information by generalizing a VM: "Sysprep requires the drives to be fully decrypted"',
      url: 'https://learn.microsoft.com/azure/virtual-machines/generalize',
    },
    {
      title: 'GetConversionStatus method of Win32_EncryptableVolume',
      url: 'https://learn.microsoft.com/windows/win32/secprov/getconversionstatus-win32-encryptablevolume',
    },
    { title: 'antifob/incus-windows#30: fails with protection Off but FullyEncrypted', url: 'https://github.com/antifob/incus-windows/issues/30' },
  ],
  examples: {
    pass: [{ description: 'every volume decrypted', facts: { bitlocker: { volumes: [vol('C:', 0, 0), vol('D:', 0, 0)] }, systemDrive: sys } }],
    fail: [
      {
        description: 'the OS volume encrypted with protection suspended',
        facts: { bitlocker: { volumes: [vol('C:', 1, 0)] }, systemDrive: sys },
        messageIds: ['encrypted'],
        resources: ['C:'],
      },
      {
        description: 'decrypted OS volume, a data volume encrypted with protection on and one without a drive letter being encrypted',
        facts: { bitlocker: { volumes: [vol('C:', 0, 0), vol('D:', 1, 1), vol(null, 2, 0, '6b1e0f3a-27c4-4d8e-b5a9-1c0d2e3f4a5b')] }, systemDrive: sys },
        messageIds: ['dataVolume', 'dataVolume'],
        resources: ['D:', '\\\\?\\Volume{6b1e0f3a-27c4-4d8e-b5a9-1c0d2e3f4a5b}\\'],
      },
      {
        // The known failure is reported even though another volume's status could not be read.
        description: 'an encrypted OS volume beside a volume whose GetConversionStatus failed',
        facts: {
          bitlocker: {
            volumes: [
              vol('C:', 1, 1),
              { ...vol('E:', 0, 0), conversionStatus: null, encryptionPercentage: null, conversionError: 'GetConversionStatus returned 0x80310000' },
            ],
          },
          systemDrive: sys,
        },
        messageIds: ['encrypted'],
        resources: ['C:'],
      },
    ],
    unknown: [
      {
        // GetConversionStatus "returns one of the following codes or another error code if it fails"; its ConversionStatus is then not 0 = FullyDecrypted.
        description: 'GetConversionStatus failed on a data volume',
        facts: {
          bitlocker: {
            volumes: [
              vol('C:', 0, 0),
              { ...vol('D:', 0, 0), conversionStatus: null, encryptionPercentage: null, conversionError: 'GetConversionStatus returned 0x80310000' },
            ],
          },
          systemDrive: sys,
        },
        reason: 'GetConversionStatus returned 0x80310000',
      },
    ],
  },
  check({ bitlocker, systemDrive }, context) {
    if (bitlocker.volumes.length === 0) return context.notApplicable('Win32_EncryptableVolume lists no volume');
    // A volume whose status could not be read keeps the rule from passing, but what is known of the others is still reported.
    const unread = bitlocker.volumes.find((v) => v.conversionStatus === null);
    if (unread)
      context.unknown(
        `the conversion status of ${unread.driveLetter ?? unread.deviceId} is unknown: ${unread.conversionError ?? 'GetConversionStatus failed'}`,
      );
    const os = systemDrive.systemDrive.toUpperCase();
    for (const v of bitlocker.volumes) {
      if (v.conversionStatus === 0 || v.conversionStatus === null) continue;
      context.report({
        messageId: v.driveLetter?.toUpperCase() === os ? 'encrypted' : 'dataVolume',
        resource: v.driveLetter ?? v.deviceId,
        data: {
          status: CONVERSION[v.conversionStatus ?? -1] ?? `ConversionStatus ${v.conversionStatus}`,
          percent: v.encryptionPercentage ?? '?',
          protection: v.protectionStatus === 1 ? 'on' : v.protectionStatus === 0 ? 'off or suspended' : 'unknown',
        },
      });
    }
  },
});
