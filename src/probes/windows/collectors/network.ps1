# Network settings that travel with the image: static routes, WinHTTP proxy, RDP, firewall, WinRM.

function ConvertFrom-PresealWinHttpSettings($Bytes) {
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
  $bytes = Get-RegValue 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections' 'WinHttpSettings'
  [ordered]@{
    persistentRoutes = @(Get-RegValueName 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\PersistentRoutes')
    winHttpProxy = ConvertFrom-PresealWinHttpSettings $bytes
  }
}

# Group Policy writes Software\Policies\Microsoft\WindowsFirewall\{DomainProfile,PrivateProfile,PublicProfile}
# ([MS-GPFAS] 2.2.3: settings "MUST NOT be present on ...\StandardProfile"); the local store names the
# private profile StandardProfile (SharedAccess\Parameters\FirewallPolicy). Policy wins over local.
function Read-PresealFirewallEnabled([string]$PolicyProfile, [string]$LocalProfile) {
  $policy = Get-RegInt "HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\$PolicyProfile" 'EnableFirewall'
  if ($null -ne $policy) { return ($policy -ne 0) }
  $local = Get-RegInt "HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\$LocalProfile" 'EnableFirewall'
  if ($null -eq $local) { return $null }
  return ($local -ne 0)
}

function Get-PresealRemoteAccess {
  $ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
  $rdp = "$ts\WinStations\RDP-Tcp"
  [ordered]@{
    fDenyTSConnections = Get-RegInt $ts 'fDenyTSConnections'
    policyDenyTSConnections = Get-RegInt 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services' 'fDenyTSConnections'
    portNumber = Get-RegInt $rdp 'PortNumber'
    lanAdapter = Get-RegInt $rdp 'LanAdapter'
    userAuthentication = Get-RegInt $rdp 'UserAuthentication'
    sslCertificateHashPresent = ($null -ne (Get-RegValue $rdp 'SSLCertificateSHA1Hash'))
    firewall = [ordered]@{
      domain = Read-PresealFirewallEnabled 'DomainProfile' 'DomainProfile'
      private = Read-PresealFirewallEnabled 'PrivateProfile' 'StandardProfile'
      public = Read-PresealFirewallEnabled 'PublicProfile' 'PublicProfile'
    }
    winRm = Read-PresealService 'WinRM'
  }
}
