# src/probes/windows/collectors/cloud.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealCloud' {
  BeforeEach {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystem' } -MockWith { [pscustomobject]@{ Manufacturer = 'Microsoft Corporation'; Model = 'Virtual Machine' } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystemProduct' } -MockWith { [pscustomobject]@{ UUID = '4C4C4544-004D-3510-804B-B4C04F4E3432' } }
  }
  It 'detects Azure by the chassis asset tag' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_SystemEnclosure' } -MockWith { [pscustomobject]@{ SMBIOSAssetTag = '7783-7084-3265-9085-8269-3286-77' } }
    $r = Get-PresealCloud
    $r.provider | Should -Be 'azure'
    $r.evidence[0] | Should -Match 'SMBIOSAssetTag'
  }
  It 'says none for a Hyper-V VM on premises' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_SystemEnclosure' } -MockWith { [pscustomobject]@{ SMBIOSAssetTag = '1234-5678' } }
    ConvertTo-ProbeJson (Get-PresealCloud) | Should -Be '{"provider":"none","evidence":[]}'
  }
  It 'detects EC2 by the UUID' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_SystemEnclosure' } -MockWith { throw 'denied' }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystemProduct' } -MockWith { [pscustomobject]@{ UUID = 'EC2AE145-D1DC-13B2-94ED-01234ABCDEF' } }
    (Get-PresealCloud).provider | Should -Be 'aws'
  }
}
