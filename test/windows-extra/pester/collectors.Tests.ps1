# Runs the extra Windows collectors under real pwsh with the Windows-only sources mocked.
BeforeAll {
  $dir = Join-Path $PSScriptRoot '../../../src/probes/windows/collectors'
  foreach ($f in 'extra-helpers.ps1', 'servicing.ps1', 'azure.ps1', 'panther.ps1', 'appx.ps1', 'roles-extra.ps1') { . (Join-Path $dir $f) }
  function Get-AppxProvisionedPackage { }
  function Get-AppxPackage { }
  # The registry is mocked below; lib.ps1's real check is exercised in its own Describe.
  function Assert-PresealRegistry { }
}

Describe 'collectors on a machine whose registry cannot be read' {
  It 'make their group an error instead of reporting that nothing was found' {
    . (Join-Path $PSScriptRoot '../../../src/probes/windows/lib.ps1')
    { Get-PresealPendingReboot } | Should -Throw '*is not readable*'
    { Get-PresealAzureNetwork } | Should -Throw '*is not readable*'
    { Get-PresealPagefile } | Should -Throw '*is not readable*'
  }
}

Describe 'Get-PresealPendingReboot' {
  It 'names the pending file renames without the NT prefix and reports the marker keys' {
    Mock Read-PxRegValue { @('\??\C:\Windows\System32\drivers\new.sys', '', '\??\C:\Temp\old.dll', '') } -ParameterFilter { $Name -eq 'PendingFileRenameOperations' }
    Mock Read-PxRegValue { $null } -ParameterFilter { $Name -ne 'PendingFileRenameOperations' }
    Mock Test-PxRegKey { $Path -like '*Component Based Servicing\RebootPending' }
    $r = Get-PresealPendingReboot
    $r.cbsRebootPending | Should -BeTrue
    $r.wuRebootRequired | Should -BeFalse
    $r.pendingFileRenameCount | Should -Be 2
    $r.pendingFileRenames | Should -Be @('C:\Windows\System32\drivers\new.sys', 'C:\Temp\old.dll')
    $r.updateExeVolatile | Should -BeNullOrEmpty
  }
}

Describe 'ConvertFrom-PxWinHttpSettings' {
  It 'reads the proxy and bypass list and treats direct access as no proxy' {
    $proxy = [Text.Encoding]::ASCII.GetBytes('proxy.corp:8080'); $bypass = [Text.Encoding]::ASCII.GetBytes('<local>')
    $bytes = [byte[]](@(0x28, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0) + [BitConverter]::GetBytes([int]$proxy.Length) + $proxy + [BitConverter]::GetBytes([int]$bypass.Length) + $bypass)
    $r = ConvertFrom-PxWinHttpSettings $bytes
    $r.proxyServer | Should -Be 'proxy.corp:8080'
    $r.bypass | Should -Be '<local>'
    ConvertFrom-PxWinHttpSettings ([byte[]](0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) | Should -BeNullOrEmpty
  }
}

Describe 'Get-PresealAppxPackages' {
  It 'throws when not elevated, so the group becomes an error and W024 unknown' {
    Mock Test-PxElevated { $false }
    { Get-PresealAppxPackages } | Should -Throw '*elevated*'
  }
  It 'leaves out System packages and keeps each user install state' {
    Mock Test-PxElevated { $true }
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

Describe 'Get-PresealPanther' {
  BeforeEach {
    $script:root = Join-Path ([IO.Path]::GetTempPath()) ('preseal-panther-' + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:root | Out-Null
    $script:oldWindir = $env:WINDIR
    $env:WINDIR = Join-Path $script:root 'Windows'
  }
  AfterEach {
    $env:WINDIR = $script:oldWindir
    Remove-Item -LiteralPath $script:root -Recurse -Force
  }
  It 'returns only error and warning lines with their line numbers, and the succeeded tag' {
    # The collector builds Windows paths with backslashes; on Linux those are plain file names.
    $log = "$env:WINDIR\System32\Sysprep\Panther\setupact.log"
    $lines = @(
      '2024-01-05 10:12:30, Info                  SYSPRP ===          Beginning of a new sysprep run          ===',
      '2024-01-05 10:12:33, Error                 SYSPRP Package Microsoft.BingWeather_4.53.51361.0_x64__8wekyb3d8bbwe was installed for a user, but not provisioned for all users.',
      '[gle=0x00000001]',
      '2024-01-05 10:12:34, Info                  SYSPRP Shutting down SysPrep log'
    )
    [IO.File]::WriteAllLines($log, $lines, (New-Object Text.UnicodeEncoding($false, $true)))
    [IO.File]::WriteAllText("$env:WINDIR\System32\Sysprep\Sysprep_succeeded.tag", '')
    $r = Get-PresealPanther
    $r.succeededTag | Should -Be "$env:WINDIR\System32\Sysprep\Sysprep_succeeded.tag"
    @($r.logs).Count | Should -Be 1
    $r.logs[0].lines.line | Should -Be @(2, 3)
    $r.logs[0].lines[0].text | Should -Match 'Microsoft\.BingWeather_4\.53'
    $r.truncated | Should -BeFalse
  }
}

Describe 'Get-PresealIis' {
  It 'reports where encrypted values are, never the values' {
    $root = Join-Path ([IO.Path]::GetTempPath()) ('preseal-iis-' + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $root | Out-Null
    $old = $env:WINDIR; $env:WINDIR = Join-Path $root 'Windows'
    try {
      $config = Join-Path $env:WINDIR 'System32\inetsrv\config\applicationHost.config'
      $xml = '<configuration><system.applicationHost><applicationPools><add name="Orders"><processModel identityType="SpecificUser" userName="svc" password="[enc:IISWASOnlyCngProvider:c2VjcmV0:enc]" /></add></applicationPools></system.applicationHost></configuration>'
      New-Item -ItemType Directory -Path (Split-Path -Parent $config) -Force | Out-Null
      [IO.File]::WriteAllText($config, $xml)
      Mock Test-Path { $true } -ParameterFilter { $LiteralPath -eq $config }
      $r = Get-PresealIis
      @($r.encryptedAttributes).Count | Should -Be 1
      $r.encryptedAttributes[0].element | Should -Be "configuration/system.applicationHost/applicationPools/add[@name='Orders']/processModel"
      $r.encryptedAttributes[0].provider | Should -Be 'IISWASOnlyCngProvider'
      ($r | ConvertTo-Json -Depth 6) | Should -Not -Match 'c2VjcmV0'
    } finally { $env:WINDIR = $old; Remove-Item -LiteralPath $root -Recurse -Force }
  }
}
