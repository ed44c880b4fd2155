# src/probes/windows/collectors/firewall.ps1 under real pwsh.
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealRdpListener' {
  BeforeEach { Set-FakeRegistry @{ 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp' = @{ PortNumber = 3389 } } }
  It 'names the services of the process that listens (MSFT_NetTCPConnection, Win32_Service)' {
    Mock Get-NetTCPConnection { [pscustomobject]@{ LocalAddress = '0.0.0.0'; LocalPort = [uint16]3389; State = 'Listen'; OwningProcess = [uint32]1044 } }
    Mock Get-CimInstance { [pscustomobject]@{ Name = 'TermService'; ProcessId = [uint32]1044 } } -ParameterFilter { $ClassName -eq 'Win32_Service' -and $Filter -eq 'ProcessId = 1044' }
    Mock Get-Process { [pscustomobject]@{ ProcessName = 'svchost'; Id = 1044 } }
    ConvertTo-ProbeJson (Get-PresealRdpListener) | Should -Be '{"port":3389,"listeners":[{"address":"0.0.0.0","pid":1044,"services":["TermService"],"process":"svchost"}]}'
  }
  It 'reads "no MSFT_NetTCPConnection objects" as nothing listening' {
    Mock Get-NetTCPConnection { Write-Error -Message 'No MSFT_NetTCPConnection objects found with property LocalPort equal to 3389' -ErrorId 'CmdletizationQuery_NotFound_LocalPort,Get-NetTCPConnection' -ErrorAction Stop }
    ConvertTo-ProbeJson (Get-PresealRdpListener) | Should -Be '{"port":3389,"listeners":[]}'
  }
  It 'fails on any other error, so the rule is unknown rather than passing' {
    Mock Get-NetTCPConnection { throw 'Access denied' }
    { Get-PresealRdpListener } | Should -Throw '*Access denied*'
  }
}
