# pendingReboot is derived from raw registry reads in TypeScript (src/platforms/windows/live.ts,
# src/windows-offline/derive/servicing.ts); this collector keeps what needs the running system.
function Get-PresealServicing {
  # main.ps1 runs this group first, before any CIM query (Win32_ServerFeature) that could start
  # TrustedInstaller, so the probe never sees a servicing operation it caused itself.
  $wu = Read-PresealService 'wuauserv'
  $busy = $false
  $busyError = $null
  # Creating the installer COM object would start wuauserv; a stopped service cannot be installing.
  # Over WinRM/SSH the object fails with E_ACCESSDENIED: "This method cannot be called from a remote
  # computer" (IUpdateSession::CreateUpdateInstaller; Using WUA From a Remote Computer), so W027
  # then relies on the TrustedInstaller service, which Windows Update installs through.
  if ($null -ne $wu -and $wu.status -eq 'Running') {
    try { $busy = [bool](New-PresealComObject 'Microsoft.Update.Installer').IsBusy } catch { $busy = $null; $busyError = Format-PresealError $_.Exception }
  }
  $ti = Read-PresealService 'TrustedInstaller'
  $tiStatus = $null
  if ($null -ne $ti) { $tiStatus = $ti.status }
  $cbs = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing'
  $exclusive = Get-RegInt "$cbs\SessionsPending" 'Exclusive'
  $rm = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\ReserveManager'
  $shipped = Get-RegInt $rm 'ShippedWithReserves'
  $state = $null
  if ($shipped -eq 1) { $state = 'Enabled' } elseif ($shipped -eq 0) { $state = 'Disabled' }
  [ordered]@{
    installerBusy = $busy; installerBusyError = $busyError; trustedInstallerStatus = $tiStatus
    cbsSessionsPending = ($null -ne $exclusive -and $exclusive -ne 0)
    reservedStorageState = $state
    activeScenario = Get-RegInt $rm 'ActiveScenario'
  }
}
