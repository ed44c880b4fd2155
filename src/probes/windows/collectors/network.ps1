# Network settings that travel with the image: the WinRM service's state (remoteAccess).

# azureNetwork (persistent routes, the WinHTTP proxy) is derived from raw registry reads in
# TypeScript (src/platforms/windows/live.ts, src/windows-offline/derive/network.ts).

# remoteAccess: the RDP and firewall registry values are derived in TypeScript from the probe's raw
# reads (src/platforms/windows/live.ts LIVE_COMPLETED, src/windows-offline/derive/network.ts); this
# collector gives only what the running system knows, the WinRM service's state.
function Get-PresealRemoteAccess {
  [ordered]@{ winRm = Read-PresealService 'WinRM' }
}
