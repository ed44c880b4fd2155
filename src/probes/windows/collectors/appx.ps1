# Provisioned packages come from the registry Windows keeps them in, not Get-AppxProvisionedPackage:
# that cmdlet goes through DISM, which writes %WINDIR%\Logs\DISM\dism.log and can start
# TrustedInstaller. Under AppxAllUserStore (layout observed, not documented by Microsoft except
# Deprovisioned): Applications\<full name> for each provisioned bundle and main package,
# InboxApplications\<full name> for packages that ship with Windows, <SID>\<full name> for the
# packages registered for each user.
$PresealAppxStore = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore'

function Get-PresealAppxPackages {
  if (-not (Test-PresealElevated)) { throw 'needs an elevated session: Get-AppxPackage -AllUsers shows other users'' packages to Administrators only' }
  $store = $PresealAppxStore
  Assert-PresealRegistry 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion'
  if (-not (Test-RegKey $store)) { return New-PresealNotApplicable 'Windows keeps no Appx package store here (no AppxAllUserStore key)' }
  $provisioned = @(Get-RegSubkeyName "$store\Applications")
  $inbox = @(Get-RegSubkeyName "$store\InboxApplications")
  $packages = New-Object System.Collections.ArrayList
  $source = 'Get-AppxPackage'
  $cmdletError = $null
  try {
    # Get-AppxPackage fails in remote and session-0 runs on some builds (WinRM, OpenSSH); the
    # registry below answers then.
    foreach ($p in @(Get-AppxPackage -AllUsers -ErrorAction Stop)) {
      # Inbox system packages are serviced with the OS and never block Sysprep (STORE-APPS).
      if ([string]$p.SignatureKind -eq 'System') { continue }
      $users = New-Object System.Collections.ArrayList
      foreach ($u in @($p.PackageUserInformation)) {
        if ($null -eq $u) { continue }
        $account = $null
        if ($u.UserSecurityId.Username) { $account = [string]$u.UserSecurityId.Username }
        [void]$users.Add([ordered]@{ sid = [string]$u.UserSecurityId.Sid; account = $account; state = [string]$u.InstallState })
      }
      [void]$packages.Add([ordered]@{
        fullName = [string]$p.PackageFullName; signatureKind = [string]$p.SignatureKind
        isFramework = [bool]$p.IsFramework; users = @($users)
      })
    }
  } catch {
    $cmdletError = ([string]$_.Exception.Message) -replace '\s*[\r\n]+\s*', ' '
    $source = 'registry'
    $packages.Clear()
    $byName = [ordered]@{}
    foreach ($sid in @(Get-RegSubkeyName $store | Where-Object { $_ -match '^S-1-5-21-[\d-]+$' })) {
      foreach ($name in @(Get-RegSubkeyName "$store\$sid")) {
        if (-not $byName.Contains($name)) { $byName[$name] = New-Object System.Collections.ArrayList }
        [void]$byName[$name].Add([ordered]@{ sid = $sid; account = $null; state = 'Installed' })
      }
    }
    foreach ($name in $byName.Keys) {
      [void]$packages.Add([ordered]@{ fullName = [string]$name; signatureKind = $null; isFramework = $null; users = @($byName[$name]) })
    }
  }
  [ordered]@{ source = $source; cmdletError = $cmdletError; provisioned = @($provisioned); inbox = @($inbox); packages = @($packages) }
}

function Get-PresealStoreUpdate {
  $apps = @(Get-RegSubkeyName "$PresealAppxStore\Applications")
  $store = @($apps | Where-Object { $_ -like 'Microsoft.WindowsStore_*' }).Count -gt 0
  if (-not $store) { return New-PresealNotApplicable 'the Microsoft Store is not installed' }
  $internet = $null
  try {
    $profiles = @(Get-NetConnectionProfile -ErrorAction Stop)
    $internet = @($profiles | Where-Object { [string]$_.IPv4Connectivity -eq 'Internet' -or [string]$_.IPv6Connectivity -eq 'Internet' }).Count -gt 0
  } catch { $internet = $null }
  [ordered]@{
    storeInstalled = $true
    policyAutoDownload = Get-RegInt 'HKLM:\SOFTWARE\Policies\Microsoft\WindowsStore' 'AutoDownload'
    autoDownload = Get-RegInt 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsStore\WindowsUpdate' 'AutoDownload'
    internet = $internet
  }
}
