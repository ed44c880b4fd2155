# src/probes/windows/collectors/installations.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
}

Describe 'Get-PresealWindowsInstallations' {
  It 'finds a second Windows on another fixed volume' {
    $tree = New-FakeWindowsTree (Join-Path $TestDrive 'inst')
    $other = Join-Path $TestDrive 'inst/D'
    foreach ($w in @($tree.Windows, (Join-Path $other 'Windows'))) {
      New-Item -ItemType Directory -Force -Path (Join-Path $w 'System32/config') | Out-Null
      Set-Content -LiteralPath (Join-Path $w 'System32/config/SYSTEM') -Value ''
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Volume' } -MockWith {
      [pscustomobject]@{ Name = $tree.Drive; DriveType = [uint32]3 }
      [pscustomobject]@{ Name = $other; DriveType = [uint32]3 }
      [pscustomobject]@{ Name = $null; DriveType = [uint32]3 }
    }
    $r = Get-PresealWindowsInstallations
    $r.installations.Count | Should -Be 2
    @($r.installations | Where-Object { $_.running }).Count | Should -Be 1
    ($r.installations | Where-Object { -not $_.running }).volume | Should -Be $other
  }
}
