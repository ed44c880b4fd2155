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
  $json = ConvertTo-Json -InputObject $Value -Depth 32 -Compress
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

# ---- Raw registry reads: the groups whose meaning is written once, in TypeScript ----
# For the fact groups preseal derives in TypeScript (src/platforms/windows/live.ts lists them; the
# derivations are src/windows-offline/derive/*.ts, the same code that reads hive files offline),
# the probe does not interpret the registry: it reads what the read plan names ($PresealReadPlan,
# written into the probe when it is assembled) and returns each result as it found it: a value's
# registry type and exact bytes (base64), `absent`, or the error that kept it from being read.
# Keys are opened read-only; an access-denied read is an error, never `absent`.

$PresealMaxTreeEntries = 100000
$PresealMaxRawFileBytes = 1048576

# The seam the tests replace (test/hive/registry-from-hive.ps1, lib.Tests.ps1): a key below HKLM
# ('SYSTEM\Setup'), opened read-only in the 64-bit view as a RegistryKey, $null when it does not
# exist; throws (SecurityException) when it exists but cannot be opened.
function Open-PresealRegistryKey([string]$Path) {
  $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)
  try { return $base.OpenSubKey($Path, $false) } finally { $base.Close() }
}

# A value's registry type number and exact bytes (base64) from what .NET hands over: GetValueKind
# and GetValue with DoNotExpandEnvironmentNames. REG_SZ and REG_EXPAND_SZ become UTF-16LE with
# their terminating NUL (.NET drops it), REG_MULTI_SZ each string NUL-terminated and a final NUL,
# REG_DWORD and REG_QWORD little-endian, REG_BINARY and REG_NONE their bytes. A type .NET does not
# name (RegistryValueKind.Unknown: REG_LINK, REG_RESOURCE_LIST, ...) has no bytes to give: it throws.
function ConvertTo-PresealRawValue($Kind, $Data) {
  $type = $null
  switch ([string]$Kind) {
    'None' { $type = 0 }
    'String' { $type = 1 }
    'ExpandString' { $type = 2 }
    'Binary' { $type = 3 }
    'DWord' { $type = 4 }
    'MultiString' { $type = 7 }
    'QWord' { $type = 11 }
  }
  if ($null -eq $type) { throw "its registry type is one .NET does not read ($Kind)" }
  if ($null -eq $Data) { $bytes = New-Object byte[] 0 }
  elseif ($Data -is [byte[]]) { $bytes = $Data }
  elseif ($Data -is [string[]]) {
    $sb = New-Object System.Text.StringBuilder
    foreach ($s in $Data) { [void]$sb.Append($s).Append([char]0) }
    [void]$sb.Append([char]0)
    $bytes = [Text.Encoding]::Unicode.GetBytes($sb.ToString())
  }
  elseif ($Data -is [string]) { $bytes = [Text.Encoding]::Unicode.GetBytes($Data + [char]0) }
  elseif ($Data -is [int]) { $bytes = [BitConverter]::GetBytes([int]$Data) }
  elseif ($Data -is [long]) { $bytes = [BitConverter]::GetBytes([long]$Data) }
  else { throw "it came back as $($Data.GetType().FullName)" }
  return [ordered]@{ type = $type; data = [Convert]::ToBase64String($bytes) }
}

function Read-PresealRawValue($Key, [string]$Name) {
  $opts = [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames
  return ConvertTo-PresealRawValue $Key.GetValueKind($Name) $Key.GetValue($Name, $null, $opts)
}

# Whether a tree read's `match` (TreeRead.match, src/windows-offline/registry-source.ts) keeps a
# value: a REG_SZ or REG_EXPAND_SZ whose string (GetValue, unexpanded) the pattern matches,
# case-insensitively and culture-invariantly, as JavaScript's RegExp with the i flag reads the
# patterns portablePatternError allows. Any other type is never kept.
function Test-PresealValueMatch($Kind, $Data, [string]$Pattern) {
  if ([string]$Kind -ne 'String' -and [string]$Kind -ne 'ExpandString') { return $false }
  $opts = [System.Text.RegularExpressions.RegexOptions]::IgnoreCase -bor [System.Text.RegularExpressions.RegexOptions]::CultureInvariant
  return [System.Text.RegularExpressions.Regex]::IsMatch([string]$Data, $Pattern, $opts)
}

# A key with its values and its subkeys down to $Depth levels (below that, subkey names only), as
# RawKeyTree (src/windows-offline/raw-reads.ts); $Budget.left counts keys and kept values down. With
# $Only (the read's `values`), each key gives only the values of those names (matched
# case-insensitively, as the registry does), never the others: a tree whose keys also hold a
# secret (Source OS keys hold DigitalProductId) is read without it. With $Match (the read's
# `match`), only the string values it matches (Test-PresealValueMatch): the rest of a large store
# (every firewall rule) stays on the target. Every subkey name is given.
function Read-PresealRegistryTree($Key, [string]$Name, [int]$Depth, $Budget, [bool]$Filtered, [string[]]$Only, [string]$Match) {
  $values = New-Object System.Collections.ArrayList
  $subkeys = New-Object System.Collections.ArrayList
  $Budget.left -= 1
  if ($Depth -ge 0) {
    $names = @($Key.GetValueNames())
    if ($Filtered) { $names = @($names | Where-Object { $Only -contains [string]$_ }) }
    if ($Match -eq '') {
      $Budget.left -= $names.Count
      if ($Budget.left -lt 0) { throw "it has over $PresealMaxTreeEntries keys and values" }
    }
    $opts = [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames
    foreach ($n in $names) {
      $kind = $Key.GetValueKind([string]$n)
      $data = $Key.GetValue([string]$n, $null, $opts)
      if ($Match -ne '') {
        if (-not (Test-PresealValueMatch $kind $data $Match)) { continue }
        $Budget.left -= 1
        if ($Budget.left -lt 0) { throw "it has over $PresealMaxTreeEntries keys and values" }
      }
      $raw = ConvertTo-PresealRawValue $kind $data
      [void]$values.Add([ordered]@{ name = [string]$n; type = $raw.type; data = $raw.data })
    }
    foreach ($s in @($Key.GetSubKeyNames())) {
      $child = $Key.OpenSubKey([string]$s, $false)
      if ($null -eq $child) { continue }
      try { [void]$subkeys.Add((Read-PresealRegistryTree $child ([string]$s) ($Depth - 1) $Budget $Filtered $Only $Match)) } finally { $child.Close() }
    }
  }
  if ($Budget.left -lt 0) { throw "it has over $PresealMaxTreeEntries keys and values" }
  return [ordered]@{ name = $Name; values = @($values); subkeys = @($subkeys) }
}

# A file's bytes (base64), `absent`, or `directory`; larger files than the probe returns are errors.
# Only files without secrets are in the plan (answer files and Panther logs are interpreted on the target).
function Read-PresealRawFile([string]$Path, [bool]$Presence) {
  if ([IO.Directory]::Exists($Path)) { return [ordered]@{ directory = $true } }
  $info = New-Object System.IO.FileInfo($Path)
  if ($Presence) {
    if ($info.Exists) { return [ordered]@{ data = '' } }
    return [ordered]@{ absent = $true }
  }
  if ($info.Exists -and $info.Length -gt $PresealMaxRawFileBytes) { throw "it is larger than $PresealMaxRawFileBytes bytes" }
  # Read even when FileInfo says it does not exist (it says so of a file it may not read too):
  # only a file that is not there is absent; access denied throws.
  try {
    return [ordered]@{ data = [Convert]::ToBase64String([IO.File]::ReadAllBytes($Path)) }
  } catch [System.IO.FileNotFoundException] {
    return [ordered]@{ absent = $true }
  } catch [System.IO.DirectoryNotFoundException] {
    return [ordered]@{ absent = $true }
  }
}

# One read of the plan (hive, key, value | tree | windowsFile | volumeFile) answered as a RawRead.
function Read-PresealRawRead($Read) {
  $out = [ordered]@{}
  foreach ($p in $Read.PSObject.Properties) { if ($p.Name -ne 'presence') { $out[$p.Name] = $p.Value } }
  $what = $null
  try {
    if ($null -ne $Read.windowsFile -or $null -ne $Read.volumeFile) {
      if ($null -ne $Read.windowsFile) {
        $what = "%WINDIR%\$($Read.windowsFile)"
        if ([string]::IsNullOrEmpty($env:WINDIR)) { throw 'the Windows directory is unknown (no %WINDIR%)' }
        $path = Join-PresealPath $env:WINDIR ([string]$Read.windowsFile)
      } else {
        $what = "%SystemDrive%\$($Read.volumeFile)"
        if ([string]::IsNullOrEmpty($env:SystemDrive)) { throw 'the system drive is unknown (no %SystemDrive%)' }
        # 'C:' + '\' on Windows; the host's separator lets the tests lay a volume out on Linux.
        $path = Join-PresealPath ($env:SystemDrive.TrimEnd('\', '/') + [IO.Path]::DirectorySeparatorChar) ([string]$Read.volumeFile)
      }
      $got = Read-PresealRawFile $path ($Read.presence -eq $true)
      foreach ($k in $got.Keys) { $out[$k] = $got[$k] }
      return $out
    }
    $path = "$($Read.hive)\$($Read.key)"
    $what = "the registry key HKLM\$path"
    $key = Open-PresealRegistryKey $path
    if ($null -eq $key) { $out['absent'] = $true; return $out }
    try {
      if ($null -ne $Read.tree) {
        $leaf = ([string]$Read.key).Split('\')[-1]
        $filtered = $null -ne $Read.PSObject.Properties['values']
        $only = [string[]]@($(if ($filtered) { @($Read.values) } else { @() }))
        $match = $(if ($null -ne $Read.PSObject.Properties['match']) { [string]$Read.match } else { '' })
        $out['keyTree'] = Read-PresealRegistryTree $key $leaf ([int]$Read.tree) @{ left = $PresealMaxTreeEntries } $filtered $only $match
      } elseif ($null -eq $Read.value) {
        # The key exists: REG_NONE without data, as a hive file read says it.
        $out['type'] = 0; $out['data'] = ''
      } else {
        $name = [string]$Read.value
        $what = "the registry value HKLM\$path $(if ($name -eq '') { '(default)' } else { $name })"
        if (@($key.GetValueNames()) -notcontains $name) { $out['absent'] = $true }
        else {
          $raw = Read-PresealRawValue $key $name
          $out['type'] = $raw.type; $out['data'] = $raw.data
        }
      }
    } finally { $key.Close() }
  } catch {
    $why = Format-PresealError $_.Exception
    if (Test-PresealAccessDenied $_.Exception) { $out['error'] = "access denied: $what could not be read ($why); this group needs an elevated Administrator session" }
    else { $out['error'] = "$what could not be read: $why" }
  }
  return $out
}

# Every read of the plan, in its order.
function Read-PresealRawReads($Plan) {
  $list = New-Object System.Collections.ArrayList
  foreach ($r in @($Plan)) { [void]$list.Add((Read-PresealRawRead $r)) }
  return , $list.ToArray()
}
