# Firewall rules and the RDP listener. The rules are read as the registry stores them (the rule
# strings of [MS-GPFAS] 2.2.2.10), from the local store and the Group Policy store; the parsing
# is done once, in TypeScript (rules/windows/lib/firewall.ts), for live and offline targets alike.

$script:PresealFirewallStores = @(
  @{ store = 'local'; path = 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules' },
  @{ store = 'policy'; path = 'HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\FirewallRules' }
)

# Only the rules the firewall rules of preseal look at: a remote IPv4 address, port 3389 or the
# Remote Desktop group (EmbedCtxt=@FirewallAPI.dll,-28752); a default install has hundreds of others.
function Test-PresealFirewallRuleWanted([string]$Value) {
  return ($Value -match '\|RA4=' -or $Value -match '\|LPort=3389\|' -or $Value -match '\|EmbedCtxt=@FirewallAPI\.dll,-28752\|')
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
