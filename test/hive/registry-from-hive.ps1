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
. (Join-Path $ProbeDir 'lib.ps1')
. (Join-Path $ProbeDir "collectors/$Collector.ps1")
$data = Get-Content -Raw -LiteralPath $DataPath | ConvertFrom-Json
$script:keys = @{}
foreach ($k in @($data.keys)) { $script:keys[([string]$k).ToUpperInvariant()] = $true }
$script:values = @{}
foreach ($v in @($data.values)) { $script:values[("$($v.path)|$($v.name)").ToUpperInvariant()] = $v }

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
function Test-RegKey([string]$Path) {
  return $script:keys.ContainsKey($Path.ToUpperInvariant())
}
function Get-RegValue([string]$Path, [string]$Name) {
  $v = $script:values[("$Path|$Name").ToUpperInvariant()]
  if ($null -eq $v) { return $null }
  $value = ConvertFrom-RawRegistryValue $v
  return $value
}

try {
  $facts = & $Function
  [ordered]@{ facts = $facts } | ConvertTo-Json -Compress -Depth 8
} catch {
  [ordered]@{ error = $_.Exception.Message } | ConvertTo-Json -Compress
}
