# Runs one live-probe collector of src/probes/windows with its registry reads served from values
# that preseal's hive reader read out of a hive file (raw type and bytes, as JSON). Only the
# Windows registry provider is emulated: each value is handed over as .NET hands it to
# PowerShell (REG_DWORD Int32, REG_QWORD Int64, REG_SZ/REG_EXPAND_SZ a string without its final
# NUL, REG_MULTI_SZ string[], anything else byte[]); the collector and lib.ps1 are the real ones.
# Files are real files below $WinDir, which becomes $env:WINDIR.
# Prints the collector's facts as JSON, or {"error": message} when it throws.
param([string]$ProbeDir, [string]$Collector, [string]$Function, [string]$DataPath, [string]$WinDir)
$ErrorActionPreference = 'Stop'
$env:WINDIR = $WinDir
# The volume root is the folder above Windows: Program Files and ProgramData are below it.
$env:ProgramFiles = Join-Path (Split-Path -Parent $WinDir) 'Program Files'
$env:ProgramData = Join-Path (Split-Path -Parent $WinDir) 'ProgramData'
. (Join-Path $ProbeDir 'lib.ps1')
. (Join-Path $ProbeDir "collectors/$Collector.ps1")
$data = Get-Content -Raw -LiteralPath $DataPath | ConvertFrom-Json
$script:keys = @{}
foreach ($k in @($data.keys)) { $script:keys[([string]$k).ToUpperInvariant()] = $true }
$script:values = @{}
foreach ($v in @($data.values)) { $script:values[("$($v.path)|$($v.name)").ToUpperInvariant()] = $v }
# Enumerated keys: subkey names and value names (default value included, as the registry lists it),
# in the order the hive lists them.
$script:children = @{}
foreach ($p in @($data.children.PSObject.Properties)) { $script:children[$p.Name.ToUpperInvariant()] = [string[]]@($p.Value) }
$script:valueNames = @{}
foreach ($p in @($data.valueNames.PSObject.Properties)) { $script:valueNames[$p.Name.ToUpperInvariant()] = [string[]]@($p.Value) }

function ConvertFrom-RawRegistryValue($v) {
  $bytes = [Convert]::FromBase64String($v.data)
  $even = $bytes.Length - ($bytes.Length % 2)
  switch ([long]$v.type) {
    4 { if ($bytes.Length -eq 4) { return [BitConverter]::ToInt32($bytes, 0) } }
    11 { if ($bytes.Length -eq 8) { return [BitConverter]::ToInt64($bytes, 0) } }
    { $_ -eq 1 -or $_ -eq 2 } {
      $s = [Text.Encoding]::Unicode.GetString($bytes, 0, $even)
      if ($s.EndsWith([string][char]0)) { $s = $s.Substring(0, $s.Length - 1) }
      return $s
    }
    7 {
      $parts = [Collections.Generic.List[string]]([Text.Encoding]::Unicode.GetString($bytes, 0, $even).Split([char]0))
      while ($parts.Count -gt 0 -and $parts[$parts.Count - 1] -eq '') { $parts.RemoveAt($parts.Count - 1) }
      return , [string[]]$parts.ToArray()
    }
  }
  return , [byte[]]$bytes
}

# The registry helpers of lib.ps1 and Test-Path on HKLM:, answered from the hive's values.
function Test-Path([string]$LiteralPath) {
  if ($LiteralPath -like 'HKLM:*') { return $script:keys.ContainsKey($LiteralPath.ToUpperInvariant()) }
  return Microsoft.PowerShell.Management\Test-Path -LiteralPath $LiteralPath
}
# Get-ChildItem on a key gives one item per subkey (PSChildName its name); Get-Item gives the key,
# whose GetValueNames() lists its value names. lib.ps1's Get-RegSubkeyName and Get-RegValueName
# run unchanged on them.
function Get-ChildItem([string]$LiteralPath, $ErrorAction = 'Continue') {
  if ($LiteralPath -notlike 'HKLM:*') { return Microsoft.PowerShell.Management\Get-ChildItem -LiteralPath $LiteralPath -ErrorAction $ErrorAction }
  $k = $LiteralPath.ToUpperInvariant()
  if (-not $script:keys.ContainsKey($k)) { throw [Management.Automation.ItemNotFoundException]::new("Cannot find path '$LiteralPath' because it does not exist.") }
  if (-not $script:children.ContainsKey($k)) { throw "the harness was not given the subkeys of $LiteralPath" }
  foreach ($n in $script:children[$k]) { [pscustomobject]@{ PSChildName = $n } }
}
function Get-Item([string]$LiteralPath, $ErrorAction = 'Continue') {
  if ($LiteralPath -notlike 'HKLM:*') { return Microsoft.PowerShell.Management\Get-Item -LiteralPath $LiteralPath -ErrorAction $ErrorAction }
  $k = $LiteralPath.ToUpperInvariant()
  if (-not $script:keys.ContainsKey($k)) { throw [Management.Automation.ItemNotFoundException]::new("Cannot find path '$LiteralPath' because it does not exist.") }
  $item = [pscustomobject]@{ Path = $LiteralPath; Names = $(if ($script:valueNames.ContainsKey($k)) { $script:valueNames[$k] } else { $null }) }
  Add-Member -InputObject $item -MemberType ScriptMethod -Name GetValueNames -Value {
    if ($null -eq $this.Names) { throw "the harness was not given the value names of $($this.Path)" }
    return , [string[]]$this.Names
  }
  return $item
}
function Get-RegValue([string]$Path, [string]$Name) {
  $v = $script:values[("$Path|$Name").ToUpperInvariant()]
  if ($null -eq $v) { return $null }
  $value = ConvertFrom-RawRegistryValue $v
  return $value
}

# The reader of a mounted volume sees every user's keys, as an elevated session does.
function Test-PresealElevated { return $true }

try {
  $facts = & $Function
  [ordered]@{ facts = $facts } | ConvertTo-Json -Compress -Depth 8
} catch {
  [ordered]@{ error = $_.Exception.Message } | ConvertTo-Json -Compress
}
