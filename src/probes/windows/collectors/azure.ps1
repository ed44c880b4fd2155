function Get-PresealAzureGuestAgent {
  [ordered]@{ guestAgent = Get-PxService 'WindowsAzureGuestAgent'; rdAgent = Get-PxService 'RdAgent' }
}
function ConvertFrom-PxWinHttpSettings($Bytes) {
  # WINHTTP_PROXY_INFO as netsh stores it: version, counter, flags (offset 8), then length-prefixed
  # ASCII proxy server (offset 12) and bypass list. Flags 1 = direct access only.
  if ($null -eq $Bytes -or $Bytes.Length -lt 16) { return $null }
  $proxyLen = [BitConverter]::ToInt32($Bytes, 12)
  if ($proxyLen -le 0 -or 16 + $proxyLen -gt $Bytes.Length) { return $null }
  $proxy = [Text.Encoding]::ASCII.GetString($Bytes, 16, $proxyLen)
  $bypass = $null
  $at = 16 + $proxyLen
  if ($at + 4 -le $Bytes.Length) {
    $bypassLen = [BitConverter]::ToInt32($Bytes, $at)
    if ($bypassLen -gt 0 -and $at + 4 + $bypassLen -le $Bytes.Length) { $bypass = [Text.Encoding]::ASCII.GetString($Bytes, $at + 4, $bypassLen) }
  }
  return [ordered]@{ proxyServer = $proxy; bypass = $bypass }
}
function Get-PresealAzureNetwork {
  Assert-PresealRegistry 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
  $bytes = Read-PxRegValue 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections' 'WinHttpSettings'
  [ordered]@{
    persistentRoutes = @(Get-PxRegValueNames 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\PersistentRoutes')
    winHttpProxy = ConvertFrom-PxWinHttpSettings $bytes
  }
}
function Get-PxFirewallEnabled([string]$ProfileKey) {
  $policy = ConvertTo-PxInt (Read-PxRegValue "HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\$ProfileKey" 'EnableFirewall')
  if ($null -ne $policy) { return ($policy -ne 0) }
  $local = ConvertTo-PxInt (Read-PxRegValue "HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\$ProfileKey" 'EnableFirewall')
  if ($null -eq $local) { return $null }
  return ($local -ne 0)
}
function Get-PresealRemoteAccess {
  $ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
  $rdp = "$ts\WinStations\RDP-Tcp"
  [ordered]@{
    fDenyTSConnections = ConvertTo-PxInt (Read-PxRegValue $ts 'fDenyTSConnections')
    policyDenyTSConnections = ConvertTo-PxInt (Read-PxRegValue 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services' 'fDenyTSConnections')
    portNumber = ConvertTo-PxInt (Read-PxRegValue $rdp 'PortNumber')
    lanAdapter = ConvertTo-PxInt (Read-PxRegValue $rdp 'LanAdapter')
    userAuthentication = ConvertTo-PxInt (Read-PxRegValue $rdp 'UserAuthentication')
    sslCertificateHashPresent = ($null -ne (Read-PxRegValue $rdp 'SSLCertificateSHA1Hash'))
    firewall = [ordered]@{
      domain = Get-PxFirewallEnabled 'DomainProfile'; private = Get-PxFirewallEnabled 'StandardProfile'; public = Get-PxFirewallEnabled 'PublicProfile'
    }
    winRm = Get-PxService 'WinRM'
  }
}
function Get-PresealAzureSettings {
  $services = New-Object System.Collections.ArrayList
  foreach ($name in @('BFE', 'Dhcp', 'Dnscache', 'IKEEXT', 'iphlpsvc', 'nsi', 'mpssvc', 'RemoteRegistry', 'Netlogon', 'Netman', 'TermService', 'W32Time')) {
    $s = Get-PxService $name
    $start = $null
    if ($null -ne $s) { $start = $s.startType }
    [void]$services.Add([ordered]@{ name = $name; startType = $start })
  }
  $envKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  $temp = Read-PxRegValueRaw $envKey 'TEMP'
  $tmp = Read-PxRegValueRaw $envKey 'TMP'
  [ordered]@{
    services = @($services)
    realTimeIsUniversal = ConvertTo-PxInt (Read-PxRegValue 'HKLM:\SYSTEM\CurrentControlSet\Control\TimeZoneInformation' 'RealTimeIsUniversal')
    temp = $(if ($null -ne $temp) { [string]$temp } else { $null })
    tmp = $(if ($null -ne $tmp) { [string]$tmp } else { $null })
    cdromStart = ConvertTo-PxInt (Read-PxRegValue 'HKLM:\SYSTEM\CurrentControlSet\Services\cdrom' 'Start')
    sanPolicy = ConvertTo-PxInt (Read-PxRegValue 'HKLM:\SYSTEM\CurrentControlSet\Services\partmgr\Parameters' 'SanPolicy')
  }
}
function Get-PresealPagefile {
  Assert-PresealRegistry 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager\Memory Management'
  $files = @(ConvertTo-PxArray (Read-PxRegValue 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager\Memory Management' 'PagingFiles'))
  $drives = @([IO.DriveInfo]::GetDrives() | Where-Object { $_.DriveType -eq [IO.DriveType]::Fixed } | ForEach-Object { ([string]$_.Name).TrimEnd('\') } | Sort-Object)
  [ordered]@{ pagingFiles = $files; drives = $drives }
}
