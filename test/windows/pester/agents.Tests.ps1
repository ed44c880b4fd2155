# src/probes/windows/collectors/agents.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealDefender' {
  BeforeEach {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Policies\Microsoft\Windows Defender' = @{ DisableAntiSpyware = 1 } }
    Mock Read-PresealService { [ordered]@{ status = 'Stopped'; startType = 'Disabled' } }
  }
  It 'falls back to the Defender policies and the service when Get-MpComputerStatus (Defender module) is missing' {
    Mock Get-Command -ParameterFilter { $Name -eq 'Get-MpComputerStatus' } -MockWith { $null }
    $r = Get-PresealDefender
    $r.disableAntiSpywarePolicy | Should -Be 1
    $r.windefendService.startType | Should -Be 'Disabled'
    $r.amServiceEnabled | Should -BeNullOrEmpty
    $r.antivirusEnabled | Should -BeNullOrEmpty
  }
  It 'falls back the same way when Get-MpComputerStatus fails' {
    Mock Get-Command -ParameterFilter { $Name -eq 'Get-MpComputerStatus' } -MockWith { [pscustomobject]@{ Name = 'Get-MpComputerStatus' } }
    Mock Get-MpComputerStatus { throw 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.' }
    $r = Get-PresealDefender
    $r.realTimeProtectionEnabled | Should -BeNullOrEmpty
    $r.disableAntiSpywarePolicy | Should -Be 1
  }
}
