# src/probes/windows/collectors/panther.ps1 under real pwsh, with Windows-only sources mocked in the
# shapes Microsoft documents (CIM class properties and types, registry value types).
BeforeAll {
  . (Join-Path $PSScriptRoot 'PresealTestHelpers.ps1')
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
  It 'keeps the newest error lines of a long log, where the last run failed, and says it left older ones out' {
    $log = "$env:WINDIR\Panther\setuperr.log"
    $lines = @(1..150 | ForEach-Object { '2024-01-05 10:12:{0:d2}, Error                 SYSPRP failure number {1}' -f ($_ % 60), $_ })
    [IO.File]::WriteAllLines($log, $lines)
    $r = Get-PresealPanther
    $kept = $r.logs[0].lines
    @($kept).Count | Should -Be 100
    $kept[0].line | Should -Be 51
    $kept[99].line | Should -Be 150
    $kept[99].text | Should -Match 'failure number 150$'
    $r.truncated | Should -BeTrue
  }
}
