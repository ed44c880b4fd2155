import { defineRule } from '../../src/engine/define.js';

const CONVERSION = ['FullyDecrypted', 'FullyEncrypted', 'EncryptionInProgress', 'DecryptionInProgress', 'EncryptionPaused', 'DecryptionPaused'];
const vol = (driveLetter: string, conversionStatus: number, protectionStatus: number) => ({
  driveLetter,
  deviceId: `\\\\?\\Volume{${driveLetter === 'C:' ? '1' : '2'}}\\`,
  protectionStatus,
  conversionStatus,
  encryptionPercentage: conversionStatus === 0 ? 0 : 100,
  conversionError: null,
});

export default defineRule({
  id: 'W023',
  alias: 'bitlocker-os-volume',
  title: 'The OS volume is fully decrypted (no BitLocker or device encryption)',
  platform: 'windows',
  severity: 'error',
  facts: ['bitlocker', 'systemDrive'],
  messages: {
    encrypted: 'volume {resource} is {status} ({percent}% encrypted, protection {protection}): Sysprep stops with 0x80310039',
  },
  rationale:
    'BdeSysprep.dll!ValidateBitLockerState stops Sysprep with FVE_E_NOT_DECRYPTED (0x80310039) while the OS volume is encrypted, ' +
    'also when protection is only suspended. Windows 11 turns on device encryption by itself on capable hardware.',
  remediation:
    '`Disable-BitLocker -MountPoint C:` and wait until `(Get-BitLockerVolume C:).VolumeStatus` is FullyDecrypted; keep Windows from ' +
    're-encrypting during the build with `HKLM\\SYSTEM\\CurrentControlSet\\Control\\BitLocker` `PreventDeviceEncryption` = 1.',
  references: [
    {
      title: 'Prepare a Windows VHD to upload to Azure (decrypt before Sysprep)',
      url: 'https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image',
    },
    {
      title: 'GetConversionStatus method of Win32_EncryptableVolume',
      url: 'https://learn.microsoft.com/windows/win32/secprov/getconversionstatus-win32-encryptablevolume',
    },
    { title: 'antifob/incus-windows#30: fails with protection Off but FullyEncrypted', url: 'https://github.com/antifob/incus-windows/issues/30' },
  ],
  examples: {
    pass: [
      {
        description: 'decrypted OS volume, encrypted data volume',
        facts: { bitlocker: { volumes: [vol('C:', 0, 0), vol('D:', 1, 1)] }, systemDrive: { systemDrive: 'C:', partition: null } },
      },
    ],
    fail: [
      {
        description: 'encrypted with protection suspended',
        facts: { bitlocker: { volumes: [vol('C:', 1, 0)] }, systemDrive: { systemDrive: 'C:', partition: null } },
        messageIds: ['encrypted'],
        resources: ['C:'],
      },
    ],
    unknown: [
      {
        // GetConversionStatus "returns one of the following codes or another error code if it fails"; its ConversionStatus is then not 0 = FullyDecrypted.
        description: 'GetConversionStatus failed on the OS volume',
        facts: {
          bitlocker: {
            volumes: [{ ...vol('C:', 0, 0), conversionStatus: null, encryptionPercentage: null, conversionError: 'GetConversionStatus returned 0x80310000' }],
          },
          systemDrive: { systemDrive: 'C:', partition: null },
        },
        reason: 'GetConversionStatus returned 0x80310000',
      },
    ],
  },
  check({ bitlocker, systemDrive }, context) {
    const os = bitlocker.volumes.find((v) => v.driveLetter?.toUpperCase() === systemDrive.systemDrive.toUpperCase());
    if (!os) return context.notApplicable(`no encryptable volume has drive letter ${systemDrive.systemDrive}`);
    if (os.conversionStatus === null) {
      return context.unknown(`the conversion status of ${os.driveLetter ?? os.deviceId} is unknown: ${os.conversionError ?? 'GetConversionStatus failed'}`);
    }
    if (os.conversionStatus === 0) return;
    context.report({
      messageId: 'encrypted',
      resource: os.driveLetter ?? os.deviceId,
      data: {
        status: CONVERSION[os.conversionStatus] ?? `ConversionStatus ${os.conversionStatus}`,
        percent: os.encryptionPercentage ?? '?',
        protection: os.protectionStatus === 1 ? 'on' : os.protectionStatus === 0 ? 'off or suspended' : 'unknown',
      },
    });
  },
});
