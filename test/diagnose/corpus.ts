/*
 * Real Sysprep and setup log excerpts, as published by the people who met them. Each case keeps
 * the lines exactly as posted (timestamps included where the post had them) and names its source.
 * `expect` lists, per line that names a code or a provider, what diagnose must say about it.
 */

export interface CorpusCase {
  source: string;
  file: 'setupact.log' | 'setuperr.log';
  lines: string[];
  /** Per 1-based line number of `lines`: the rule and the first decoded code diagnose must give. */
  expect: Record<number, { ruleId?: string | null; code?: string; provider?: string; causedBy?: number }>;
}

export const corpus: readonly CorpusCase[] = [
  {
    source: 'https://github.com/actions/runner-images/issues/9659',
    file: 'setupact.log',
    lines: [
      '2024-03-07 22:26:20, Error                 SYSPRP ActionPlatform::DeleteValue: Error from RegDeleteValueW for value senseGuid under key HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows Advanced Threat Protection; dwRet = 0x5',
      '2024-03-07 22:26:20, Error                 SYSPRP SysprepSession::ExecuteAction: Failed during deleteValue operation; dwRet = 0x5',
      '2024-03-07 22:26:20, Error                 SYSPRP SysprepSession::ExecuteInternal: Error in executing action for Windows-SenseClient-Service; dwRet = 0x5',
      '2024-03-07 22:26:20, Error                 SYSPRP SysprepSession::Execute: Error in executing actions from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Generalize.xml; dwRet = 0x5',
      '2024-03-07 22:26:20, Error                 SYSPRP RunPlatformActions:Failed while executing Sysprep session actions; dwRet = 0x5',
      '2024-03-07 22:26:20, Error      [0x0f0070] SYSPRP RunDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x5',
      '2024-03-07 22:26:20, Error      [0x0f00a8] SYSPRP WinMain:Hit failure while processing sysprep generalize internal providers; hr = 0x80070005',
    ],
    expect: {
      1: { ruleId: 'W033', code: '0x5' },
      7: { ruleId: 'W033', code: '0x80070005', causedBy: 1 },
    },
  },
  {
    source: 'https://github.com/MicrosoftDocs/azure-docs/issues/80346',
    file: 'setuperr.log',
    lines: [
      "2021-08-30 11:24:24, Error      [0x0f0082] SYSPRP LaunchDll:Failure occurred while executing 'DscCore.dll,SysPrep_Cleanup', returned error code 0x2",
      '2021-08-30 11:24:24, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x2[gle=0x00000006]',
      '2021-08-30 11:24:24, Error      [0x0f00ae] SYSPRP WinMain:Hit failure while processing sysprep cleanup external providers; hr = 0x80070002[gle=0x00000006]',
    ],
    expect: {
      1: { ruleId: 'W044', code: '0x2', provider: 'SysPrep_Cleanup from DscCore.dll' },
      3: { ruleId: 'W044', code: '0x80070002', causedBy: 1 },
    },
  },
  {
    source: 'https://github.com/GoogleCloudPlatform/compute-image-windows/issues/156',
    file: 'setupact.log',
    lines: [
      "2018-09-15 18:04:30, Info       [0x0f0080] SYSPRP ActionPlatform::LaunchModule: Found 'Sysprep_Clean_Validate_Opk' in C:\\Windows\\System32\\spopk.dll; executing it",
      '2018-09-15 18:08:32, Error      [0x0f00b0] SYSPRP spopk.dll:: Failed to query pending CBS operations; hr = 0x80080005',
      "2018-09-15 18:08:32, Error      [0x0f0082] SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'Sysprep_Clean_Validate_Opk' from C:\\Windows\\System32\\spopk.dll; dwRet = 0x5",
      '2018-09-15 18:08:32, Error                 SYSPRP SysprepSession::Validate: Error in validating actions from C:\\Windows\\System32\\Sysprep\\ActionFiles\\Cleanup.xml; dwRet = 0x5',
      '2018-09-15 18:08:32, Error                 SYSPRP RunPlatformActions:Failed while validating SysprepSession actions; dwRet = 0x5',
      '2018-09-15 18:08:32, Error      [0x0f0070] SYSPRP RunExternalDlls:An error occurred while running registry sysprep DLLs, halting sysprep execution. dwRet = 0x5',
      '2018-09-15 18:08:32, Error      [0x0f00d8] SYSPRP WinMain:Hit failure while pre-validate sysprep cleanup internal providers; hr = 0x80070005',
    ],
    expect: {
      2: { ruleId: 'W027', code: '0x80080005', provider: 'Sysprep_Clean_Validate_Opk from spopk.dll' },
      3: { ruleId: 'W027', code: '0x5', provider: 'Sysprep_Clean_Validate_Opk from spopk.dll', causedBy: 2 },
      7: { ruleId: 'W027', code: '0x80070005', causedBy: 2 },
    },
  },
  {
    // Posted without timestamps or levels (copied from the log viewer); diagnose reads them as setuperr lines.
    source: 'https://github.com/actions/runner-images/issues/14499',
    file: 'setuperr.log',
    lines: [
      'SYSPRP Package MicrosoftCorporationII.WindowsSubsystemForLinux_2.7.11.0_x64__8wekyb3d8bbwe was installed for a user, but not provisioned for all users.',
      'SYSPRP Failed to remove apps for the current user: 0x80073cf2.',
      'SYSPRP Exit code of RemoveAllApps thread was 0x3cf2.',
      'SYSPRP WinMain:Hit failure while pre-validate sysprep generalize internal providers; hr = 0x80073cf2',
    ],
    expect: {
      1: { ruleId: 'W024' },
      2: { ruleId: 'W024', code: '0x80073CF2', causedBy: 1 },
      4: { ruleId: 'W024', code: '0x80073CF2', causedBy: 1 },
    },
  },
  {
    // The terminal line alone, as most forum posts quote it: the code must carry the explanation.
    source: 'https://github.com/actions/runner-images/issues/14499',
    file: 'setuperr.log',
    lines: ['SYSPRP WinMain:Hit failure while pre-validate sysprep generalize internal providers; hr = 0x80073cf2'],
    expect: { 1: { ruleId: 'W024', code: '0x80073CF2' } },
  },
  {
    source: 'https://github.com/cschneegans/unattend-generator/issues/453',
    file: 'setupact.log',
    lines: [
      'Error [setup.exe] winreFindOemWinRe failed: 0x2',
      'Error [setup.exe] FindWinReSourceImageAndPartition Error 0X2 while searching for OEM winre.wim',
      "Error SYSPRP ActionPlatform::LaunchModule: Failure occurred while executing 'Sysprep_Specialize_NTFS_Online' from C:\\Windows\\System32\\spntfs.dll; dwRet = 0x130[gle=0x0000012a]",
    ],
    expect: {
      1: { ruleId: null, code: '0x2' },
      2: { ruleId: null, code: '0x2' },
      3: { ruleId: null, provider: 'Sysprep_Specialize_NTFS_Online from spntfs.dll' },
    },
  },
];
