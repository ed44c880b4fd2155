# src/probes/windows/collectors/licensing.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealLicensing' {
  It 'reads the rearm count and SkipRearm' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ Version = '10.0.20348'; ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'SoftwareLicensingService' } -MockWith { [pscustomobject]@{ Version = '10.0.20348.1'; RemainingWindowsReArmCount = [uint32]1001 } }
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform' = @{ SkipRearm = 1 } }
    $r = Get-PresealLicensing
    $r.remainingWindowsRearmCount | Should -Be 1001
    $r.skipRearm | Should -Be 1
    $r.osVersion | Should -Be '10.0.20348'
  }
}
