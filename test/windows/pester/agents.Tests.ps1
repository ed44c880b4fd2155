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

Describe 'Get-PresealDscAgent' {
  # The LCM writes AgentId as a REG_SZ GUID (runner-images Configure-Sysprep.ps1 sets it to '' before Sysprep).
  It 'says the AgentId is set without reporting it' {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\DesiredStateConfiguration' = @{ AgentId = '4D1C9B2E-7A3F-11EE-8C90-0242AC120002' } }
    $json = ConvertTo-ProbeJson (Get-PresealDscAgent)
    $json | Should -Be '{"keyExists":true,"agentIdSet":true}'
    $json | Should -Not -Match '4D1C9B2E'
  }
  It 'a blank AgentId and a missing value are not set' {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\DesiredStateConfiguration' = @{ AgentId = '' } }
    ConvertTo-ProbeJson (Get-PresealDscAgent) | Should -Be '{"keyExists":true,"agentIdSet":false}'
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\DesiredStateConfiguration' = @{ Other = 1 } }
    ConvertTo-ProbeJson (Get-PresealDscAgent) | Should -Be '{"keyExists":true,"agentIdSet":false}'
  }
  It 'no DesiredStateConfiguration key: nothing set' {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ CurrentBuild = '20348' } }
    ConvertTo-ProbeJson (Get-PresealDscAgent) | Should -Be '{"keyExists":false,"agentIdSet":false}'
  }
  It 'an unreadable key is an error, not "absent"' {
    Set-FakeRegistry @{ } -Denied @('HKLM:\SOFTWARE\Microsoft\DesiredStateConfiguration')
    { Get-PresealDscAgent } | Should -Throw '*could not be read*'
  }
}
