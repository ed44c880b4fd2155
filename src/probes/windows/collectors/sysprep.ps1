# "Only one instance of Sysprep can run at a time."
function Get-PresealSysprepProcesses {
  $list = New-Object System.Collections.ArrayList
  foreach ($p in @(Get-CimInstance -ClassName Win32_Process -Filter "Name='sysprep.exe'" -ErrorAction Stop)) {
    [void]$list.Add([ordered]@{ pid = [int]$p.ProcessId; path = ConvertTo-PresealString $p.ExecutablePath; commandLine = ConvertTo-PresealString $p.CommandLine })
  }
  [ordered]@{ processes = @($list) }
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
