# src/probes/windows/collectors/network.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'ConvertFrom-PresealWinHttpSettings' {
  It 'reads the proxy and bypass list and treats direct access as no proxy' {
    $proxy = [Text.Encoding]::ASCII.GetBytes('proxy.corp:8080'); $bypass = [Text.Encoding]::ASCII.GetBytes('<local>')
    $bytes = [byte[]](@(0x28, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0) + [BitConverter]::GetBytes([int]$proxy.Length) + $proxy + [BitConverter]::GetBytes([int]$bypass.Length) + $bypass)
    $r = ConvertFrom-PresealWinHttpSettings $bytes
    $r.proxyServer | Should -Be 'proxy.corp:8080'
    $r.bypass | Should -Be '<local>'
    ConvertFrom-PresealWinHttpSettings ([byte[]](0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) | Should -BeNullOrEmpty
  }
}
