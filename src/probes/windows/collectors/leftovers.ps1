# Build leftovers: what Microsoft's and GitHub's image scripts delete before capture (temp folders,
# Windows Error Reporting archives, crash dumps). A count and a size per location, never contents;
# each location stops at 5000 files and says so.

function Measure-PresealFolder([string]$Path, [string]$Kind, [string]$Filter = '*') {
  $entry = [ordered]@{ path = $Path; kind = $Kind; files = 0; bytes = 0; truncated = $false; error = $null }
  try {
    $e = [IO.Directory]::EnumerateFiles($Path, $Filter, [IO.SearchOption]::AllDirectories).GetEnumerator()
    while ($e.MoveNext()) {
      if ($entry.files -ge 5000) { $entry.truncated = $true; break }
      $entry.files++
      try { $entry.bytes += (New-Object IO.FileInfo $e.Current).Length } catch { }
    }
  } catch {
    $entry.error = ([string]$_.Exception.Message) -replace '\s*[\r\n]+\s*', ' '
  }
  return $entry
}

function Get-PresealBuildLeftovers {
  $win = $env:SystemRoot; $pd = $env:ProgramData; $drive = $env:SystemDrive
  if ([string]::IsNullOrEmpty($win) -or [string]::IsNullOrEmpty($pd)) { throw 'the Windows or ProgramData folder is unknown' }
  if ([string]::IsNullOrEmpty($drive)) { $drive = 'C:' }
  $candidates = New-Object System.Collections.ArrayList
  [void]$candidates.Add(@((Join-PresealPath $win 'Temp'), 'temp', '*'))
  [void]$candidates.Add(@((Join-PresealPath $pd 'Microsoft\Windows\WER\ReportArchive'), 'wer', '*'))
  [void]$candidates.Add(@((Join-PresealPath $pd 'Microsoft\Windows\WER\ReportQueue'), 'wer', '*'))
  [void]$candidates.Add(@((Join-PresealPath $win 'Minidump'), 'dump', '*.dmp'))
  [void]$candidates.Add(@((Join-PresealPath "$drive\" 'CrashDumps'), 'dump', '*.dmp'))
  $profiles = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
  foreach ($sid in (Get-RegSubkeyName $profiles)) {
    if ($sid -notmatch '^S-1-5-21-') { continue }
    $profileHome = Get-RegString "$profiles\$sid" 'ProfileImagePath'
    if ([string]::IsNullOrEmpty($profileHome)) { continue }
    $profileHome = [Environment]::ExpandEnvironmentVariables($profileHome)
    [void]$candidates.Add(@((Join-PresealPath $profileHome 'AppData\Local\Temp'), 'temp', '*'))
    [void]$candidates.Add(@((Join-PresealPath $profileHome 'AppData\Local\CrashDumps'), 'dump', '*.dmp'))
  }
  $locations = New-Object System.Collections.ArrayList
  foreach ($c in $candidates) {
    if (-not (Test-Path -LiteralPath $c[0] -PathType Container)) { continue }
    $m = Measure-PresealFolder $c[0] $c[1] $c[2]
    if ($m.files -gt 0 -or $null -ne $m.error) { [void]$locations.Add($m) }
  }
  $memory = Join-PresealPath $win 'MEMORY.DMP'
  if (Test-Path -LiteralPath $memory -PathType Leaf) {
    [void]$locations.Add([ordered]@{ path = $memory; kind = 'dump'; files = 1; bytes = (New-Object IO.FileInfo $memory).Length; truncated = $false; error = $null })
  }
  [ordered]@{ locations = @($locations) }
}
