# src/probes/windows/collectors/policies.ps1: the values RemovableStorage.admx writes.
BeforeAll { . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1') }

Describe 'Get-PresealRemovableStoragePolicy' {
  It 'reads Deny_All and the CD/DVD class Deny_Read' {
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ }
      'HKLM:\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices' = @{ Deny_All = 1 }
      'HKLM:\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices\{53f56308-b6bf-11d0-94f2-00a0c91efb8b}' = @{ Deny_Read = 1 }
    }
    ConvertTo-ProbeJson (Get-PresealRemovableStoragePolicy) | Should -Be '{"denyAll":1,"cdDvdDenyRead":1}'
  }
  It 'reports no policy as nulls and fails on an unreadable registry' {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' = @{ } }
    ConvertTo-ProbeJson (Get-PresealRemovableStoragePolicy) | Should -Be '{"denyAll":null,"cdDvdDenyRead":null}'
    Set-FakeRegistry @{ }
    { Get-PresealRemovableStoragePolicy } | Should -Throw '*not readable*'
  }
}
