# The system partition and the paging files.

function Get-PresealSystemDrive {
  $drive = [string]$env:SystemDrive
  if (-not $drive) { throw 'the system drive is unknown (no %SystemDrive%)' }
  $partition = $null
  try {
    $p = Get-Partition -DriveLetter $drive.Substring(0, 1) -ErrorAction Stop
    $gpt = $null
    if ($p.GptType) { $gpt = [string]$p.GptType }
    $partition = [ordered]@{ noDefaultDriveLetter = [bool]$p.NoDefaultDriveLetter; gptType = $gpt }
  } catch { $partition = $null }
  [ordered]@{ systemDrive = $drive; partition = $partition }
}

function Get-PresealPagefile {
  Assert-PresealRegistry 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager\Memory Management'
  $files = @(ConvertTo-PresealStringArray (Get-RegValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager\Memory Management' 'PagingFiles'))
  $drives = @([IO.DriveInfo]::GetDrives() | Where-Object { $_.DriveType -eq [IO.DriveType]::Fixed } | ForEach-Object { ([string]$_.Name).TrimEnd('\') } | Sort-Object)
  [ordered]@{ pagingFiles = $files; drives = $drives }
}
