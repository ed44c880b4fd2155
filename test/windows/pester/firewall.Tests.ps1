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

Describe 'Get-PresealFirewallRules and the WinRM ports' {
  It 'keeps the inbox WinRM rules on 5985 (as a Windows 10 SYSTEM hive stores them), not the compatibility rule on 80' {
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters' = @{ } }
    $values = @{
      "$script:local|WINRM-HTTP-In-TCP-NoScope" = 'v2.22|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Domain|Profile=Private|LPort=5985|App=System|Name=@FirewallAPI.dll,-30253|Desc=@FirewallAPI.dll,-30256|EmbedCtxt=@FirewallAPI.dll,-30267|'
      "$script:local|WINRM-HTTP-Compat-In-TCP-NoScope" = 'v2.22|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Domain|LPort=80|App=System|Name=@FirewallAPI.dll,-35001|Desc=@FirewallAPI.dll,-35002|EmbedCtxt=@FirewallAPI.dll,-30252|'
      "$script:policy|{5B2D8C1E-7A4F-4E0B-9C3D-2F6A1B8E5986}" = 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=5986|Name=WinRM HTTPS|'
    }
    Mock Get-RegValueName { @($values.Keys | Where-Object { $_.StartsWith("$Path|") } | ForEach-Object { $_.Split('|')[1] } | Sort-Object) }
    Mock Get-RegString { $values["$Path|$Name"] }
    $r = Get-PresealFirewallRules
    @($r.rules | ForEach-Object { $_.id }) | Should -Be @('WINRM-HTTP-In-TCP-NoScope', '{5B2D8C1E-7A4F-4E0B-9C3D-2F6A1B8E5986}')
  }
}

Describe 'Get-PresealRemoteAccessPolicy' {
  BeforeAll {
    $script:ts = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
    $script:fw = 'HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall'
    $script:anchor = @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ ProductName = 'Windows Server 2022 Datacenter' } }
  }
  It 'reads nothing configured as nulls' {
    Set-FakeRegistry $script:anchor
    ConvertTo-ProbeJson (Get-PresealRemoteAccessPolicy) | Should -Be (
      '{"terminalServices":{"fDenyTSConnections":null,"userAuthentication":null,"keepAliveEnable":null,"keepAliveInterval":null,"fDisableAutoReconnect":null,"maxInstanceCount":null},' +
      '"firewall":{"domain":{"enableFirewall":null,"remoteDesktop":null,"icmpEchoRequest":null},"standard":{"enableFirewall":null,"remoteDesktop":null,"icmpEchoRequest":null}}}')
  }
  It 'reads the RD Session Host and Windows Firewall policy values of both profiles' {
    Set-FakeRegistry ($script:anchor + @{
        $script:ts = @{ UserAuthentication = 0; KeepAliveEnable = 1; KeepAliveInterval = 1; fDisableAutoReconnect = 1; MaxInstanceCount = 2 }
        "$script:fw\DomainProfile" = @{ EnableFirewall = 1 }
        "$script:fw\DomainProfile\Services\RemoteDesktop" = @{ Enabled = 0; RemoteAddresses = '*' }
        "$script:fw\StandardProfile\IcmpSettings" = @{ AllowInboundEchoRequest = 0 }
      })
    $r = Get-PresealRemoteAccessPolicy
    $r.terminalServices.userAuthentication | Should -Be 0
    $r.terminalServices.fDisableAutoReconnect | Should -Be 1
    $r.terminalServices.maxInstanceCount | Should -Be 2
    $r.terminalServices.fDenyTSConnections | Should -BeNullOrEmpty
    $r.firewall.domain.enableFirewall | Should -Be 1
    $r.firewall.domain.remoteDesktop | Should -Be 0
    $r.firewall.standard.icmpEchoRequest | Should -Be 0
    $r.firewall.standard.remoteDesktop | Should -BeNullOrEmpty
  }
  It 'fails, rather than reading "not configured", when the policy key cannot be read' {
    Set-FakeRegistry ($script:anchor + @{ $script:ts = @{ UserAuthentication = 0 } }) -Denied @($script:ts)
    { Get-PresealRemoteAccessPolicy } | Should -Throw '*could not be read*'
  }
  It 'fails when the SOFTWARE hive is not readable at all' {
    Set-FakeRegistry @{ }
    { Get-PresealRemoteAccessPolicy } | Should -Throw '*not readable*'
  }
}

Describe 'Get-PresealWinRmListeners' {
  BeforeAll {
    $script:listener = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WSMAN\Listener'
    $script:anchor = @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ ProductName = 'Windows Server 2022 Datacenter' } }
  }
  It 'lists the listeners the WinRM service stores: *+HTTP with its Port, *+HTTPS with the default port' {
    Set-FakeRegistry ($script:anchor + @{
        "$script:listener\*+HTTP" = @{ uriprefix = 'wsman'; Port = 5985 }
        "$script:listener\*+HTTPS" = @{ uriprefix = 'wsman'; certThumbprint = '341B58BC25D182D844B64BF7FC52D1D751625960' }
      })
    ConvertTo-ProbeJson (Get-PresealWinRmListeners) | Should -Be (
      '{"listeners":[{"key":"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WSMAN\\Listener\\*+HTTP","address":"*","transport":"HTTP","port":5985},' +
      '{"key":"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WSMAN\\Listener\\*+HTTPS","address":"*","transport":"HTTPS","port":5986}],"policyAutoConfig":null}')
  }
  It 'gives no listener when the key does not exist (remoting never enabled on a client)' {
    Set-FakeRegistry $script:anchor
    ConvertTo-ProbeJson (Get-PresealWinRmListeners) | Should -Be '{"listeners":[],"policyAutoConfig":null}'
  }
  It 'reads the Group Policy that creates or refuses remote management (AllowAutoConfig)' {
    Set-FakeRegistry ($script:anchor + @{ 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WinRM\Service' = @{ AllowAutoConfig = 1; IPv4Filter = '*'; IPv6Filter = '*' } })
    ConvertTo-ProbeJson (Get-PresealWinRmListeners) | Should -Be '{"listeners":[],"policyAutoConfig":1}'
  }
  It 'fails when the listener key exists but cannot be read' {
    Set-FakeRegistry ($script:anchor + @{ "$script:listener\*+HTTP" = @{ Port = 5985 } }) -Denied @($script:listener)
    { Get-PresealWinRmListeners } | Should -Throw '*could not be read*'
  }
}
