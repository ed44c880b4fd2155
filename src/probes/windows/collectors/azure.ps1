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

# The VM Agent services and whether they run: Packer's and Azure Image Builder's Sysprep steps wait
# until RdAgent, WindowsAzureTelemetryService (older agents only) and WindowsAzureGuestAgent are
# Running (learn.microsoft.com/azure/virtual-machines/windows/build-image-with-packer). Running is a
# state of the booted machine; offline this group is not applicable.
function Get-PresealAzureAgentServices {
  $services = New-Object System.Collections.ArrayList
  foreach ($name in @('WindowsAzureGuestAgent', 'RdAgent', 'WindowsAzureTelemetryService')) {
    [void]$services.Add([ordered]@{ name = $name; service = Read-PresealService $name })
  }
  [ordered]@{ services = @($services) }
}
