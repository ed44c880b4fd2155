function Get-PresealAppxPackages {
  if (-not (Test-PresealElevated)) { throw 'needs an elevated session: Get-AppxPackage -AllUsers shows other users'' packages to Administrators only' }
  $provisioned = @(Get-AppxProvisionedPackage -Online -ErrorAction Stop | ForEach-Object { [string]$_.PackageName })
  $packages = New-Object System.Collections.ArrayList
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
  [ordered]@{ provisioned = @($provisioned); packages = @($packages) }
}

function Get-PresealStoreUpdate {
  $apps = @(Get-RegSubkeyName 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\Applications')
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
