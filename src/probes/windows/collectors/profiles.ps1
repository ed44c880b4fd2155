function Get-PresealUserProfiles {
  $base = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
  Assert-PresealRegistry $base
  $loaded = @{}
  try { foreach ($p in @(Get-CimInstance -ClassName Win32_UserProfile -ErrorAction Stop)) { $loaded[[string]$p.SID] = [bool]$p.Loaded } } catch { }
  $profiles = New-Object System.Collections.ArrayList
  foreach ($sid in @(Get-RegSubkeyName $base)) {
    $raw = Get-RegValue "$base\$sid" 'ProfileImagePath'
    if ($null -eq $raw) { continue }
    $path = [Environment]::ExpandEnvironmentVariables([string]$raw)
    $isLoaded = $null
    if ($loaded.ContainsKey($sid)) { $isLoaded = $loaded[$sid] }
    [void]$profiles.Add([ordered]@{
      sid = $sid; path = $path; exists = [bool](Test-Path -LiteralPath $path)
      special = ($sid -match '^S-1-5-(18|19|20)$'); loaded = $isLoaded
    })
  }
  [ordered]@{ profiles = @($profiles) }
}

# Local user accounts (Win32_UserAccount, LocalAccount=True: accounts of the local SAM, not of a
# domain): name, SID and Disabled. A Disabled the provider does not give stays null, never "enabled".
function Get-PresealLocalUserAccounts {
  $list = New-Object System.Collections.ArrayList
  foreach ($a in @(Get-CimInstance -ClassName Win32_UserAccount -Filter 'LocalAccount=True' -ErrorAction Stop)) {
    $disabled = $null
    if ($null -ne $a.Disabled) { $disabled = [bool]$a.Disabled }
    [void]$list.Add([ordered]@{ name = [string]$a.Name; sid = [string]$a.SID; disabled = $disabled })
  }
  [ordered]@{ accounts = @($list | Sort-Object { $_.sid }) }
}
