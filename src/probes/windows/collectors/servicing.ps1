function Get-PresealPendingReboot {
  $sm = 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager'
  # Fail closed: an unreadable registry must not look like "no restart pending".
  Assert-PresealRegistry $sm
  # REG_MULTI_SZ of source/destination pairs; '\??\' is the NT object prefix.
  $renames = @(ConvertTo-PxArray (Read-PxRegValue $sm 'PendingFileRenameOperations') | ForEach-Object { $_.Replace('\??\', '') })
  $renames2 = @(ConvertTo-PxArray (Read-PxRegValue $sm 'PendingFileRenameOperations2'))
  [ordered]@{
    cbsRebootPending = Test-PxRegKey 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'
    wuRebootRequired = Test-PxRegKey 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
    pendingFileRenameCount = $renames.Count
    pendingFileRenames = @($renames | Select-Object -First 20)
    pendingFileRename2Count = $renames2.Count
    updateExeVolatile = ConvertTo-PxInt (Read-PxRegValue 'HKLM:\SOFTWARE\Microsoft\Updates' 'UpdateExeVolatile')
  }
}
function Get-PresealServicing {
  $wu = Get-PxService 'wuauserv'
  $busy = $false
  # Creating the installer COM object would start wuauserv; a stopped service cannot be installing.
  if ($null -ne $wu -and $wu.status -eq 'Running') {
    try { $busy = [bool](New-Object -ComObject Microsoft.Update.Installer).IsBusy } catch { $busy = $null }
  }
  $ti = Get-PxService 'TrustedInstaller'
  $tiStatus = $null
  if ($null -ne $ti) { $tiStatus = $ti.status }
  $cbs = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing'
  $exclusive = ConvertTo-PxInt (Read-PxRegValue "$cbs\SessionsPending" 'Exclusive')
  $rm = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\ReserveManager'
  $shipped = ConvertTo-PxInt (Read-PxRegValue $rm 'ShippedWithReserves')
  $state = $null
  if ($shipped -eq 1) { $state = 'Enabled' } elseif ($shipped -eq 0) { $state = 'Disabled' }
  [ordered]@{
    installerBusy = $busy; trustedInstallerStatus = $tiStatus
    cbsSessionsPending = ($null -ne $exclusive -and $exclusive -ne 0)
    reservedStorageState = $state
    activeScenario = ConvertTo-PxInt (Read-PxRegValue $rm 'ActiveScenario')
  }
}
function Get-PresealStoreUpdate {
  $apps = @(Get-PxRegSubkeyNames 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\Applications')
  $store = @($apps | Where-Object { $_ -like 'Microsoft.WindowsStore_*' }).Count -gt 0
  if (-not $store) { return @{ __notApplicable = 'the Microsoft Store is not installed' } }
  $internet = $null
  try {
    $profiles = @(Get-NetConnectionProfile -ErrorAction Stop)
    $internet = @($profiles | Where-Object { [string]$_.IPv4Connectivity -eq 'Internet' -or [string]$_.IPv6Connectivity -eq 'Internet' }).Count -gt 0
  } catch { $internet = $null }
  [ordered]@{
    storeInstalled = $true
    policyAutoDownload = ConvertTo-PxInt (Read-PxRegValue 'HKLM:\SOFTWARE\Policies\Microsoft\WindowsStore' 'AutoDownload')
    autoDownload = ConvertTo-PxInt (Read-PxRegValue 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsStore\WindowsUpdate' 'AutoDownload')
    internet = $internet
  }
}
function Get-PresealSystemDrive {
  $drive = [string]$env:SystemDrive
  if (-not $drive) { throw 'the system drive is unknown (no %SystemDrive%)' }
  $partition = $null
  try {
    $p = Get-Partition -DriveLetter $drive.Substring(0, 1) -ErrorAction Stop
    $gpt = $null
    if ($p.GptType) { $gpt = [string]$p.GptType }
    $partition = [ordered]@{ noDefaultDriveLetter = [bool]$p.NoDefaultDriveLetter; gptType = $gpt }
  } catch { $partition = $null }
  [ordered]@{ systemDrive = $drive; partition = $partition }
}
