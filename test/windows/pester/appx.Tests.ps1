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
  It 'reads provisioned packages from AppxAllUserStore, never through DISM, and leaves out System packages' {
    Mock Test-PresealElevated { $true }
    Mock Get-AppxProvisionedPackage { throw 'Get-AppxProvisionedPackage goes through DISM and must not be called' }
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion' = @{ ProgramFilesDir = 'C:\Program Files' }
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\Applications\Microsoft.BingWeather_4.25.20211.0_neutral_~_8wekyb3d8bbwe' = @{ }
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\Applications\Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe' = @{ }
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\InboxApplications\Microsoft.Windows.ShellExperienceHost_10.0.22621.1_neutral_neutral_cw5n1h2txyewy' = @{ }
    }
    Mock Get-AppxPackage {
      $user = [pscustomobject]@{ UserSecurityId = [pscustomobject]@{ Sid = 'S-1-5-21-1-2-3-1001'; Username = 'REF\builder' }; InstallState = 'Installed' }
      [pscustomobject]@{ PackageFullName = 'Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe'; SignatureKind = 'Store'; IsFramework = $false; PackageUserInformation = @($user) }
      [pscustomobject]@{ PackageFullName = 'Microsoft.Windows.ShellExperienceHost_10.0.22621.1_neutral_neutral_cw5n1h2txyewy'; SignatureKind = 'System'; IsFramework = $false; PackageUserInformation = @($user) }
    }
    $r = Get-PresealAppxPackages
    Should -Invoke Get-AppxProvisionedPackage -Times 0
    $r.source | Should -Be 'Get-AppxPackage'
    $r.provisioned | Should -Be @('Microsoft.BingWeather_4.25.20211.0_neutral_~_8wekyb3d8bbwe', 'Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe')
    $r.inbox | Should -Be @('Microsoft.Windows.ShellExperienceHost_10.0.22621.1_neutral_neutral_cw5n1h2txyewy')
    @($r.packages).Count | Should -Be 1
    $r.packages[0].users[0].account | Should -Be 'REF\builder'
    ($r | ConvertTo-Json -Depth 6 -Compress) | Should -Match '"users":\[\{'
  }
  It 'falls back to the per-user AppxAllUserStore keys when the Appx cmdlets fail (remote, session 0)' {
    Mock Test-PresealElevated { $true }
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion' = @{ ProgramFilesDir = 'C:\Program Files' }
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\Applications\Microsoft.BingWeather_4.25.20211.0_x64__8wekyb3d8bbwe' = @{ }
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\S-1-5-21-1-2-3-1001\Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe' = @{ }
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\S-1-5-21-1-2-3-1002\Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe' = @{ }
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\S-1-5-18\Microsoft.Windows.Search_1.0.0.0_neutral_neutral_cw5n1h2txyewy' = @{ }
    }
    Mock Get-AppxPackage { throw 'The requested operation requires elevation or is not supported in this session.' }
    $r = Get-PresealAppxPackages
    $r.source | Should -Be 'registry'
    $r.cmdletError | Should -Match 'not supported in this session'
    @($r.packages).Count | Should -Be 1
    $r.packages[0].fullName | Should -Be 'Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe'
    $r.packages[0].users.sid | Should -Be @('S-1-5-21-1-2-3-1001', 'S-1-5-21-1-2-3-1002')
    $r.packages[0].isFramework | Should -BeNullOrEmpty
  }
  It 'is not applicable where Windows keeps no Appx store, and an error where the registry cannot be read' {
    Mock Test-PresealElevated { $true }
    Set-FakeRegistry @{ 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion' = @{ ProgramFilesDir = 'C:\Program Files' } }
    (Get-PresealAppxPackages)['__notApplicable'] | Should -Match 'AppxAllUserStore'
    Set-FakeRegistry @{ }
    { Get-PresealAppxPackages } | Should -Throw '*not readable*'
  }
}

Describe 'Get-PresealStoreUpdate' {
  BeforeEach {
    Set-FakeRegistry @{
      'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\Applications\Microsoft.WindowsStore_22312.1401.5.0_x64__8wekyb3d8bbwe' = @{ }
      'HKLM:\SOFTWARE\Policies\Microsoft\WindowsStore' = @{ AutoDownload = 2 }
    }
  }
  It 'reads Internet connectivity through Get-NetConnectionProfile (NetConnection module)' {
    Mock Get-NetConnectionProfile { [pscustomobject]@{ IPv4Connectivity = 'Internet'; IPv6Connectivity = 'NoTraffic' } }
    $r = Get-PresealStoreUpdate
    $r.internet | Should -BeTrue
    $r.policyAutoDownload | Should -Be 2
  }
  It 'reports connectivity as unknown, keeping the policy, when Get-NetConnectionProfile fails' {
    Mock Get-NetConnectionProfile { throw 'Access denied' }
    $r = Get-PresealStoreUpdate
    $r.internet | Should -BeNullOrEmpty
    $r.policyAutoDownload | Should -Be 2
  }
}
