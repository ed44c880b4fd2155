# src/probes/windows/collectors/network.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealRemoteAccess firewall profiles' {
  It 'reads the private profile policy Group Policy writes (PrivateProfile), and the local store''s StandardProfile' {
    Mock Read-PresealService { $null }
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Policies\Microsoft\WindowsFirewall\PrivateProfile' = @{ EnableFirewall = 0 }
      'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\DomainProfile' = @{ EnableFirewall = 1 }
      'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\StandardProfile' = @{ EnableFirewall = 1 }
      'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\PublicProfile' = @{ EnableFirewall = 1 }
    }
    $r = Get-PresealRemoteAccess
    $r.firewall.domain | Should -BeTrue
    $r.firewall.private | Should -BeFalse
    $r.firewall.public | Should -BeTrue
  }
  It 'falls back to the local StandardProfile when no policy is set' {
    Mock Read-PresealService { $null }
    Set-FakeRegistry @{ 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\StandardProfile' = @{ EnableFirewall = 0 } }
    $r = Get-PresealRemoteAccess
    $r.firewall.private | Should -BeFalse
    $r.firewall.domain | Should -BeNullOrEmpty
  }
}
