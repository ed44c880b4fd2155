# preseal Windows probe: shared helpers. Windows PowerShell 5.1 syntax; nothing beyond Windows itself.
# Collector contract: a function Get-Preseal<Group> returns an ordered hashtable (the group's facts),
# or New-PresealNotApplicable 'why'; throwing makes an error for that group only.

# Every registry read goes through these helpers, so that Pester can mock them on any OS; none of
# them writes or starts anything. Missing and unreadable are never the same: a key or value that
# does not exist reads as $null / empty / $false, one that cannot be read (access denied) throws,
# so its group becomes an error and its rules unknown instead of passing on what was not seen.

# True for the errors the registry provider raises for a key or value that does not exist.
function Test-PresealNotFound($ErrorRecord) {
  $e = $ErrorRecord.Exception
  return ($e -is [Management.Automation.ItemNotFoundException]) -or ($e -is [Management.Automation.PSArgumentException]) -or
    ([string]$ErrorRecord.FullyQualifiedErrorId -like 'PathNotFound*')
}

function Get-RegValue([string]$Path, [string]$Name) {
  try {
    $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction Stop
  } catch {
    if (Test-PresealNotFound $_) { return $null }
    throw "the registry value $Path $Name could not be read: $($_.Exception.Message)"
  }
  if ($null -eq $item) { return $null }
  return $item.$Name
}

# A registry value as an integer, or $null when absent or not a number.
function Get-RegInt([string]$Path, [string]$Name) {
  return ConvertTo-PresealInt (Get-RegValue $Path $Name)
}

function Get-RegString([string]$Path, [string]$Name) {
  $v = Get-RegValue $Path $Name
  if ($null -eq $v) { return $null }
  return [string]$v
}

# REG_EXPAND_SZ as stored (%SystemRoot%\TEMP), not expanded; $SubKey is below HKLM. OpenSubKey
# returns null for a missing key and throws SecurityException for an unreadable one.
function Get-RegValueUnexpanded([string]$SubKey, [string]$Name) {
  $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($SubKey)
  if ($null -eq $key) { return $null }
  try { return $key.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames) } finally { $key.Close() }
}

# Whether a registry key exists; throws when it exists but cannot be read.
function Test-RegKey([string]$Path) {
  try {
    $null = Get-Item -LiteralPath $Path -ErrorAction Stop
    return $true
  } catch {
    if (Test-PresealNotFound $_) { return $false }
    throw "the registry key $Path could not be read: $($_.Exception.Message)"
  }
}

# Child key names (leaf names) of a registry key; empty when the key does not exist.
function Get-RegSubkeyName([string]$Path) {
  if (-not (Test-RegKey $Path)) { return @() }
  return @(Get-ChildItem -LiteralPath $Path -ErrorAction Stop | ForEach-Object { [string]$_.PSChildName })
}

# Value names of a registry key (not the default value); empty when the key does not exist.
function Get-RegValueName([string]$Path) {
  if (-not (Test-RegKey $Path)) { return @() }
  return @((Get-Item -LiteralPath $Path -ErrorAction Stop).GetValueNames() | Where-Object { $_ -ne '' })
}

# A service's Status and StartType, or $null when it does not exist (any other failure throws).
function Read-PresealService([string]$Name) {
  try {
    $s = Get-Service -Name $Name -ErrorAction Stop
  } catch {
    if ([string]$_.FullyQualifiedErrorId -like 'NoServiceFoundForGivenName*') { return $null }
    throw
  }
  if ($null -eq $s) { return $null }
  return [ordered]@{ status = [string]$s.Status; startType = [string]$s.StartType }
}

function New-PresealNotApplicable([string]$Why) {
  return @{ __notApplicable = $Why }
}

# A collector that was cut short (bounded scans) records why; main.ps1 puts it in probe.partial.
function Set-PresealPartial([string]$Group, [string]$Why) {
  if ($null -eq $script:PresealPartial) { $script:PresealPartial = [ordered]@{} }
  $script:PresealPartial[$Group] = $Why
}

# The one elevation test of the probe (identity, the EFS scan, Appx and main.ps1 use it): an
# Administrator token that is not filtered by UAC. Throws when the token cannot be read.
function Test-PresealElevated {
  $id = [Security.Principal.WindowsIdentity]::GetCurrent()
  return [bool]([Security.Principal.WindowsPrincipal]$id).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

# True when an exception (or one it wraps) is an access-denied: Win32 5, WBEM_E_ACCESS_DENIED, UnauthorizedAccess.
function Test-PresealAccessDenied($Exception) {
  $e = $Exception
  while ($null -ne $e) {
    if ($e -is [UnauthorizedAccessException] -or $e -is [Security.SecurityException]) { return $true }
    $hr = 0
    try { $hr = $e.HResult } catch { }
    if ($hr -eq -2147024891 -or $hr -eq -2147217405) { return $true }
    $native = $null
    try { $native = $e.NativeErrorCode } catch { }
    if ($null -ne $native -and [string]$native -eq 'AccessDenied') { return $true }
    $e = $e.InnerException
  }
  return $false
}

# True when a CIM/WMI exception (or one it wraps) says the namespace does not exist:
# WBEM_E_INVALID_NAMESPACE 0x8004100E (https://learn.microsoft.com/windows/win32/wmisdk/wmi-error-constants),
# which the CIM cmdlets report as NativeErrorCode InvalidNamespace.
function Test-PresealInvalidNamespace($Exception) {
  $e = $Exception
  while ($null -ne $e) {
    $hr = 0
    try { $hr = $e.HResult } catch { }
    if ($hr -eq -2147217394) { return $true }
    $native = $null
    try { $native = $e.NativeErrorCode } catch { }
    if ($null -ne $native -and [string]$native -eq 'InvalidNamespace') { return $true }
    $e = $e.InnerException
  }
  return $false
}

# An exception's message on one line, without PowerShell's 'Exception calling "X" with "0" argument(s)' wrapper.
function Format-PresealError($Exception) {
  $e = $Exception
  if ($e -is [Management.Automation.MethodInvocationException] -and $null -ne $e.InnerException) { $e = $e.InnerException }
  return ([string]$e.Message -replace '\s*[\r\n]+\s*', ' ').Trim()
}

# A COM object by ProgID (a seam: pwsh on Linux, where the tests run, has no New-Object -ComObject).
function New-PresealComObject([string]$ProgId) {
  return New-Object -ComObject $ProgId
}

# JSON with every non-ASCII character written as a \uXXXX escape (UTF-16 code units, so a surrogate
# pair becomes two escapes, as JSON allows): the envelope arrives intact whatever the console's
# encoding, also when setting [Console]::OutputEncoding fails (no console).
function ConvertTo-PresealAsciiJson($Value) {
  $json = ConvertTo-Json -InputObject $Value -Depth 12 -Compress
  return [regex]::Replace($json, '[^\u0000-\u007F]', [Text.RegularExpressions.MatchEvaluator]{ param($m) '\u{0:x4}' -f [int][char]$m.Value })
}

# Integer or $null from a CIM property value.
function ConvertTo-PresealInt($Value) {
  if ($null -eq $Value) { return $null }
  $n = 0L
  if ([long]::TryParse([string]$Value, [ref]$n)) { return $n }
  return $null
}

function ConvertTo-PresealString($Value) {
  if ($null -eq $Value) { return $null }
  return [string]$Value
}

# A REG_MULTI_SZ (or any list) as strings, without empty entries.
function ConvertTo-PresealStringArray($Value) {
  if ($null -eq $Value) { return @() }
  return @($Value | Where-Object { $null -ne $_ -and [string]$_ -ne '' } | ForEach-Object { [string]$_ })
}

# Throws unless a registry hive is readable, so that "no key found" is never reported where the
# registry could not be read at all (a non-Windows host, a broken hive).
function Assert-PresealRegistry([string]$Path = 'HKLM:\SYSTEM\CurrentControlSet\Control') {
  if (-not (Test-RegKey $Path)) { throw "the registry key $Path is not readable" }
}

# Joins a Windows-style relative path ('System32\Sysprep') to a base with the host's separator, so
# the result also works for .NET file APIs (tests run the collectors under pwsh on Linux).
function Join-PresealPath([string]$Base, [string]$Child) {
  $sep = [IO.Path]::DirectorySeparatorChar
  return [IO.Path]::Combine($Base, ($Child -replace '[\\/]', $sep))
}

function Read-PresealFileVersion([string]$Path) {
  $vi = [Diagnostics.FileVersionInfo]::GetVersionInfo($Path)
  return [ordered]@{ fileVersion = ConvertTo-PresealString $vi.FileVersion; fileBuild = [int]$vi.FileBuildPart }
}
