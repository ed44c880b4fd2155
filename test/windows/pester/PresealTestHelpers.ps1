# Shared by the Pester tests of the Windows collectors (test/**/pester/*.Tests.ps1).
# Loads the probe helpers and every collector, defines stand-ins for Windows-only cmdlets so
# that Pester can mock them under pwsh on Linux, and offers a fake HKLM for Get-ItemProperty,
# Test-Path and Get-ChildItem.
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path
$probeDir = Join-Path $repo 'src/probes/windows'

# Stand-ins with the parameters of the real cmdlets (Pester's parameter filters bind to them).
$stubs = @{
  'Get-CimInstance' = 'param([string]$ClassName, [string]$Namespace, [string]$Filter, [string]$Query, [string]$ComputerName, [string[]]$Property)'
  'Invoke-CimMethod' = 'param([Parameter(ValueFromPipeline = $true)]$InputObject, [string]$MethodName, [string]$ClassName, [string]$Namespace, [System.Collections.IDictionary]$Arguments)'
  'Get-WindowsFeature' = 'param([string[]]$Name)'
  'Get-AppxPackage' = 'param([string]$Name, [switch]$AllUsers, [string]$User, [string]$PackageTypeFilter)'
  'Get-AppxProvisionedPackage' = 'param([switch]$Online, [string]$Path)'
  'Get-MpComputerStatus' = 'param()'
  'Get-ScheduledTask' = 'param([string]$TaskName, [string]$TaskPath)'
  'Get-NetRoute' = 'param([string]$PolicyStore, [string]$AddressFamily)'
  'Get-NetFirewallProfile' = 'param([string[]]$Name, [string]$PolicyStore)'
  'Get-NetFirewallRule' = 'param([string[]]$Name, [string[]]$Group, [string[]]$DisplayGroup)'
  'Get-NetConnectionProfile' = 'param()'
  'Get-Partition' = 'param([char]$DriveLetter, [uint32]$DiskNumber)'
  'Get-DscLocalConfigurationManager' = 'param()'
  'Get-WindowsReservedStorageState' = 'param()'
  'Get-VMSwitch' = 'param([string]$Name)'
  'Get-Service' = 'param([string[]]$Name)'
  'Get-NetTCPConnection' = 'param([uint16[]]$LocalPort, [string[]]$State)'
}
foreach ($cmd in $stubs.Keys) {
  if (-not (Get-Command $cmd -ErrorAction SilentlyContinue)) {
    $body = "[CmdletBinding()] $($stubs[$cmd]) throw '$cmd is not mocked in this test'"
    Set-Item -Path "function:global:$cmd" -Value ([scriptblock]::Create($body))
  }
}

. (Join-Path $probeDir 'lib.ps1')
foreach ($f in (Get-ChildItem (Join-Path $probeDir 'collectors') -Filter '*.ps1' | Sort-Object Name)) { . $f.FullName }

function ConvertTo-FakeRegKey([string]$Path) {
  return ($Path -replace '^HKLM:\\', 'HKLM\' -replace '^HKEY_LOCAL_MACHINE\\', 'HKLM\').TrimEnd('\').ToLowerInvariant()
}

# $Keys: @{ 'HKLM:\SYSTEM\Setup' = @{ SystemSetupInProgress = 0 }; ... }. Every parent of a given key exists.
# $Denied: keys that exist but cannot be read. The mocks fail as the registry provider does: a missing
# key with ItemNotFoundException, a missing value with PSArgumentException ("Property ... does not
# exist"), an unreadable key with SecurityException ("Requested registry access is not allowed.").
function Set-FakeRegistry([hashtable]$Keys, [string[]]$Denied = @()) {
  $global:PresealFakeReg = @{}
  $global:PresealFakeRegNames = @{}
  $global:PresealFakeRegDenied = @($Denied | ForEach-Object { ConvertTo-FakeRegKey $_ })
  foreach ($k in $Keys.Keys) {
    $norm = ConvertTo-FakeRegKey $k
    $global:PresealFakeReg[$norm] = $Keys[$k]
    $global:PresealFakeRegNames[$norm] = ($k -replace '^HKLM:\\', '').TrimEnd('\')
  }
  foreach ($k in $Denied) { if (-not $Keys.ContainsKey($k)) { $global:PresealFakeReg[(ConvertTo-FakeRegKey $k)] = @{ } } }
  function global:Test-FakeRegKey([string]$Path) {
    $want = ConvertTo-FakeRegKey $Path
    foreach ($k in $global:PresealFakeReg.Keys) { if ($k -eq $want -or $k.StartsWith("$want\")) { return $true } }
    return $false
  }
  function global:Assert-FakeRegReadable([string]$Path) {
    $want = ConvertTo-FakeRegKey $Path
    if ($global:PresealFakeRegDenied -contains $want) { throw [Security.SecurityException]::new('Requested registry access is not allowed.') }
    if (-not (Test-FakeRegKey $Path)) { throw [Management.Automation.ItemNotFoundException]::new("Cannot find path '$Path' because it does not exist.") }
  }
  Mock Get-ItemProperty -ParameterFilter { $LiteralPath -like 'HKLM:*' } -MockWith {
    Assert-FakeRegReadable $LiteralPath
    $values = $global:PresealFakeReg[(ConvertTo-FakeRegKey $LiteralPath)]
    $n = @($Name)[0]
    if ($null -eq $values -or -not $values.ContainsKey($n)) { throw [Management.Automation.PSArgumentException]::new("Property $n does not exist at path $LiteralPath.") }
    $o = [pscustomobject]@{}
    $o | Add-Member -NotePropertyName $n -NotePropertyValue $values[$n]
    return $o
  }
  Mock Get-Item -ParameterFilter { $LiteralPath -like 'HKLM:*' } -MockWith {
    Assert-FakeRegReadable $LiteralPath
    $values = $global:PresealFakeReg[(ConvertTo-FakeRegKey $LiteralPath)]
    $names = @(); if ($null -ne $values) { $names = @($values.Keys) }
    $o = [pscustomobject]@{ PSChildName = (Split-Path -Leaf $LiteralPath) }
    $o | Add-Member -MemberType ScriptMethod -Name GetValueNames -Value ([scriptblock]::Create("@('" + (($names | ForEach-Object { $_ -replace "'", "''" }) -join "','") + "') | Where-Object { `$_ -ne '' }"))
    return $o
  }
  Mock Test-Path -ParameterFilter { $LiteralPath -like 'HKLM:*' } -MockWith { Test-FakeRegKey $LiteralPath }
  Mock Get-ChildItem -ParameterFilter { $LiteralPath -like 'HKLM:*' } -MockWith {
    Assert-FakeRegReadable $LiteralPath
    $want = ConvertTo-FakeRegKey $LiteralPath
    $names = @{}
    foreach ($k in $global:PresealFakeReg.Keys) {
      if ($k.StartsWith("$want\")) {
        $rest = $k.Substring($want.Length + 1)
        $first = $rest.Split('\')[0]
        $orig = $global:PresealFakeRegNames[$k]
        if ($null -eq $orig) { $orig = $k }
        $orig = $orig.Split('\')
        $depth = $want.Split('\').Count
        $names[$first] = $orig[$depth - 1]
      }
    }
    foreach ($n in ($names.Values | Sort-Object)) { [pscustomobject]@{ PSChildName = $n } }
  }
}

# A fake %WINDIR% / %SystemDrive% in a real temporary folder, for collectors that read files.
function New-FakeWindowsTree([string]$Root) {
  $drive = Join-Path $Root 'C'
  $win = Join-Path $drive 'Windows'
  New-Item -ItemType Directory -Force -Path (Join-Path $win 'System32/Sysprep'), (Join-Path $win 'Panther'), (Join-Path $win 'Setup/State') | Out-Null
  $env:WINDIR = $win
  $env:SystemDrive = $drive
  return [pscustomobject]@{ Drive = $drive; Windows = $win }
}

# Runs one collector the way main.ps1 does and returns the JSON the probe would print for it.
function ConvertTo-ProbeJson($Value) {
  return ($Value | ConvertTo-Json -Depth 12 -Compress)
}

# An exception shaped like Microsoft.Management.Infrastructure.CimException (which pwsh on Linux
# cannot create): a message and a NativeErrorCode such as InvalidNamespace or AccessDenied.
function New-FakeCimException([string]$Message, [string]$NativeErrorCode) {
  if (-not ('PresealFakeCimException' -as [type])) {
    Add-Type -TypeDefinition 'public class PresealFakeCimException : System.Exception { public PresealFakeCimException(string m, string code) : base(m) { NativeErrorCode = code; } public string NativeErrorCode { get; private set; } }'
  }
  return New-Object PresealFakeCimException -ArgumentList $Message, $NativeErrorCode
}

# The entries of a folder that fail part-way, as .NET's lazy enumeration does on a path over 260
# characters in Windows PowerShell: yields the first $Count real entries, then throws PathTooLongException.
function New-FailingDirectoryEntries([IO.DirectoryInfo]$Directory, [int]$Count) {
  if (-not ('PresealFailingEntries' -as [type])) {
    Add-Type -TypeDefinition @'
using System.Collections;
using System.Collections.Generic;
using System.IO;
public class PresealFailingEntries : IEnumerable<FileSystemInfo> {
  private readonly DirectoryInfo dir; private readonly int count;
  public PresealFailingEntries(DirectoryInfo dir, int count) { this.dir = dir; this.count = count; }
  public IEnumerator<FileSystemInfo> GetEnumerator() {
    int i = 0;
    foreach (FileSystemInfo e in dir.EnumerateFileSystemInfos()) {
      if (i++ == count) break;
      yield return e;
    }
    throw new PathTooLongException("The specified path, file name, or both are too long. The fully qualified file name must be less than 260 characters, and the directory name must be less than 248 characters.");
  }
  IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
}
'@
  }
  return , (New-Object PresealFailingEntries -ArgumentList $Directory, $Count)
}
