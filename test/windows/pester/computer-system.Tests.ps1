# src/probes/windows/collectors/computer-system.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealComputerSystem' {
  It 'reads Win32_ComputerSystem and Win32_BIOS' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystem' } -MockWith {
      [pscustomobject]@{ Name = 'APP01'; PartOfDomain = $true; Domain = 'corp.example.com'; Workgroup = $null; DomainRole = [uint16]3; HypervisorPresent = $true; Manufacturer = 'Microsoft Corporation'; Model = 'Virtual Machine' }
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_BIOS' } -MockWith {
      [pscustomobject]@{ Manufacturer = 'Microsoft Corporation'; Version = 'VRTUAL - 1'; SerialNumber = '0000-0002-1234' }
    }
    $r = Get-PresealComputerSystem
    $r.partOfDomain | Should -BeTrue
    $r.domainRole | Should -Be 3
    $r.domainRole | Should -BeOfType [int]
    $r.workgroup | Should -BeNullOrEmpty
    $r.bios.version | Should -Be 'VRTUAL - 1'
  }
  It 'still answers when Win32_BIOS fails' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ComputerSystem' } -MockWith {
      [pscustomobject]@{ Name = 'WS'; PartOfDomain = $false; Domain = 'WORKGROUP'; Workgroup = 'WORKGROUP'; DomainRole = [uint16]0; HypervisorPresent = $null; Manufacturer = 'Dell Inc.'; Model = 'OptiPlex 7090' }
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_BIOS' } -MockWith { throw 'Access denied' }
    $r = Get-PresealComputerSystem
    $r.bios | Should -BeNullOrEmpty
    $r.hypervisorPresent | Should -BeNullOrEmpty
  }
}
