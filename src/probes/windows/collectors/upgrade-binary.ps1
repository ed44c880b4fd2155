# Upgrade traces: feature updates leave HKLM\SYSTEM\Setup\Source OS (Updated on <date>) subkeys.
function Get-PresealUpgradeHistory {
  $cv = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $build = Get-RegInt $cv 'CurrentBuild'
  if ($null -eq $build) { $build = Get-RegInt $cv 'CurrentBuildNumber' }
  if ($null -eq $build) { throw "$cv CurrentBuild is not readable" }
  $list = New-Object System.Collections.ArrayList
  foreach ($k in (Get-RegSubkeyName 'HKLM:\SYSTEM\Setup')) {
    if ($k -notlike 'Source OS*') { continue }
    $p = "HKLM:\SYSTEM\Setup\$k"
    [void]$list.Add([ordered]@{ key = "HKLM\SYSTEM\Setup\$k"; productName = Get-RegString $p 'ProductName'; currentBuild = Get-RegInt $p 'CurrentBuild' })
  }
  $drive = $env:SystemDrive
  if ([string]::IsNullOrEmpty($drive)) { $drive = 'C:' }
  [ordered]@{
    currentBuild = [int]$build
    sourceOs = @($list)
    upgradeValue = Get-RegInt 'HKLM:\SYSTEM\Setup' 'Upgrade'
    windowsOld = [bool](Test-Path -LiteralPath (Join-PresealPath "$drive\" 'Windows.old'))
  }
}

# "You must use only the version of the Sysprep tool that is installed with the Windows image ...
# You must always run Sysprep from the %WINDIR%\system32\sysprep directory."
function Get-PresealSysprepBinary {
  $cv = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $osBuild = Get-RegInt $cv 'CurrentBuildNumber'
  if ($null -eq $osBuild) { throw "$cv CurrentBuildNumber is not readable" }
  $win = $env:WINDIR
  if ([string]::IsNullOrEmpty($win)) { throw 'the Windows directory is unknown (no %WINDIR%)' }
  $is64Process = [Environment]::Is64BitProcess
  $is64Os = [Environment]::Is64BitOperatingSystem
  # A 32-bit process on 64-bit Windows sees SysWOW64 through System32; Sysnative is the real one.
  $dir = 'System32'
  if ($is64Os -and -not $is64Process) { $dir = 'Sysnative' }
  $path = Join-PresealPath $win "$dir\Sysprep\sysprep.exe"
  $shown = Join-PresealPath $win 'System32\Sysprep\sysprep.exe'
  $exists = Test-Path -LiteralPath $path
  $ver = $null; $fb = $null
  if ($exists) {
    $vi = Read-PresealFileVersion $path
    $ver = $vi.fileVersion
    $fb = $vi.fileBuild
  }
  [ordered]@{
    path = $shown; exists = [bool]$exists; fileVersion = $ver; fileBuild = $fb; osBuild = [int]$osBuild
    is64BitProcess = [bool]$is64Process; is64BitOperatingSystem = [bool]$is64Os
  }
}
