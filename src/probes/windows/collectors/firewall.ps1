# Firewall rules and the RDP listener. The rules are read as the registry stores them (the rule
# strings of [MS-GPFAS] 2.2.2.10), from the local store and the Group Policy store; the parsing
# is done once, in TypeScript (rules/windows/lib/firewall.ts), for live and offline targets alike.

$script:PresealFirewallStores = @(
  @{ store = 'local'; path = 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules' },
  @{ store = 'policy'; path = 'HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\FirewallRules' }
)

# Only the rules the firewall rules of preseal look at: a remote IPv4 address, port 3389, the WinRM
# ports 5985 and 5986 (the inbox WINRM-HTTP-In-TCP rules) or the Remote Desktop group
# (EmbedCtxt=@FirewallAPI.dll,-28752); a default install has hundreds of others.
function Test-PresealFirewallRuleWanted([string]$Value) {
  return ($Value -match '\|RA4=' -or $Value -match '\|LPort=(3389|5985|5986)\|' -or $Value -match '\|EmbedCtxt=@FirewallAPI\.dll,-28752\|')
}

function Get-PresealFirewallRules {
  Assert-PresealRegistry 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess'
  $rules = New-Object System.Collections.ArrayList
  foreach ($s in $script:PresealFirewallStores) {
    foreach ($id in (Get-RegValueName $s.path)) {
      $value = Get-RegString $s.path $id
      if ($null -eq $value -or -not (Test-PresealFirewallRuleWanted $value)) { continue }
      [void]$rules.Add([ordered]@{ store = $s.store; key = ($s.path -replace '^HKLM:\\', 'HKLM\'); id = [string]$id; value = $value })
    }
  }
  [ordered]@{ rules = @($rules) }
}

function Get-PresealRdpListener {
  $port = Get-RegInt 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' 'PortNumber'
  if ($null -eq $port) { $port = 3389 }
  $listeners = New-Object System.Collections.ArrayList
  if (-not (Get-Command Get-NetTCPConnection -ErrorAction SilentlyContinue)) { throw 'Get-NetTCPConnection (module NetTCPIP) is not available, so the RDP port owner cannot be read' }
  $connections = @()
  try { $connections = @(Get-NetTCPConnection -LocalPort $port -State Listen -ErrorAction Stop) }
  catch {
    # "No MSFT_NetTCPConnection objects found": nothing listens. Any other error is an error.
    if ([string]$_.FullyQualifiedErrorId -notlike 'CmdletizationQuery_NotFound*') { throw }
  }
  foreach ($c in $connections) {
    $owning = [int]$c.OwningProcess
    $services = @(Get-CimInstance -ClassName Win32_Service -Filter "ProcessId = $owning" -ErrorAction Stop | ForEach-Object { [string]$_.Name })
    $process = $null
    try { $process = [string](Get-Process -Id $owning -ErrorAction Stop).ProcessName } catch { }
    [void]$listeners.Add([ordered]@{ address = [string]$c.LocalAddress; pid = $owning; services = $services; process = $process })
  }
  [ordered]@{ port = [int]$port; listeners = @($listeners) }
}

# Group Policy that reverts the remote-access settings Azure's preparation page makes ("If the VM is
# part of a domain, check the following policies"): the Remote Desktop Session Host policies under
# Policies\Microsoft\Windows NT\Terminal Services, and the Windows Firewall policies of the domain
# and standard profiles (Protect all network connections, Allow inbound Remote Desktop exceptions,
# Allow ICMP exceptions). Absent values are "not configured": $null.
function Read-PresealLegacyFirewallPolicy([string]$ProfileKey) {
  $base = "HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\$ProfileKey"
  [ordered]@{
    enableFirewall = Get-RegInt $base 'EnableFirewall'
    remoteDesktop = Get-RegInt "$base\Services\RemoteDesktop" 'Enabled'
    icmpEchoRequest = Get-RegInt "$base\IcmpSettings" 'AllowInboundEchoRequest'
  }
}

function Get-PresealRemoteAccessPolicy {
  Assert-PresealRegistry 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $ts = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
  [ordered]@{
    terminalServices = [ordered]@{
      fDenyTSConnections = Get-RegInt $ts 'fDenyTSConnections'
      userAuthentication = Get-RegInt $ts 'UserAuthentication'
      keepAliveEnable = Get-RegInt $ts 'KeepAliveEnable'
      keepAliveInterval = Get-RegInt $ts 'KeepAliveInterval'
      fDisableAutoReconnect = Get-RegInt $ts 'fDisableAutoReconnect'
      maxInstanceCount = Get-RegInt $ts 'MaxInstanceCount'
    }
    firewall = [ordered]@{
      domain = Read-PresealLegacyFirewallPolicy 'DomainProfile'
      standard = Read-PresealLegacyFirewallPolicy 'StandardProfile'
    }
  }
}

# WinRM listeners from the WinRM service's own store: one key per listener, named
# "<Address>+<Transport>" (*+HTTP after Enable-PSRemoting), with Port when it is not the default.
# Read from the registry, not from `winrm enumerate`, so that live and offline agree.
function Get-PresealWinRmListeners {
  Assert-PresealRegistry 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $base = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WSMAN\Listener'
  $listeners = New-Object System.Collections.ArrayList
  foreach ($name in (Get-RegSubkeyName $base)) {
    $plus = $name.LastIndexOf('+')
    $address = $name; $transport = ''
    if ($plus -ge 0) { $address = $name.Substring(0, $plus); $transport = $name.Substring($plus + 1).ToUpperInvariant() }
    $port = Get-RegInt "$base\$name" 'Port'
    if ($null -eq $port) { $port = $(if ($transport -eq 'HTTPS') { 5986 } else { 5985 }) }
    [void]$listeners.Add([ordered]@{ key = "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WSMAN\Listener\$name"; address = $address; transport = $transport; port = [int]$port })
  }
  # Policy CSP RemoteManagement/AllowRemoteServerManagement: AllowAutoConfig under this key.
  [ordered]@{ listeners = @($listeners); policyAutoConfig = Get-RegInt 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WinRM\Service' 'AllowAutoConfig' }
}
