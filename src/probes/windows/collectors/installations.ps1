# "Windows replaces the computer SID only on the operating system volume where you ran Sysprep"
# (Sysprep generalize doc): look for other Windows directories on the fixed volumes.
function Get-PresealWindowsInstallations {
  $systemRoot = [Environment]::GetFolderPath('Windows')
  if ([string]::IsNullOrEmpty($systemRoot)) { $systemRoot = $env:WINDIR }
  if ([string]::IsNullOrEmpty($systemRoot)) { throw 'the Windows directory is unknown (no %WINDIR%)' }
  $vols = @(Get-CimInstance -ClassName Win32_Volume -Filter 'DriveType=3' -ErrorAction Stop)
  $list = New-Object System.Collections.ArrayList
  foreach ($v in ($vols | Sort-Object { [string]$_.Name })) {
    $root = [string]$v.Name
    if ([string]::IsNullOrEmpty($root)) { continue }
    $win = Join-PresealPath $root 'Windows'
    if (Test-Path -LiteralPath (Join-PresealPath $win 'System32\config\SYSTEM')) {
      $running = [string]::Equals($win.TrimEnd('\'), $systemRoot.TrimEnd('\'), [StringComparison]::OrdinalIgnoreCase)
      [void]$list.Add([ordered]@{ volume = $root; windowsDirectory = $win; running = [bool]$running })
    }
  }
  [ordered]@{ systemRoot = $systemRoot; installations = @($list) }
}
