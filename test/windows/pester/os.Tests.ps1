# src/probes/windows/collectors/os.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealOs' {
  It 'reads Win32_OperatingSystem' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ Caption = 'Microsoft Windows Server 2022 Datacenter'; Version = '10.0.20348'; BuildNumber = '20348'; OSArchitecture = '64-bit'; ProductType = [uint32]3 } }
    ConvertTo-ProbeJson (Get-PresealOs) | Should -Be '{"name":"Microsoft Windows Server 2022 Datacenter","version":"10.0.20348","build":"20348","arch":"64-bit"}'
  }
}
