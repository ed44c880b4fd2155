# Network settings that travel with the image: RDP, firewall, WinRM.

# azureNetwork (persistent routes, the WinHTTP proxy) is derived from raw registry reads in
# TypeScript (src/platforms/windows/live.ts, src/windows-offline/derive/network.ts).

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
