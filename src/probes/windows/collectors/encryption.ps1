# EFS: "If you run Sysprep on an NTFS file system partition that contains encrypted files or folders,
# the data in those folders becomes completely unreadable and unrecoverable" (Sysprep overview).
# A manual .NET walk: one unreadable folder must not end the walk (no IgnoreInaccessible in .NET
# Framework), reparse points are skipped (junction loops), and time and entry budgets bound it.
if ($null -eq $PresealEfsMaxSeconds) { $PresealEfsMaxSeconds = 90 }
if ($null -eq $PresealEfsMaxEntries) { $PresealEfsMaxEntries = 2000000 }
if ($null -eq $PresealEfsListLimit) { $PresealEfsListLimit = 100 }
# FILE_ATTRIBUTE_ENCRYPTED; a variable so tests on other file systems can look for another bit.
if ($null -eq $PresealEfsAttribute) { $PresealEfsAttribute = [IO.FileAttributes]::Encrypted }

# Win32_EncryptableVolume needs an elevated session; GetConversionStatus is a method, so it goes
# through Invoke-CimMethod (https://learn.microsoft.com/windows/win32/secprov/getconversionstatus-win32-encryptablevolume:
# "Type: uint32 ... returns one of the following codes or another error code if it fails", S_OK = 0;
# its out parameters mean nothing when it fails). The namespace exists only where the BitLocker
# feature is installed: its absence (WBEM_E_INVALID_NAMESPACE) means no BitLocker, not an error.
function Get-PresealBitlocker {
  $ns = 'root\cimv2\Security\MicrosoftVolumeEncryption'
  try {
    $vols = @(Get-CimInstance -Namespace $ns -ClassName Win32_EncryptableVolume -ErrorAction Stop)
  } catch {
    if (Test-PresealInvalidNamespace $_.Exception) { return New-PresealNotApplicable "BitLocker is not installed (no WMI namespace $ns)" }
    throw
  }
  $list = New-Object System.Collections.ArrayList
  foreach ($v in $vols) {
    $conv = Invoke-CimMethod -InputObject $v -MethodName GetConversionStatus -ErrorAction Stop
    $rv = ConvertTo-PresealInt $conv.ReturnValue
    $status = $null; $pct = $null; $why = $null
    if ($rv -eq 0) {
      $status = ConvertTo-PresealInt $conv.ConversionStatus
      if ($null -ne $conv.EncryptionPercentage) { $pct = [double]$conv.EncryptionPercentage }
    } elseif ($null -eq $rv) {
      $why = 'GetConversionStatus returned no ReturnValue'
    } else {
      if ($rv -lt 0) { $rv += 4294967296 }
      $why = 'GetConversionStatus returned 0x{0:X8}' -f $rv
    }
    [void]$list.Add([ordered]@{
      driveLetter = ConvertTo-PresealString $v.DriveLetter
      deviceId = [string]$v.DeviceID
      protectionStatus = [int]$v.ProtectionStatus
      conversionStatus = $status
      encryptionPercentage = $pct
      conversionError = $why
    })
  }
  [ordered]@{ volumes = @($list) }
}

# The entries of one folder, not enumerated yet (a seam for tests: an enumeration can fail part-way).
function Read-PresealDirectoryEntries([IO.DirectoryInfo]$Directory) {
  return , $Directory.EnumerateFileSystemInfos()
}

function Find-PresealEncrypted([string]$Root, [Diagnostics.Stopwatch]$Clock, [double]$MaxSeconds, [long]$EntryBudget) {
  $result = [ordered]@{ scanned = 0L; inaccessible = 0; unread = New-Object System.Collections.ArrayList; encrypted = New-Object System.Collections.ArrayList; total = 0; truncated = $null }
  $mask = [int]$PresealEfsAttribute
  $skip = [int][IO.FileAttributes]::ReparsePoint
  $stack = New-Object System.Collections.Stack
  try {
    $rootInfo = New-Object IO.DirectoryInfo($Root)
    if (([int]$rootInfo.Attributes -band $mask) -ne 0) { $result.total++; [void]$result.encrypted.Add([ordered]@{ path = $rootInfo.FullName; directory = $true }) }
    $first = (Read-PresealDirectoryEntries $rootInfo).GetEnumerator()
    [void]$first.MoveNext()
  } catch {
    $result.truncated = "the volume root could not be read: $(Format-PresealError $_.Exception)"
    return $result
  }
  $stack.Push($rootInfo)
  while ($stack.Count -gt 0) {
    if ($Clock.Elapsed.TotalSeconds -ge $MaxSeconds) { $result.truncated = "stopped after $MaxSeconds s ($($result.scanned) entries read)"; break }
    if ($result.scanned -ge $EntryBudget) { $result.truncated = "stopped after $($result.scanned) entries (entry budget)"; break }
    $dir = $stack.Pop()
    $read = 0
    try {
      # An explicit enumerator: an error part-way through a folder (a path over 260 characters in
      # Windows PowerShell, an entry removed meanwhile) ends that folder, and the entries before it count.
      $en = (Read-PresealDirectoryEntries $dir).GetEnumerator()
      while ($en.MoveNext()) {
        $e = $en.Current
        $read++
        $result.scanned++
        $a = [int]$e.Attributes
        $isDir = $e -is [IO.DirectoryInfo]
        if (($a -band $mask) -ne 0) {
          $result.total++
          if ($result.encrypted.Count -lt $PresealEfsListLimit) { [void]$result.encrypted.Add([ordered]@{ path = $e.FullName; directory = $isDir }) }
        }
        if ($isDir -and ($a -band $skip) -eq 0) { $stack.Push($e) }
      }
    } catch {
      # Any folder not read, elevated or not, leaves the volume unproven (W006 is then unknown, naming it).
      $result.inaccessible++
      $why = Format-PresealError $_.Exception
      if ($read -gt 0) { $why = "stopped after $read entries: $why" }
      if ($result.unread.Count -lt $PresealEfsListLimit) { [void]$result.unread.Add([ordered]@{ path = $dir.FullName; error = $why }) }
    }
  }
  return $result
}

function Get-PresealEfsScan {
  $vols = @(Get-CimInstance -ClassName Win32_Volume -Filter "DriveType=3 AND FileSystem='NTFS'" -ErrorAction Stop)
  $clock = [Diagnostics.Stopwatch]::StartNew()
  $list = New-Object System.Collections.ArrayList
  $total = 0
  $cut = New-Object System.Collections.ArrayList
  foreach ($v in ($vols | Sort-Object { [string]$_.Name })) {
    $root = [string]$v.Name
    $label = ConvertTo-PresealString $v.Label
    $budget = [long]$PresealEfsMaxEntries
    foreach ($done in $list) { $budget -= $done.scannedEntries }
    if ($budget -le 0 -or $clock.Elapsed.TotalSeconds -ge $PresealEfsMaxSeconds) {
      [void]$list.Add([ordered]@{ root = $root; label = $label; scannedEntries = 0; inaccessibleFolders = 0; unreadFolders = @(); encrypted = @(); truncated = 'not scanned: the time or entry budget was used up' })
      [void]$cut.Add($root)
      continue
    }
    $r = Find-PresealEncrypted -Root $root -Clock $clock -MaxSeconds $PresealEfsMaxSeconds -EntryBudget $budget
    $total += $r.total
    if ($null -ne $r.truncated) { [void]$cut.Add($root) }
    [void]$list.Add([ordered]@{
      root = $root; label = $label; scannedEntries = [long]$r.scanned; inaccessibleFolders = [int]$r.inaccessible
      unreadFolders = @($r.unread); encrypted = @($r.encrypted); truncated = $r.truncated
    })
  }
  if ($cut.Count -gt 0) { Set-PresealPartial 'efsScan' ("EFS scan cut short on " + ($cut -join ', ')) }
  [ordered]@{
    elevated = [bool](Test-PresealElevated)
    volumes = @($list)
    maxEntries = [long]$PresealEfsMaxEntries
    maxSeconds = [double]$PresealEfsMaxSeconds
    encryptedListLimit = [int]$PresealEfsListLimit
    encryptedTotal = [int]$total
  }
}
