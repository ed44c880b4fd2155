# src/probes/windows/collectors/appx.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealAppxPackages' {
  It 'throws when not elevated, so the group becomes an error and W024 unknown' {
    Mock Test-PresealElevated { $false }
    { Get-PresealAppxPackages } | Should -Throw '*elevated*'
  }
  It 'leaves out System packages and keeps each user install state' {
    Mock Test-PresealElevated { $true }
    Mock Get-AppxProvisionedPackage { [pscustomobject]@{ PackageName = 'Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe' } }
    Mock Get-AppxPackage {
      $user = [pscustomobject]@{ UserSecurityId = [pscustomobject]@{ Sid = 'S-1-5-21-1-2-3-1001'; Username = 'REF\builder' }; InstallState = 'Installed' }
      [pscustomobject]@{ PackageFullName = 'Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe'; SignatureKind = 'Store'; IsFramework = $false; PackageUserInformation = @($user) }
      [pscustomobject]@{ PackageFullName = 'Microsoft.Windows.ShellExperienceHost_10.0.22621.1_neutral_neutral_cw5n1h2txyewy'; SignatureKind = 'System'; IsFramework = $false; PackageUserInformation = @($user) }
    }
    $r = Get-PresealAppxPackages
    $r.provisioned | Should -Be @('Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe')
    @($r.packages).Count | Should -Be 1
    $r.packages[0].users[0].account | Should -Be 'REF\builder'
    ($r | ConvertTo-Json -Depth 6 -Compress) | Should -Match '"users":\[\{'
  }
}
