# src/probes/windows/collectors/servicing.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealServicing' {
  BeforeEach {
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\ReserveManager' = @{ ShippedWithReserves = 1; ActiveScenario = 0 } }
    Mock Read-PresealService -ParameterFilter { $Name -eq 'wuauserv' } -MockWith { [ordered]@{ status = 'Running'; startType = 'Manual' } }
    Mock Read-PresealService -ParameterFilter { $Name -eq 'TrustedInstaller' } -MockWith { [ordered]@{ status = 'Stopped'; startType = 'Manual' } }
  }
  It 'records why IsBusy could not be read in a remote session, and still reads TrustedInstaller' {
    # IUpdateSession::CreateUpdateInstaller: E_ACCESSDENIED "This method cannot be called from a remote computer."
    Mock New-PresealComObject -ParameterFilter { $ProgId -eq 'Microsoft.Update.Installer' } -MockWith { throw [UnauthorizedAccessException]::new('Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))') }
    $r = Get-PresealServicing
    $r.installerBusy | Should -BeNullOrEmpty
    $r.installerBusyError | Should -Match 'E_ACCESSDENIED'
    $r.trustedInstallerStatus | Should -Be 'Stopped'
    $r.reservedStorageState | Should -Be 'Enabled'
  }
  It 'reads IsBusy where it can' {
    Mock New-PresealComObject -ParameterFilter { $ProgId -eq 'Microsoft.Update.Installer' } -MockWith { [pscustomobject]@{ IsBusy = $true } }
    $r = Get-PresealServicing
    $r.installerBusy | Should -BeTrue
    $r.installerBusyError | Should -BeNullOrEmpty
  }
}
