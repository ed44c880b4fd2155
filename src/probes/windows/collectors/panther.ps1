function Get-PresealPanther {
  $windir = [string]$env:WINDIR
  if (-not $windir) { throw 'the Windows directory is unknown (no %WINDIR%)' }
  $candidates = @(
    "$windir\System32\Sysprep\Panther\setupact.log", "$windir\System32\Sysprep\Panther\setuperr.log",
    "$windir\Panther\setupact.log", "$windir\Panther\setuperr.log",
    "$windir\Panther\UnattendGC\setupact.log", "$windir\Panther\UnattendGC\setuperr.log"
  )
  # The newest entries count: Sysprep appends, and the last run's failure is at the end.
  $perFile = 100
  $truncated = $false
  $logs = New-Object System.Collections.ArrayList
  foreach ($path in $candidates) {
    if (-not [IO.File]::Exists($path)) { continue }
    # Only error and warning entries go back (with the line that continues one), bounded in count and length.
    $lines = [IO.File]::ReadAllLines($path)
    $errorsOnly = $path -like '*setuperr.log'
    $out = New-Object System.Collections.Generic.Queue[object]
    $previousKept = $false
    for ($i = 0; $i -lt $lines.Length; $i++) {
      $text = [string]$lines[$i]
      $isEntry = $text -match '^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}'
      $keep = $false
      if ($isEntry) { $keep = $errorsOnly -or ($text -match '^\S+ \S+,?\s+(Error|Warning|Fatal)') }
      elseif ($previousKept -and $text.Trim() -ne '') { $keep = $true }
      $previousKept = $keep -and $isEntry
      if (-not $keep) { continue }
      if ($text.Length -gt 1000) { $text = $text.Substring(0, 1000) }
      if ($out.Count -ge $perFile) { [void]$out.Dequeue(); $truncated = $true }
      $out.Enqueue([ordered]@{ line = $i + 1; text = $text; entry = $isEntry })
    }
    # A continuation line whose entry was dropped goes too.
    while ($out.Count -gt 0 -and -not $out.Peek().entry) { [void]$out.Dequeue() }
    $kept = @($out.ToArray() | ForEach-Object { [ordered]@{ line = $_.line; text = $_.text } })
    [void]$logs.Add([ordered]@{ path = $path; lines = $kept })
  }
  $tag = "$windir\System32\Sysprep\Sysprep_succeeded.tag"
  $panther = "$windir\Panther"
  [ordered]@{
    pantherFolder = $(if ([IO.Directory]::Exists($panther)) { $panther } else { $null })
    succeededTag = $(if ([IO.File]::Exists($tag)) { $tag } else { $null })
    logs = @($logs)
    truncated = $truncated
  }
}
