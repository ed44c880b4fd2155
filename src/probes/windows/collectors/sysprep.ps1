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
  # Enablement-package releases (Windows 10 19042-19045, Windows 11 22631, 26200) report a newer
  # CurrentBuildNumber but keep "an identical set of system files" (KB5015684, KB5027397): compare
  # sysprep.exe with another system file, the kernel.
  $kernel = Join-PresealPath $win "$dir\ntoskrnl.exe"
  $kb = $null
  if (Test-Path -LiteralPath $kernel) { $kb = (Read-PresealFileVersion $kernel).fileBuild }
  [ordered]@{
    path = $shown; exists = [bool]$exists; fileVersion = $ver; fileBuild = $fb; osBuild = [int]$osBuild; kernelBuild = $kb
    is64BitProcess = [bool]$is64Process; is64BitOperatingSystem = [bool]$is64Os
  }
}
