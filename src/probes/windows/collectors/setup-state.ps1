# ImageState and the Setup values: https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states
function Get-PresealSysprepState {
  $stateKey = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State'
  $statusKey = 'HKLM:\SYSTEM\Setup\Status\SysprepStatus'
  Assert-PresealRegistry 'HKLM:\SYSTEM\Setup'
  $ini = $null
  $iniPath = Join-PresealPath $env:WINDIR 'Setup\State\State.ini'
  if (Test-Path -LiteralPath $iniPath) {
    foreach ($line in [IO.File]::ReadAllLines($iniPath)) {
      if ($line -match '^\s*ImageState\s*=\s*(\S+)') { $ini = $Matches[1] }
    }
  }
  [ordered]@{
    imageState = Get-RegString $stateKey 'ImageState'
    stateIniImageState = $ini
    generalizationState = Get-RegInt $statusKey 'GeneralizationState'
    cleanupState = Get-RegInt $statusKey 'CleanupState'
  }
}

function Get-PresealSetupStatus {
  $setup = 'HKLM:\SYSTEM\Setup'
  if (-not (Test-Path -LiteralPath $setup)) { throw 'HKLM\SYSTEM\Setup is not readable' }
  [ordered]@{
    systemSetupInProgress = Get-RegInt $setup 'SystemSetupInProgress'
    oobeInProgress = Get-RegInt $setup 'OOBEInProgress'
    setupType = Get-RegInt $setup 'SetupType'
    setupPhase = Get-RegInt $setup 'SetupPhase'
    auditBoot = Get-RegInt 'HKLM:\SYSTEM\Setup\Status' 'AuditBoot'
    childCompletionSetup = Get-RegInt 'HKLM:\SYSTEM\Setup\Status\ChildCompletion' 'setup.exe'
  }
}
