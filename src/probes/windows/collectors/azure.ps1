# Settings Azure requires in an uploaded image
# (https://learn.microsoft.com/azure/virtual-machines/windows/prepare-for-upload-vhd-image).

function Get-PresealAzureSettings {
  $services = New-Object System.Collections.ArrayList
  foreach ($name in @('BFE', 'Dhcp', 'Dnscache', 'IKEEXT', 'iphlpsvc', 'nsi', 'mpssvc', 'RemoteRegistry', 'Netlogon', 'Netman', 'TermService', 'W32Time')) {
    $s = Read-PresealService $name
    $start = $null
    if ($null -ne $s) { $start = $s.startType }
    [void]$services.Add([ordered]@{ name = $name; startType = $start })
  }
  $envKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  $temp = Get-RegValueUnexpanded $envKey 'TEMP'
  $tmp = Get-RegValueUnexpanded $envKey 'TMP'
  [ordered]@{
    services = @($services)
    realTimeIsUniversal = Get-RegInt 'HKLM:\SYSTEM\CurrentControlSet\Control\TimeZoneInformation' 'RealTimeIsUniversal'
    temp = $(if ($null -ne $temp) { [string]$temp } else { $null })
    tmp = $(if ($null -ne $tmp) { [string]$tmp } else { $null })
    cdromStart = Get-RegInt 'HKLM:\SYSTEM\CurrentControlSet\Services\cdrom' 'Start'
    sanPolicy = Get-RegInt 'HKLM:\SYSTEM\CurrentControlSet\Services\partmgr\Parameters' 'SanPolicy'
  }
}
