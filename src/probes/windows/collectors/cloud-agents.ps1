# The launch agents that AWS and Google Cloud images need, and the Administrator password the AWS
# agents can keep in clear text ("The password is stored in agent-config.yml as clear text",
# EC2Launch v2; LaunchConfig.json, EC2Launch v1). Only whether a password is set is recorded.

function Read-PresealFilePresence([string]$Path) {
  return [ordered]@{ path = $Path; present = [bool](Test-Path -LiteralPath $Path) }
}

function Get-PresealAwsLaunchAgents {
  $pf = $env:ProgramFiles; $pd = $env:ProgramData
  if ([string]::IsNullOrEmpty($pf) -or [string]::IsNullOrEmpty($pd)) { throw 'the Program Files or ProgramData folder is unknown' }
  [ordered]@{
    ec2LaunchV2 = Read-PresealFilePresence (Join-PresealPath $pf 'Amazon\EC2Launch\EC2Launch.exe')
    ec2LaunchV1 = Read-PresealFilePresence (Join-PresealPath $pd 'Amazon\EC2-Windows\Launch\Scripts\InitializeInstance.ps1')
    ec2Config = Read-PresealFilePresence (Join-PresealPath $pf 'Amazon\Ec2ConfigService\Ec2Config.exe')
  }
}

# agent-config.yml: the setAdminAccount task's `password:` block (`type:` random, static or
# doNothing; `data:` the password for static). Read line by line; the value itself is never kept.
function Read-PresealEc2LaunchPassword([string]$Text) {
  $inTask = $false; $inPassword = $false; $type = $null; $set = $false
  foreach ($line in ($Text -split "`r?`n")) {
    if ($line -match '^\s*-\s*task:\s*(\S+)') { $inTask = ($Matches[1] -eq 'setAdminAccount'); $inPassword = $false; continue }
    if (-not $inTask) { continue }
    if ($line -match '^\s*password:\s*$') { $inPassword = $true; continue }
    if ($inPassword -and $line -match '^\s*type:\s*["'']?(\w+)') { $type = $Matches[1]; continue }
    if ($inPassword -and $line -match '^\s*data:\s*(.*)$') { $set = ($Matches[1].Trim() -notmatch '^(|""|''''|null|~)$'); continue }
  }
  return [ordered]@{ passwordType = $type; passwordSet = [bool]$set }
}

function Get-PresealAwsAdminPasswords {
  $pd = $env:ProgramData
  if ([string]::IsNullOrEmpty($pd)) { throw 'the ProgramData folder is unknown' }
  $files = New-Object System.Collections.ArrayList
  $v2 = Join-PresealPath $pd 'Amazon\EC2Launch\config\agent-config.yml'
  if (Test-Path -LiteralPath $v2 -PathType Leaf) {
    $entry = [ordered]@{ path = $v2; agent = 'EC2Launch v2'; passwordType = $null; passwordSet = $false; error = $null }
    try {
      $r = Read-PresealEc2LaunchPassword ([IO.File]::ReadAllText($v2))
      $entry.passwordType = $r.passwordType; $entry.passwordSet = $r.passwordSet
    } catch { $entry.error = [string]$_.Exception.Message }
    [void]$files.Add($entry)
  }
  $v1 = Join-PresealPath $pd 'Amazon\EC2-Windows\Launch\Config\LaunchConfig.json'
  if (Test-Path -LiteralPath $v1 -PathType Leaf) {
    $entry = [ordered]@{ path = $v1; agent = 'EC2Launch v1'; passwordType = $null; passwordSet = $false; error = $null }
    try {
      $json = [IO.File]::ReadAllText($v1) | ConvertFrom-Json
      $entry.passwordType = ConvertTo-PresealString $json.adminPasswordType
      $entry.passwordSet = -not [string]::IsNullOrEmpty([string]$json.adminPassword)
    } catch { $entry.error = [string]$_.Exception.Message }
    [void]$files.Add($entry)
  }
  [ordered]@{ files = @($files) }
}

function Get-PresealGoogleGuestEnvironment {
  $pf = $env:ProgramFiles
  if ([string]::IsNullOrEmpty($pf)) { throw 'the Program Files folder is unknown' }
  [ordered]@{
    sysprepFolder = Read-PresealFilePresence (Join-PresealPath $pf 'Google\Compute Engine\sysprep')
    agent = Read-PresealService 'GCEAgent'
  }
}
