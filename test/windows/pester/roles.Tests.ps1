# src/probes/windows/collectors/roles.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealServerFeatures' {
  It 'is not applicable on a client SKU' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ ProductType = [uint32]1 } }
    $r = Get-PresealServerFeatures
    $r.__notApplicable | Should -Match 'client'
  }
  It 'lists features by ID, sorted' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' } -MockWith {
      [pscustomobject]@{ ID = [uint32]407; ParentID = [uint32]404; Name = 'WSUS Services' }
      [pscustomobject]@{ ID = [uint32]404; ParentID = [uint32]0; Name = 'Windows Server Update Services' }
    }
    $r = Get-PresealServerFeatures
    @($r.features).Count | Should -Be 2
    $r.features[0].id | Should -Be 404
    $r.features[1].parentId | Should -Be 404
  }
  It 'gives a one-element array for one feature' {
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } -MockWith { [pscustomobject]@{ ProductType = [uint32]3 } }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' } -MockWith { [pscustomobject]@{ ID = [uint32]481; ParentID = [uint32]0; Name = 'File and Storage Services' } }
    ConvertTo-ProbeJson (Get-PresealServerFeatures) | Should -Be '{"features":[{"id":481,"parentId":0,"name":"File and Storage Services"}]}'
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
