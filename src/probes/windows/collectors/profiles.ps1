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
