# src/probes/windows/collectors/firewall.ps1 under real pwsh. The rule strings are the shapes
# Microsoft's guest-OS troubleshooting page shows for the FirewallRules registry values.
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
  $script:local = 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules'
  $script:policy = 'HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\FirewallRules'
}

Describe 'Get-PresealFirewallRules' {
  It 'keeps the rules on 3389, with a remote IPv4 address or in the Remote Desktop group, from both stores, raw' {
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters' = @{ } }
    $values = @{
      "$script:local|RemoteDesktop-UserMode-In-TCP" = 'v2.22|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Domain|Profile=Private|Profile=Public|LPort=3389|App=%SystemRoot%\system32\svchost.exe|Svc=termservice|Name=@FirewallAPI.dll,-28775|Desc=@FirewallAPI.dll,-28756|EmbedCtxt=@FirewallAPI.dll,-28752|'
      "$script:local|CoreNet-DHCP-In" = 'v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=17|LPort=68|RPort=67|App=%SystemRoot%\system32\svchost.exe|Svc=dhcp|Name=@FirewallAPI.dll,-25301|EmbedCtxt=@FirewallAPI.dll,-25000|'
      "$script:policy|Block-Fabric" = 'v2.30|Action=Block|Active=TRUE|Dir=Out|RA4=168.63.0.0/255.255.0.0|Name=Block fabric|'
    }
    Mock Get-RegValueName { @($values.Keys | Where-Object { $_.StartsWith("$Path|") } | ForEach-Object { $_.Split('|')[1] } | Sort-Object) }
    Mock Get-RegString { $values["$Path|$Name"] }
    $r = Get-PresealFirewallRules
    @($r.rules).Count | Should -Be 2
    $r.rules[0].store | Should -Be 'local'
    $r.rules[0].key | Should -Be 'HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules'
    $r.rules[0].id | Should -Be 'RemoteDesktop-UserMode-In-TCP'
    $r.rules[1].store | Should -Be 'policy'
    $r.rules[1].value | Should -BeLike '*RA4=168.63.0.0/255.255.0.0*'
  }
  It 'fails when the firewall service key is not readable' {
    Set-FakeRegistry @{ }
    { Get-PresealFirewallRules } | Should -Throw '*not readable*'
  }
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
