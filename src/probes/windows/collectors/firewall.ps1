# The RDP listener: which process owns the RDP port (Get-NetTCPConnection, Win32_Service), which
# needs the running system. firewallRules, the rule strings of [MS-GPFAS] 2.2.2.10 in the local and
# Group Policy stores, is derived in TypeScript from the probe's raw registry reads
# (src/platforms/windows/live.ts, src/windows-offline/derive/registry-lists.ts), and the strings
# are parsed once, in rules/windows/lib/firewall.ts. So are remoteAccessPolicy (the Group Policy values
# that revert the remote-access settings) and winRmListeners (WSMAN\Listener), from
# src/windows-offline/derive/remote-access.ts.

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
