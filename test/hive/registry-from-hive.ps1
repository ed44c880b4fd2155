# Runs one live-probe collector of src/probes/windows with its registry reads served from values
# that preseal's hive reader read out of a hive file (raw type and bytes, as JSON). Only the
# Windows registry provider is emulated: each value is handed over as .NET hands it to
# PowerShell (REG_DWORD Int32, REG_QWORD Int64, REG_SZ/REG_EXPAND_SZ a string without its final
# NUL, REG_MULTI_SZ string[], anything else byte[]); the collector and lib.ps1 are the real ones.
# Files are real files below $WinDir, which becomes $env:WINDIR.
# Prints the collector's facts as JSON, or {"error": message} when it throws.
# With $PlanPath (a read plan as JSON, {"reads": [...]}) it runs lib.ps1's Read-PresealRawReads
# instead, with lib.ps1's .NET seam Open-PresealRegistryKey answered by RegistryKey stand-ins
# that hand each value over as .NET does, and prints {"reads": [...]}. Keys named in the data's
# `denied` list throw SecurityException as an unreadable key does.
param([string]$ProbeDir, [string]$Collector, [string]$Function, [string]$DataPath, [string]$WinDir, [string]$PlanPath)
$ErrorActionPreference = 'Stop'
$env:WINDIR = $WinDir
# The volume root is the folder above Windows: Program Files, ProgramData and Windows.old are below it.
$env:SystemDrive = Split-Path -Parent $WinDir
$env:ProgramFiles = Join-Path (Split-Path -Parent $WinDir) 'Program Files'
$env:ProgramData = Join-Path (Split-Path -Parent $WinDir) 'ProgramData'
. (Join-Path $ProbeDir 'lib.ps1')
if ($Collector) { . (Join-Path $ProbeDir "collectors/$Collector.ps1") }
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
  # .NET Framework rounds an odd string size up (the last UTF-16 unit gets a zero high byte).
  $units = $bytes
  if ($bytes.Length % 2 -eq 1) { $units = [byte[]]($bytes + [byte]0) }
  $even = $units.Length
  # As .NET Framework's RegistryKey.GetValue hands them over: a REG_DWORD of up to 4 bytes an Int32,
  # of up to 8 an Int64 (the rest zero), a REG_QWORD of up to 8 an Int64; larger ones a byte[].
  $padded = { param([int]$n) $p = New-Object byte[] $n; [Array]::Copy($bytes, $p, [Math]::Min($n, $bytes.Length)); , $p }
  switch ([long]$v.type) {
    4 {
      if ($bytes.Length -le 4) { return [BitConverter]::ToInt32((& $padded 4), 0) }
      if ($bytes.Length -le 8) { return [BitConverter]::ToInt64((& $padded 8), 0) }
    }
    11 { if ($bytes.Length -le 8) { return [BitConverter]::ToInt64((& $padded 8), 0) } }
    { $_ -eq 1 -or $_ -eq 2 } {
      $s = [Text.Encoding]::Unicode.GetString($units, 0, $even)
      # .NET drops one terminating NUL (an ordinal test: EndsWith would match '' too).
      if ($s.Length -gt 0 -and $s[$s.Length - 1] -eq [char]0) { $s = $s.Substring(0, $s.Length - 1) }
      return $s
    }
    7 {
      # Strings between NULs (a NUL added when the data lacks one); an empty string is kept
      # unless it is the final terminator.
      $text = [Text.Encoding]::Unicode.GetString($units, 0, $even)
      if ($text.Length -gt 0 -and $text[$text.Length - 1] -ne [char]0) { $text += [char]0 }
      $parts = New-Object 'System.Collections.Generic.List[string]'
      $cur = 0
      while ($cur -lt $text.Length) {
        $next = $text.IndexOf([char]0, $cur)
        if ($next -gt $cur) { $parts.Add($text.Substring($cur, $next - $cur)) }
        elseif ($next -ne $text.Length - 1) { $parts.Add('') }
        $cur = $next + 1
      }
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
# whose GetValueNames() lists its value names. lib.ps1's Get-RegSubkeyName runs
# unchanged on them.
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

# lib.ps1's .NET seam: a RegistryKey stand-in with the members the probe calls (GetValueNames,
# GetValueKind, GetValue, GetSubKeyNames, OpenSubKey, Close), answered from the hive's values.
$script:denied = @{}
foreach ($k in @($data.denied)) { if ($k) { $script:denied[([string]$k).ToUpperInvariant()] = $true } }
function Get-FakeValueKind($v) {
  switch ([long]$v.type) {
    0 { return [Microsoft.Win32.RegistryValueKind]::None }
    1 { return [Microsoft.Win32.RegistryValueKind]::String }
    2 { return [Microsoft.Win32.RegistryValueKind]::ExpandString }
    3 { return [Microsoft.Win32.RegistryValueKind]::Binary }
    4 { return [Microsoft.Win32.RegistryValueKind]::DWord }
    7 { return [Microsoft.Win32.RegistryValueKind]::MultiString }
    11 { return [Microsoft.Win32.RegistryValueKind]::QWord }
  }
  return [Microsoft.Win32.RegistryValueKind]::Unknown
}
function New-FakeRegistryKey([string]$Path) {
  $k = $Path.ToUpperInvariant()
  if ($script:denied.ContainsKey($k)) { throw [Security.SecurityException]::new('Requested registry access is not allowed.') }
  $known = $script:keys.ContainsKey($k) -or $script:children.ContainsKey($k)
  if (-not $known) { foreach ($vk in $script:values.Keys) { if ($vk.StartsWith("$k|")) { $known = $true; break } } }
  if (-not $known) { return $null }
  $key = [pscustomobject]@{ Path = $Path; Upper = $k }
  Add-Member -InputObject $key -MemberType ScriptMethod -Name GetValueNames -Value {
    if ($script:valueNames.ContainsKey($this.Upper)) { return , [string[]]$script:valueNames[$this.Upper] }
    return , [string[]]@($script:values.Values | Where-Object { ([string]$_.path).ToUpperInvariant() -eq $this.Upper } | ForEach-Object { [string]$_.name })
  }
  Add-Member -InputObject $key -MemberType ScriptMethod -Name GetValueKind -Value {
    param([string]$Name)
    $v = $script:values[("$($this.Path)|$Name").ToUpperInvariant()]
    if ($null -eq $v) { throw [IO.IOException]::new('The specified registry key does not exist.') }
    return Get-FakeValueKind $v
  }
  Add-Member -InputObject $key -MemberType ScriptMethod -Name GetValue -Value {
    param([string]$Name, $Default, $Options)
    if ($Options -ne [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames) { throw 'the probe must read values unexpanded' }
    $v = $script:values[("$($this.Path)|$Name").ToUpperInvariant()]
    if ($null -eq $v) { return $Default }
    $value = ConvertFrom-RawRegistryValue $v
    if ($value -is [array]) { return , $value }
    return $value
  }
  Add-Member -InputObject $key -MemberType ScriptMethod -Name GetSubKeyNames -Value {
    if (-not $script:children.ContainsKey($this.Upper)) { throw "the harness was not given the subkeys of $($this.Path)" }
    return , [string[]]$script:children[$this.Upper]
  }
  Add-Member -InputObject $key -MemberType ScriptMethod -Name OpenSubKey -Value {
    param([string]$Name, [bool]$Writable)
    if ($Writable) { throw 'the probe must open keys read-only' }
    return New-FakeRegistryKey "$($this.Path)\$Name"
  }
  Add-Member -InputObject $key -MemberType ScriptMethod -Name Close -Value { }
  return $key
}
function Open-PresealRegistryKey([string]$Path) { return New-FakeRegistryKey "HKLM:\$Path" }

if ($PlanPath) {
  $plan = (Get-Content -Raw -LiteralPath $PlanPath | ConvertFrom-Json).reads
  try {
    [ordered]@{ reads = (Read-PresealRawReads $plan) } | ConvertTo-Json -Compress -Depth 32
  } catch {
    [ordered]@{ error = $_.Exception.Message } | ConvertTo-Json -Compress
  }
  return
}

# The reader of a mounted volume sees every user's keys, as an elevated session does.
function Test-PresealElevated { return $true }

try {
  $facts = & $Function
  [ordered]@{ facts = $facts } | ConvertTo-Json -Compress -Depth 8
} catch {
  [ordered]@{ error = $_.Exception.Message } | ConvertTo-Json -Compress
}
