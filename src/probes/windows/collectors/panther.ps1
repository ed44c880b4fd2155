function Get-PresealPanther {
  $windir = [string]$env:WINDIR
  if (-not $windir) { throw 'the Windows directory is unknown (no %WINDIR%)' }
  $candidates = @(
    "$windir\System32\Sysprep\Panther\setupact.log", "$windir\System32\Sysprep\Panther\setuperr.log",
    "$windir\Panther\setupact.log", "$windir\Panther\setuperr.log",
    "$windir\Panther\UnattendGC\setupact.log", "$windir\Panther\UnattendGC\setuperr.log"
  )
  $perFile = 200; $total = 600
  $kept = 0; $truncated = $false
  $logs = New-Object System.Collections.ArrayList
  foreach ($path in $candidates) {
    if (-not [IO.File]::Exists($path)) { continue }
    # Only error and warning entries go back (with the line that continues one), bounded in count and length.
    $lines = [IO.File]::ReadAllLines($path)
    $errorsOnly = $path -like '*setuperr.log'
    $out = New-Object System.Collections.ArrayList
    $previousKept = $false
    for ($i = 0; $i -lt $lines.Length; $i++) {
      $text = [string]$lines[$i]
      $isEntry = $text -match '^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}'
      $keep = $false
      if ($isEntry) { $keep = $errorsOnly -or ($text -match '^\S+ \S+,?\s+(Error|Warning|Fatal)') }
      elseif ($previousKept -and $text.Trim() -ne '') { $keep = $true }
      $previousKept = $keep -and $isEntry
      if (-not $keep) { continue }
      if ($out.Count -ge $perFile -or $kept -ge $total) { $truncated = $true; break }
      if ($text.Length -gt 1000) { $text = $text.Substring(0, 1000) }
      [void]$out.Add([ordered]@{ line = $i + 1; text = $text })
      $kept++
    }
    [void]$logs.Add([ordered]@{ path = $path; lines = @($out) })
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
